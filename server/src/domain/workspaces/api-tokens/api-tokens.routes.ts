import { z } from 'zod';
import type { Context } from '../../../context.js';
import { idParams, toId } from '../../../http/ids.js';
import type { Routes } from '../../../http/routes.js';
import * as apiTokens from './api-tokens.service.js';

const who = 'Owner/Manager, signed in: an API token cannot manage tokens.';

export function apiTokenRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token',
        description: `The token (\`cvk_…\`) is in this response only; it is stored hashed. ${who}`,
        body: z.object({ name: z.string().trim().min(1).max(100) }),
      },
    },
    async (request, reply) => reply.status(201).send(await apiTokens.createApiToken(ctx, request.actor, request.body.name)),
  );

  app.get(
    '/api/v1/api-tokens',
    { schema: { tags: ['api-tokens'], summary: 'Active API tokens, without their secrets', description: who } },
    async (request) => ({ items: await apiTokens.listApiTokens(ctx, request.actor) }),
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    { schema: { tags: ['api-tokens'], summary: 'Revoke an API token: it stops working at once', description: who, params: idParams } },
    async (request, reply) => {
      await apiTokens.revokeApiToken(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
