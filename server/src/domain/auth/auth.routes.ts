import { z } from 'zod';
import type { Context } from '../../context.js';
import { SESSION_COOKIE } from '../../http/auth-hook.js';
import type { Routes } from '../../http/routes.js';
import { presentUser, presentWorkspace } from './auth.presenter.js';
import * as auth from './auth.service.js';
import { findWorkspace } from './auth.repo.js';

export const email = z.email().max(254);
export const password = z.string().min(8).max(200);

export function sessionCookie(ctx: Context) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: ctx.config.publicUrl.startsWith('https:'),
    maxAge: ctx.config.sessionTtlDays * 86_400,
  };
}

export function authPublicRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/auth/signup',
    {
      schema: {
        tags: ['auth'],
        security: [],
        body: z.object({
          workspaceName: z.string().trim().min(1).max(100),
          name: z.string().trim().min(1).max(100),
          email,
          password,
          language: z.string().max(20).optional(),
          timezone: z.string().max(60).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { token, user, workspace } = await auth.signup(ctx, request.body);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(ctx));
      return reply.status(201).send({ token, user: presentUser(user), workspace: presentWorkspace(workspace) });
    },
  );

  app.post(
    '/api/v1/auth/login',
    { schema: { tags: ['auth'], security: [], body: z.object({ email, password: z.string().min(1).max(200) }) } },
    async (request, reply) => {
      const { token, user } = await auth.login(ctx, request.body.email, request.body.password);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(ctx));
      return { token, user: presentUser(user) };
    },
  );
}

export function authRoutes(app: Routes, ctx: Context) {
  app.post('/api/v1/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    await auth.logout(ctx, request.actor, request.bearer);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/v1/auth/me', { schema: { tags: ['auth'] } }, async (request) => {
    const { actor } = request;
    const workspace = await findWorkspace(ctx.db, actor.workspaceId);
    return {
      actor: { kind: actor.kind, userId: actor.userId && String(actor.userId), role: actor.role, visibility: actor.visibility, teamIds: actor.teamIds.map(String), locale: actor.locale },
      workspace: presentWorkspace(workspace!),
    };
  });
}
