import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { idParam, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { answerHandshake, receiveWebhook } from './webhooks.service.js';

const description =
  'Where a channel provider posts its events (CH-2); the URL is the channel `inboundUrl`. Answers 200 `{"ok": true}` ' +
  'once the request is stored; it is processed asynchronously. A rejected request stores nothing: 404 unknown or ' +
  'removed channel, 401 `invalid_signature`, 400 `stale_request`, 400 `invalid_payload` (with details). Redeliver on a ' +
  'network error or 5xx: a message is stored once per message id.\n\n' +
  'Generic API channel (`type` = `api`), JSON body, one of:\n' +
  '- a message from a contact: `{"contact": {"externalId", "name"?, "phone"?, "email"?}, "message": {"id", "text"?, "replyToId"?}}` ' +
  '(`message.id` is your id for it, the dedupe key; `replyToId` names an earlier message id of this channel, yours or ours);\n' +
  '- a delivery status of a message we sent: `{"status": {"messageId", "status": "delivered" | "read" | "failed", "error"?: {"code", "message"}}}` ' +
  '(`messageId` as in our outbound request; statuses may arrive in any order).\n\n' +
  'Signing: `X-Conversa-Signature: sha256=<hex HMAC-SHA256 keyed with the channel secret>` computed over the raw body. ' +
  'Recommended: also send `X-Conversa-Timestamp: <unix seconds>`; the signature is then computed over ' +
  '`<timestamp>.<raw body>` and the timestamp must be within WEBHOOK_MAX_SKEW_SECONDS (default 300) of our clock, so a ' +
  'captured request cannot be replayed later.\n\n' +
  'WhatsApp Cloud API (`type` = `whatsapp_cloud`): Meta\'s webhook as documented (`object: "whatsapp_business_account"`, ' +
  'batched `entry[].changes[].value` with `messages`, `statuses`, `errors`), signed with `X-Hub-Signature-256: sha256=<hex ' +
  'HMAC-SHA256 of the raw body keyed with the app secret>`. Only `messages` changes for the channel\'s `phoneNumberId` are ' +
  'recorded; anything else is acknowledged and noted. A status for a message not stored yet is retried for a minute.';

export function webhookRoutes(app: Routes, ctx: Context) {
  app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // Signatures cover the exact bytes, and a forged or malformed body must fail the signature check before any
    // parsing: this scope takes every body raw and leaves parsing to the channel adapter.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    scope.get(
      '/webhooks/:type/:channelId',
      {
        schema: {
          tags: ['webhooks'],
          summary: "A provider's subscription handshake",
          description:
            'Channels whose provider verifies the callback URL with a GET (WhatsApp Cloud API: `hub.mode=subscribe`, ' +
            '`hub.verify_token`, `hub.challenge`) get the challenge back as `text/plain` when the token matches the channel ' +
            'verify token; otherwise 403 `verification_failed`. 404 for unknown channels and channels without a handshake.',
          security: [],
          params: z.object({ type: z.string().max(50), channelId: idParam }),
          querystring: z.record(z.string(), z.unknown()),
        },
      },
      async (request, reply) => {
        const challenge = await answerHandshake(ctx, request.params.type, toId(request.params.channelId), request.query);
        return reply.type('text/plain; charset=utf-8').send(challenge);
      },
    );

    scope.post(
      '/webhooks/:type/:channelId',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Inbound webhook of a channel',
          description,
          security: [],
          params: z.object({ type: z.string().max(50), channelId: idParam }),
          response: { 200: z.object({ ok: z.literal(true) }) },
        },
      },
      async (request) => {
        await receiveWebhook(ctx, request.params.type, toId(request.params.channelId), {
          headers: request.headers,
          rawBody: (request.body as Buffer | undefined) ?? Buffer.alloc(0),
          now: new Date(),
        });
        return { ok: true as const };
      },
    );
  });
}
