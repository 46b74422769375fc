import { z } from 'zod';
import type { Context } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { idParam, idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { idempotencyKeyHeader } from '../idempotency/idempotency.js';
import * as messages from './messages.service.js';

const tags = ['messages'];
const timelineCursor = z.object({ at: z.iso.datetime(), kind: z.enum(['message', 'event']), id: z.number().int().positive() });

export function messageRoutes(app: Routes, ctx: Context) {
  app.get(
    '/api/v1/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: 'The contact history: messages and conversation events, newest first (IN-6, IN-7)',
        params: idParams,
        querystring: z.object({ before: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) }),
      },
    },
    async (request) => {
      const before = decodeCursor(request.query.before, timelineCursor);
      const page = await messages.listTimeline(ctx, request.actor, toId(request.params.id), before, request.query.limit);
      return { items: page.items, nextCursor: page.nextCursor && encodeCursor(page.nextCursor) };
    },
  );

  app.post(
    '/api/v1/contacts/:id/messages',
    {
      schema: {
        tags,
        summary: 'Send a message to the contact (honours Idempotency-Key)',
        params: idParams,
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader.optional() }),
        body: z.object({ channelId: idParam.optional(), text: z.string().trim().min(1).max(4096) }),
      },
    },
    async (request, reply) => {
      const { channelId, text } = request.body;
      const sent = await messages.sendMessage(
        ctx,
        request.actor,
        toId(request.params.id),
        { channelId: channelId === undefined ? undefined : toId(channelId), text },
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(sent);
    },
  );

  app.delete(
    '/api/v1/messages/:id',
    { schema: { tags, summary: 'Delete an outbound message (Owner/Manager; IN-12)', params: idParams } },
    async (request) => messages.deleteMessage(ctx, request.actor, toId(request.params.id)),
  );
}
