import { z } from 'zod';
import type { Context } from '../../context.js';
import type { Routes } from '../../http/routes.js';
import { locales } from '../../i18n/locale.js';
import * as workspace from './workspace.service.js';

/** An IANA zone Intl knows, in its canonical spelling (`america/sao_paulo` → `America/Sao_Paulo`). */
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .transform((zone, check) => {
    try {
      return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      check.addIssue({ code: 'custom', message: 'must be an IANA time zone such as America/Sao_Paulo' });
      return z.NEVER;
    }
  });

export function workspaceSettingsRoutes(app: Routes, ctx: Context) {
  app.get('/api/v1/workspace', { schema: { tags: ['workspace'], summary: 'The workspace settings (everyone)' } }, async (request) =>
    workspace.getWorkspace(ctx, request.actor),
  );

  app.patch(
    '/api/v1/workspace',
    {
      schema: {
        tags: ['workspace'],
        summary: 'Change the workspace name, time zone or default language (Owner/Manager)',
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          timezone: timeZone.optional(),
          language: z.enum(locales).optional(),
        }),
      },
    },
    async (request) => workspace.updateWorkspace(ctx, request.actor, request.body),
  );
}
