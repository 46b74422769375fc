import { z } from 'zod';
import type { Context } from '../../context.js';
import { customFieldDefinitions } from '../../db/schema.js';
import { idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { presentCustomField } from './custom-field.presenter.js';
import * as customFields from './custom-fields.service.js';

const label = z.string().trim().min(1).max(100);
const options = z
  .array(z.string().trim().min(1).max(100))
  .max(200)
  .refine((list) => new Set(list).size === list.length, 'options must be unique');
const position = z.number().int().min(0).max(100_000);

export function customFieldRoutes(app: Routes, ctx: Context) {
  app.get('/api/v1/custom-fields', { schema: { tags: ['custom fields'] } }, async (request) => {
    const definitions = await customFields.listCustomFields(ctx, request.actor);
    return { items: definitions.map(presentCustomField) };
  });

  app.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags: ['custom fields'],
        body: z.object({
          key: z.string().regex(/^[a-z0-9_]{1,50}$/, 'lowercase letters, digits and _ only, up to 50'),
          label,
          type: z.enum(customFieldDefinitions.type.enumValues),
          options: options.optional(),
          position: position.optional(),
        }),
      },
    },
    async (request, reply) => {
      const definition = await customFields.createCustomField(ctx, request.actor, request.body);
      return reply.status(201).send(presentCustomField(definition));
    },
  );

  app.patch(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags: ['custom fields'],
        params: idParams,
        body: z
          .object({ label: label.optional(), options: options.optional(), position: position.optional() })
          .refine((body) => Object.values(body).some((v) => v !== undefined), 'nothing to update'),
      },
    },
    async (request) => {
      const definition = await customFields.updateCustomField(ctx, request.actor, toId(request.params.id), request.body);
      return presentCustomField(definition);
    },
  );

  app.delete('/api/v1/custom-fields/:id', { schema: { tags: ['custom fields'], params: idParams } }, async (request, reply) => {
    await customFields.deleteCustomField(ctx, request.actor, toId(request.params.id));
    return reply.status(204).send();
  });
}
