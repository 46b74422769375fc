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
        description:
          'Send `text`, or on channels with templates (WhatsApp) an approved `template` (`GET /api/v1/channels/{id}/templates`). ' +
          'On channels with a reply window (WhatsApp: 24 hours after the contact last wrote) free text outside it is refused ' +
          'with 422 `window_closed`; a template is always allowed. `replyToId` quotes one of the contact\'s messages on that channel.',
        params: idParams,
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader.optional() }),
        body: z
          .object({
            channelId: idParam.optional(),
            text: z.string().trim().min(1).max(4096).optional(),
            replyToId: idParam.optional(),
            template: z
              .object({
                name: z.string().trim().min(1).max(512),
                language: z.string().trim().min(2).max(20),
                components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
              })
              .optional(),
          })
          .refine((b) => (b.text === undefined) !== (b.template === undefined), { message: 'send either text or template', path: ['text'] }),
      },
    },
    async (request, reply) => {
      const { channelId, replyToId, ...content } = request.body;
      const sent = await messages.sendMessage(
        ctx,
        request.actor,
        toId(request.params.id),
        { channelId: channelId === undefined ? undefined : toId(channelId), replyToId: replyToId === undefined ? undefined : toId(replyToId), ...content },
        request.headers['idempotency-key'],
      );
      return reply.status(201).send(sent);
    },
  );

  app.get(
    '/api/v1/messages/:id/attachments/:index',
    {
      schema: {
        tags,
        summary: 'Download an attachment of a message (its `content.attachments[].url`)',
        params: z.object({ id: idParam, index: z.coerce.number().int().min(0).max(99) }),
      },
    },
    async (request, reply) => {
      const file = await messages.openAttachment(ctx, request.actor, toId(request.params.id), request.params.index);
      reply.header('content-type', file.mimeType).header('content-length', file.size).header('x-content-type-options', 'nosniff');
      // Never rendered inline: a file from a contact must not run as a page of our origin.
      const name = encodeURIComponent(file.filename ?? `attachment-${request.params.index}`);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      return reply.send(file.stream);
    },
  );

  app.delete(
    '/api/v1/messages/:id',
    { schema: { tags, summary: 'Delete an outbound message (Owner/Manager; IN-12)', params: idParams } },
    async (request) => messages.deleteMessage(ctx, request.actor, toId(request.params.id)),
  );
}
