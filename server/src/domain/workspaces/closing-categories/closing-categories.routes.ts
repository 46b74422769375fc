import { z } from 'zod';
import type { Context } from '../../../context.js';
import { idParams, toId } from '../../../http/ids.js';
import type { Routes } from '../../../http/routes.js';
import * as categories from './closing-categories.service.js';

const name = z.string().trim().min(1).max(100);
const position = z.number().int().min(0).max(10_000).describe('0-based place in the list; the others shift (past the end: last)');

export function closingCategoryRoutes(app: Routes, ctx: Context) {
  app.get(
    '/api/v1/closing-categories',
    { schema: { tags: ['closing-categories'], summary: 'Closing-note categories, in order (everyone)' } },
    async (request) => ({ items: await categories.listClosingCategories(ctx, request.actor) }),
  );

  app.post(
    '/api/v1/closing-categories',
    {
      schema: {
        tags: ['closing-categories'],
        summary: 'Add a closing-note category (Owner/Manager)',
        description: 'Without a position it goes last. Names are unique ignoring case (409 `name_taken`).',
        body: z.object({ name, position: position.optional() }),
      },
    },
    async (request, reply) => reply.status(201).send(await categories.createClosingCategory(ctx, request.actor, request.body)),
  );

  app.patch(
    '/api/v1/closing-categories/:id',
    {
      schema: {
        tags: ['closing-categories'],
        summary: 'Rename or move a closing-note category (Owner/Manager)',
        params: idParams,
        body: z.object({ name: name.optional(), position: position.optional() }),
      },
    },
    async (request) => categories.updateClosingCategory(ctx, request.actor, toId(request.params.id), request.body),
  );

  app.delete(
    '/api/v1/closing-categories/:id',
    { schema: { tags: ['closing-categories'], summary: 'Delete a closing-note category (Owner/Manager)', params: idParams } },
    async (request, reply) => {
      await categories.deleteClosingCategory(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
