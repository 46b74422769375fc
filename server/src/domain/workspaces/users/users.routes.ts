import { z } from 'zod';
import type { Context } from '../../../context.js';
import { idParam, idParams, toId } from '../../../http/ids.js';
import type { Routes } from '../../../http/routes.js';
import { locales } from '../../../i18n/locale.js';
import * as users from './users.service.js';

export const roleSchema = z.enum(['owner', 'manager', 'agent']);
export const visibilitySchema = z.enum(['all', 'team', 'assigned']).describe('WS-3: which contacts an agent sees');
export const idList = z.array(idParam).max(500);

export function userRoutes(app: Routes, ctx: Context) {
  app.get('/api/v1/users', { schema: { tags: ['users'], summary: 'Users of the workspace with their teams (everyone)' } }, async (request) => ({
    items: await users.listUsers(ctx, request.actor),
  }));

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Edit a user',
        description:
          'Anyone may change their own name and language. Role, visibility and teams, and other users, need Owner or Manager; ' +
          'only an Owner changes an Owner or makes one. Demoting the last Owner fails with 422 `last_owner`.',
        params: idParams,
        body: z.object({
          name: z.string().trim().min(1).max(100).optional(),
          role: roleSchema.optional(),
          visibility: visibilitySchema.optional(),
          teamIds: idList.optional(),
          language: z.enum(locales).nullable().optional().describe('null: use the workspace language'),
        }),
      },
    },
    async (request) => {
      const { teamIds, ...patch } = request.body;
      return users.updateUser(ctx, request.actor, toId(request.params.id), { ...patch, teamIds: teamIds?.map(toId) });
    },
  );

  app.delete(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove a user (Owner/Manager; an Owner only by an Owner)',
        description: 'Their contacts and conversations become unassigned. You cannot remove yourself (422 `cannot_delete_self`).',
        params: idParams,
      },
    },
    async (request, reply) => {
      await users.deleteUser(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
