import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { decodeCursor, encodeCursor } from '../../http/cursor.js';
import { AppError } from '../../http/errors.js';
import { idParam, idParams, toId } from '../../http/ids.js';
import { readMultipart, validFields } from '../../http/multipart.js';
import type { Routes } from '../../http/routes.js';
import { attachmentType, MAX_SENT_FILE_BYTES } from '../files/message-files.js';
import { idempotencyKeyHeader } from '../idempotency/idempotency.js';
import * as messages from './messages.service.js';

const tags = ['messages'];
const timelineCursor = z.object({ at: z.iso.datetime(), kind: z.enum(['message', 'event']), id: z.number().int().positive() });
/** WhatsApp and Telegram both cap a file's caption here. */
const MAX_CAPTION = 1024;
const messageTarget = { channelId: idParam.optional(), replyToId: idParam.optional() };
const jsonMessage = z
  .object({
    ...messageTarget,
    text: z.string().trim().min(1).max(4096).optional(),
    template: z
      .object({
        name: z.string().trim().min(1).max(512),
        language: z.string().trim().min(2).max(20),
        components: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
      })
      .optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.template === undefined), { message: 'send either text or template', path: ['text'] });
const fileFields = z.object({ ...messageTarget, text: z.string().trim().min(1).max(MAX_CAPTION).optional() });

function jsonInput(body: z.infer<typeof jsonMessage> | null | undefined) {
  if (!body) throw new AppError('validation_failed', [{ path: 'body', message: 'send a JSON body, or a multipart form with a file' }]);
  return body;
}

/** A file message: its caption and target from the form fields, the file vetted by type and size as it streams in. */
async function fileMessage(request: FastifyRequest) {
  const { fields, file } = await readMultipart(request, { maxFileBytes: MAX_SENT_FILE_BYTES, accept: attachmentType });
  const body = validFields(fileFields, fields);
  if (!file) throw new AppError('validation_failed', [{ path: 'body.file', message: 'attach one file' }]);
  return { ...body, file };
}

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
          'with 422 `window_closed`; a template is always allowed. `replyToId` quotes one of the contact\'s messages on that channel. ' +
          'Without `channelId` the reply goes on the contact\'s last channel; a `channelId` the contact never used (an `inactive` ' +
          'channel of `GET /api/v1/contacts/{id}/channels`) is started at their phone or email (CT-3): 422 `channel_not_startable` ' +
          'where only the contact can start it, 422 `contact_address_missing` without the phone or email it needs, 409 ' +
          '`channel_address_in_use` when another contact has that address there. ' +
          'To send a file, post `multipart/form-data` with one `file` part and the fields `channelId`, `text` (its caption, ' +
          `at most ${MAX_CAPTION} characters) and \`replyToId\`: images (PNG, JPEG, GIF, WebP), PDF, text, CSV, ZIP, Office documents, ` +
          `MP3/OGG/M4A/AAC/AMR audio and MP4/3GP video up to ${MAX_SENT_FILE_BYTES / 1_048_576} MB (413 \`file_too_large\`, 415 ` +
          '`file_type_not_allowed`). The channel\'s `capabilities.files` lists the types it can send with its own size limits: ' +
          'another type is 422 `files_not_supported`, a larger file 413 `file_too_large`.',
        params: idParams,
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader.optional() }),
        // Absent (null) only for the multipart form, which is read and checked by the handler.
        body: jsonMessage.nullish(),
      },
    },
    async (request, reply) => {
      const { channelId, replyToId, ...content } = request.isMultipart() ? await fileMessage(request) : jsonInput(request.body);
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
