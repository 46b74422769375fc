import { z } from 'zod';
import type { Context } from '../../../context.js';
import { SESSION_COOKIE } from '../../../http/auth-hook.js';
import { idParams, toId } from '../../../http/ids.js';
import type { Routes } from '../../../http/routes.js';
import { email, password, sessionCookie } from '../../auth/auth.routes.js';
import { idList, roleSchema, visibilitySchema } from '../users/users.routes.js';
import * as invitations from './invitations.service.js';

export function invitationPublicRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/invitations/:token/accept',
    {
      schema: {
        tags: ['invitations'],
        security: [],
        summary: 'Accept an invitation: creates the user and signs them in',
        description:
          'The user gets the invitation email, role, visibility and teams. 404 `invitation_invalid` when the token is ' +
          'unknown, expired, revoked or already used; 409 `email_taken` when that email got an account meanwhile.',
        params: z.object({ token: z.string().min(1).max(200) }),
        body: z.object({ name: z.string().trim().min(1).max(100), password }),
      },
    },
    async (request, reply) => {
      const { token, user } = await invitations.acceptInvitation(ctx, request.params.token, request.body);
      reply.setCookie(SESSION_COOKIE, token, sessionCookie(ctx));
      return reply.status(201).send({ token, user });
    },
  );
}

export function invitationRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/invitations',
    {
      schema: {
        tags: ['invitations'],
        summary: 'Invite someone by email (Owner/Manager; an Owner invitation only by an Owner)',
        description:
          'Returns the secret token and the accept link once; they are not stored in the clear. Valid for 7 days. ' +
          'Inviting an email again replaces its pending invitation. 409 `email_taken` when the email already has an account.',
        body: z.object({ email, role: roleSchema, visibility: visibilitySchema, teamIds: idList.default([]) }),
      },
    },
    async (request, reply) => {
      const { teamIds, ...input } = request.body;
      const { token, link, invitation } = await invitations.createInvitation(ctx, request.actor, { ...input, teamIds: teamIds.map(toId) });
      return reply.status(201).send({ token, ...invitation, link });
    },
  );

  app.get(
    '/api/v1/invitations',
    { schema: { tags: ['invitations'], summary: 'Pending invitations, without their tokens (Owner/Manager)' } },
    async (request) => ({ items: await invitations.listInvitations(ctx, request.actor) }),
  );

  app.delete(
    '/api/v1/invitations/:id',
    { schema: { tags: ['invitations'], summary: 'Revoke a pending invitation (Owner/Manager)', params: idParams } },
    async (request, reply) => {
      await invitations.revokeInvitation(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
