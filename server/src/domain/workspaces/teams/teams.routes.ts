import { z } from 'zod';
import type { Context } from '../../../context.js';
import { idParams, toId } from '../../../http/ids.js';
import type { Routes } from '../../../http/routes.js';
import { idList } from '../users/users.routes.js';
import * as teams from './teams.service.js';

const name = z.string().trim().min(1).max(100);

export function teamRoutes(app: Routes, ctx: Context) {
  app.get('/api/v1/teams', { schema: { tags: ['teams'], summary: 'Teams with their members (everyone)' } }, async (request) => ({
    items: await teams.listTeams(ctx, request.actor),
  }));

  app.post(
    '/api/v1/teams',
    {
      schema: {
        tags: ['teams'],
        summary: 'Create a team (Owner/Manager)',
        description: 'Names are unique per workspace, ignoring case (409 `name_taken`).',
        body: z.object({ name, memberIds: idList.default([]) }),
      },
    },
    async (request, reply) => {
      const { name, memberIds } = request.body;
      return reply.status(201).send(await teams.createTeam(ctx, request.actor, { name, memberIds: memberIds.map(toId) }));
    },
  );

  app.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags: ['teams'],
        summary: 'Rename a team or replace its members (Owner/Manager)',
        params: idParams,
        body: z.object({ name: name.optional(), memberIds: idList.optional() }),
      },
    },
    async (request) => {
      const { name, memberIds } = request.body;
      return teams.updateTeam(ctx, request.actor, toId(request.params.id), { name, memberIds: memberIds?.map(toId) });
    },
  );

  app.delete(
    '/api/v1/teams/:id',
    { schema: { tags: ['teams'], summary: 'Delete a team (Owner/Manager); its contacts lose the team', params: idParams } },
    async (request, reply) => {
      await teams.deleteTeam(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
