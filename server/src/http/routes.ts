import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from '../context.js';
import { authPublicRoutes, authRoutes } from '../domain/auth/auth.routes.js';

export type Routes = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** Routes reachable without a token: sign-up, login, invitations, provider webhooks. */
export async function publicRoutes(app: Routes, ctx: Context) {
  authPublicRoutes(app, ctx);
}

/** Routes for a signed-in user or an API token, under /api/v1. */
export async function workspaceRoutes(app: Routes, ctx: Context) {
  authRoutes(app, ctx);
}
