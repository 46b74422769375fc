import { z } from 'zod';
import type { Context } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { searchPattern } from '../contacts/search-text.js';
import type { InboxView } from './inbox.repo.js';
import * as inbox from './inbox.service.js';

const tags = ['inbox'];
const view = z
  .string()
  .regex(/^(all|mine|unassigned|team:\d{1,15})$/, 'all, mine, unassigned or team:<id>')
  .default('all')
  .transform((v): InboxView => (v.startsWith('team:') ? { kind: 'team', teamId: toId(v.slice(5)) } : { kind: v as 'all' | 'mine' | 'unassigned' }));
const inboxCursor = z.object({ at: z.iso.datetime(), id: z.number().int().positive() });

export function inboxRoutes(app: Routes, ctx: Context) {
  app.get(
    '/api/v1/inbox',
    {
      schema: {
        tags,
        summary: 'One inbox: one row per contact with its latest activity (IN-1, IN-4, IN-5)',
        querystring: z.object({
          view,
          status: z.enum(['open', 'closed', 'snoozed']).default('open'),
          sort: z.enum(['newest', 'oldest', 'longest', 'shortest']).default('newest'),
          q: z.string().trim().max(100).optional(),
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        }),
      },
    },
    async (request) => {
      const { view, status, sort, q, cursor, limit } = request.query;
      const page = await inbox.listInbox(ctx, request.actor, {
        view,
        status,
        sort,
        search: q ? searchPattern(q) : undefined,
        cursor: decodeCursor(cursor, inboxCursor),
        limit,
      });
      return { items: page.items, nextCursor: page.nextCursor && encodeCursor(page.nextCursor) };
    },
  );

  app.get('/api/v1/inbox/counts', { schema: { tags, summary: 'Open conversations per inbox (IN-3)' } }, async (request) =>
    inbox.inboxCounts(ctx, request.actor),
  );
}
