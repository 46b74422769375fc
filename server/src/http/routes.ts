import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Context } from '../context.js';
import { authPublicRoutes, authRoutes } from '../domain/auth/auth.routes.js';
import { channelRoutes } from '../domain/channels/channels.routes.js';
import { webhookRoutes } from '../domain/channels/webhooks.routes.js';
import { widgetRoutes } from '../domain/widget/widget.routes.js';
import { contactRoutes } from '../domain/contacts/contacts.routes.js';
import { customFieldRoutes } from '../domain/custom-fields/custom-fields.routes.js';
import { tagRoutes } from '../domain/tags/tags.routes.js';
import { conversationRoutes } from '../domain/conversations/conversations.routes.js';
import { inboxRoutes } from '../domain/inbox/inbox.routes.js';
import { messageRoutes } from '../domain/messages/messages.routes.js';
import { apiTokenRoutes } from '../domain/workspaces/api-tokens/api-tokens.routes.js';
import { closingCategoryRoutes } from '../domain/workspaces/closing-categories/closing-categories.routes.js';
import { invitationPublicRoutes, invitationRoutes } from '../domain/workspaces/invitations/invitations.routes.js';
import { teamRoutes } from '../domain/workspaces/teams/teams.routes.js';
import { userRoutes } from '../domain/workspaces/users/users.routes.js';
import { workspaceSettingsRoutes } from '../domain/workspaces/workspace.routes.js';

export type Routes = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** Routes reachable without a token: sign-up, login, invitations, provider webhooks, the web chat widget's API. */
export async function publicRoutes(app: Routes, ctx: Context) {
  authPublicRoutes(app, ctx);
  invitationPublicRoutes(app, ctx);
  webhookRoutes(app, ctx);
  widgetRoutes(app, ctx);
}

/** Routes for a signed-in user or an API token, under /api/v1. */
export async function workspaceRoutes(app: Routes, ctx: Context) {
  authRoutes(app, ctx);
  workspaceSettingsRoutes(app, ctx);
  userRoutes(app, ctx);
  teamRoutes(app, ctx);
  invitationRoutes(app, ctx);
  apiTokenRoutes(app, ctx);
  closingCategoryRoutes(app, ctx);
  channelRoutes(app, ctx);
  contactRoutes(app, ctx);
  customFieldRoutes(app, ctx);
  tagRoutes(app, ctx);
  inboxRoutes(app, ctx);
  conversationRoutes(app, ctx);
  messageRoutes(app, ctx);
}
