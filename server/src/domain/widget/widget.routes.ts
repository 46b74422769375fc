import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelRow } from '../../channels/types.js';
import type { WebchatConfig } from '../../channels/webchat/webchat.adapter.js';
import { originAllowed } from '../../channels/webchat/origin.js';
import { readVisitorToken, type Visitor } from '../../channels/webchat/visitor-token.js';
import type { Context } from '../../context.js';
import { AppError } from '../../http/errors.js';
import { idParam, toId } from '../../http/ids.js';
import { readMultipart, validFields } from '../../http/multipart.js';
import type { Routes } from '../../http/routes.js';
import { attachmentType } from '../files/message-files.js';
import { presentVisitor, presentWidgetChannel } from './widget.presenter.js';
import * as widget from './widget.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    widgetChannel: ChannelRow;
    visitor: Visitor | undefined;
  }
}

const tags = ['widget'];
const publicKey = z.string().regex(/^cvw_[A-Za-z0-9_-]{10,64}$/);
const keyParams = z.object({ key: publicKey });
const page = z.object({ url: z.url().max(2000), title: z.string().trim().max(300).optional() });
const messageBody = z.object({
  // The widget's own id for the message (a UUID): a retried POST with the same one is stored once.
  clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'letters, digits, - and _ (8 to 64)'),
  text: z.string().trim().min(1).max(4096).optional(),
  page: page.optional(),
});

const description =
  'The web chat widget\'s API (CH-1), for browsers: `{key}` is the channel `publicKey`. Requests from a page carry ' +
  '`Origin`: one that is not in the channel `allowedDomains` is refused with 403 `origin_not_allowed` (preflights too). ' +
  'Start with `POST …/sessions`; the other calls take `Authorization: Bearer <visitor token>` (401 `session_invalid`). ' +
  'Rate-limited per visitor (per IP for sessions): 429 `rate_limited`.';

/** The bearer token of a request, if any. */
const bearer = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
};

export function widgetRoutes(app: Routes, ctx: Context) {
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();

    // Runs before validation, so a preflight (which carries no token) is answered for allowed origins only.
    scope.addHook('onRequest', async (request, reply) => {
      const key = publicKey.safeParse((request.params as { key?: string }).key);
      if (!key.success) throw new AppError('not_found');
      const channel = await widget.widgetChannel(ctx, key.data);
      const origin = request.headers.origin;
      if (origin !== undefined) {
        if (!originAllowed((channel.config as WebchatConfig).allowedDomains, origin)) throw new AppError('origin_not_allowed', undefined, 403);
        reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
      }
      request.widgetChannel = channel;
      const token = bearer(request);
      request.visitor = token ? readVisitorToken(channel, token) : undefined;
    });
    await scope.register(rateLimit, {
      hook: 'preHandler',
      max: ctx.config.widgetRateLimitPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => (request.visitor ? `visitor ${request.visitor.channelId} ${request.visitor.externalId}` : `ip ${request.ip}`),
    });
    await scope.register(multipart);

    scope.options('/widget/v1/:key/*', { schema: { hide: true } }, (_request, reply) =>
      reply
        .header('access-control-allow-methods', 'GET, POST')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .status(204)
        .send(),
    );

    scope.post(
      '/widget/v1/:key/sessions',
      {
        schema: {
          tags,
          summary: 'Start or resume a visitor session',
          description:
            `${description}\n\nSend the stored \`token\` to resume (an invalid one starts a new visitor). Identity verification: ` +
            '`identifier` with `identifierHash` = hex HMAC-SHA256 of the identifier keyed with the channel secret makes the visitor ' +
            'the same contact on every device; a wrong hash is 401 `identity_invalid`. On channels with `identityVerification` ' +
            'anonymous visitors get 401 `identity_required`. `name` and `email` (pre-chat form) are kept for the contact.',
          security: [],
          params: keyParams,
          body: z
            .object({
              token: z.string().max(2000).optional(),
              name: z.string().trim().min(1).max(200).optional(),
              email: z.email().max(320).optional(),
              identifier: z.string().regex(/^\S{1,200}$/, 'up to 200 characters, no spaces').optional(),
              identifierHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'hex HMAC-SHA256').optional(),
            })
            .refine((b) => (b.identifier === undefined) === (b.identifierHash === undefined), {
              message: 'send identifier and identifierHash together',
              path: ['identifierHash'],
            }),
        },
      },
      async (request) => {
        const session = widget.startSession(request.widgetChannel, request.body);
        return { token: session.token, visitor: presentVisitor(session.visitor), channel: presentWidgetChannel(request.widgetChannel) };
      },
    );

    scope.get(
      '/widget/v1/:key/files/:messageId/:index',
      {
        schema: {
          tags,
          summary: "A file of a message (the `url` of the message's attachment; no token needed)",
          security: [],
          params: keyParams.extend({ messageId: idParam, index: z.coerce.number().int().min(0).max(99) }),
          querystring: z.object({ sig: z.string().max(100) }),
        },
      },
      async (request, reply) => {
        const { messageId, index } = request.params;
        const file = await widget.openVisitorFile(ctx, request.widgetChannel, toId(messageId), index, request.query.sig);
        const name = encodeURIComponent(file.filename);
        // Images are shown in the widget; anything else is a download, never a page (and nothing is sniffed or scripted).
        return reply
          .header('content-type', file.mimeType)
          .header('content-length', file.size)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, max-age=86400')
          .header('content-disposition', `${file.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${name}`)
          .send(file.stream);
      },
    );

    // Everything below speaks for a visitor.
    await scope.register(async (visitorScope) => {
      visitorScope.addHook('onRequest', async (request) => {
        request.visitor = widget.visitorOf(request.widgetChannel, bearer(request));
      });
      visitorRoutes(visitorScope.withTypeProvider<ZodTypeProvider>(), ctx);
    });
  });
}

