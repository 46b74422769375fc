import { z } from 'zod';
import type { Context } from '../../context.js';
import { idParam, idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import * as conversations from './conversations.service.js';

const tags = ['conversations'];

export function conversationRoutes(app: Routes, ctx: Context) {
  app.post(
    '/api/v1/contacts/:id/assignee',
    {
      schema: {
        tags,
        summary: 'Assign or unassign the contact (IN-9)',
        params: idParams,
        body: z.object({ userId: idParam.nullable(), teamId: idParam.nullable().optional() }),
      },
    },
    async (request) => {
      const { userId, teamId } = request.body;
      const target = { userId: userId === null ? null : toId(userId), teamId: teamId == null ? null : toId(teamId) };
      return conversations.assignContact(ctx, request.actor, toId(request.params.id), target);
    },
  );

  app.post(
    '/api/v1/contacts/:id/conversation',
    {
      schema: {
        tags,
        summary: 'Close with a closing note, or reopen (IN-9)',
        params: idParams,
        body: z.object({
          status: z.enum(['open', 'closed']),
          category: idParam.optional().describe('closing-note category id'),
          summary: z.string().trim().max(2000).optional(),
        }),
      },
    },
    async (request) => {
      const { status, category, summary } = request.body;
      return conversations.setConversationStatus(ctx, request.actor, toId(request.params.id), {
        status,
        categoryId: category === undefined ? undefined : toId(category),
        summary: summary || undefined,
      });
    },
  );

  app.post(
    '/api/v1/contacts/:id/snooze',
    { schema: { tags, summary: 'Snooze until a time (IN-10)', params: idParams, body: z.object({ until: z.iso.datetime({ offset: true }) }) } },
    async (request) => conversations.snoozeContact(ctx, request.actor, toId(request.params.id), new Date(request.body.until)),
  );

  app.delete('/api/v1/contacts/:id/snooze', { schema: { tags, summary: 'Unsnooze now (IN-10)', params: idParams } }, async (request) =>
    conversations.unsnoozeContact(ctx, request.actor, toId(request.params.id)),
  );

  app.post('/api/v1/contacts/:id/read', { schema: { tags, summary: 'Mark the contact read (unread count to 0)', params: idParams } }, async (request) =>
    conversations.markRead(ctx, request.actor, toId(request.params.id)),
  );

  app.post(
    '/api/v1/contacts/:id/no-reply-needed',
    { schema: { tags, summary: 'Clear the unanswered count without replying (IN-5)', params: idParams } },
    async (request) => conversations.markNoReplyNeeded(ctx, request.actor, toId(request.params.id)),
  );
}