function visitorRoutes(app: Routes, ctx: Context) {
  app.get(
    '/widget/v1/:key/messages',
    {
      schema: {
        tags,
        summary: "The visitor's messages: newest first (`before` a message id, `nextCursor` pages back), or `after` one, oldest first",
        params: keyParams,
        querystring: z.object({
          before: idParam.optional(),
          after: idParam.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(50),
        }),
      },
    },
    async (request) => {
      const { before, after, limit } = request.query;
      return widget.listVisitorMessages(ctx, request.widgetChannel, request.visitor!, {
        before: before === undefined ? undefined : toId(before),
        after: after === undefined ? undefined : toId(after),
        limit,
      });
    },
  );

  app.post(
    '/widget/v1/:key/messages',
    {
      schema: {
        tags,
        summary: 'Send a message as the visitor: JSON `{clientId, text, page?}`, or multipart/form-data with one `file` (+ the same fields)',
        description:
          `A retried send with the same \`clientId\` is stored once and answers the stored message. Files: images (PNG, JPEG, GIF, ` +
          `WebP), PDF, text, CSV, ZIP, Office documents, MP3/OGG audio and MP4 video, up to ${widget.MAX_FILE_BYTES / 1_048_576} MB: ` +
          'larger is 413 `file_too_large`, another type 415 `file_type_not_allowed`. `page` ({url, title}) is the page the ' +
          'visitor is on, noted on the timeline when this message opens their first conversation (see `…/pages`).',
        params: keyParams,
      },
    },
    async (request, reply) => {
      const input = await messageInput(request);
      const message = await widget.sendVisitorMessage(ctx, request.widgetChannel, request.visitor!, input);
      return reply.status(201).send(message);
    },
  );

  app.post(
    '/widget/v1/:key/pages',
    {
      schema: {
        tags,
        summary: 'The visitor opened a page: recorded as a "page change" on their conversation timeline (IN-7)',
        description: '`recorded: false` before the visitor\'s first message (there is no conversation yet): send the page with that message.',
        params: keyParams,
        body: page,
      },
    },
    async (request) => widget.recordPageChange(ctx, request.widgetChannel, request.visitor!, request.body),
  );

  app.post(
    '/widget/v1/:key/receipts',
    {
      schema: {
        tags,
        summary: 'The widget showed (`delivered`) or the visitor saw (`read`) our messages up to `upTo`',
        params: keyParams,
        body: z.object({ status: z.enum(['delivered', 'read']), upTo: idParam }),
      },
    },
    async (request) => widget.acknowledgeMessages(ctx, request.widgetChannel, request.visitor!, request.body.status, toId(request.body.upTo)),
  );
}

/** The message fields and its one optional file, from a JSON or a multipart body, validated. */
async function messageInput(request: FastifyRequest): Promise<widget.VisitorMessageInput> {
  const { fields, file } = request.isMultipart()
    ? await readMultipart(request, { maxFileBytes: widget.MAX_FILE_BYTES, accept: attachmentType, jsonFields: ['page'] })
    : { fields: request.body };
  const body = validFields(messageBody, fields);
  if (body.text === undefined && !file) throw new AppError('validation_failed', [{ path: 'body.text', message: 'send text, a file or both' }]);
  return { ...body, file };
}
