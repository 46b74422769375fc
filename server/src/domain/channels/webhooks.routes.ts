import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Context } from '../../context.js';
import { idParam, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import { answerGet, receiveWebhook } from './webhooks.service.js';

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
  'recorded; anything else is acknowledged and noted. A status for a message not stored yet is retried for a minute.\n\n' +
  'Twilio (`type` = `twilio_sms` or `twilio_whatsapp`): inbound messages and the status callbacks of our sends (their ' +
  '`StatusCallback` is this URL), form-encoded as Twilio documents them, signed with `X-Twilio-Signature: <base64 ' +
  'HMAC-SHA1 keyed with the auth token over this URL as Twilio called it (PUBLIC_URL + path and query) followed by every ' +
  'parameter, sorted by name, as name + value>`. Answered with an empty TwiML `<Response>` (`text/xml`).\n\n' +
  'Vonage SMS (`type` = `vonage_sms`): the SMS API\'s inbound messages and delivery receipts (our sends name this URL as ' +
  'their `callback`) as a GET query, a form or JSON, signed with `sig` (every other field sorted by name as ' +
  '`&name=value`, `&` and `=` in values as `_`; md5 with the signature secret appended, or its HMAC-MD5/SHA1/SHA256/SHA512 ' +
  'keyed with it, per the channel `signatureMethod`). MessageBird SMS (`type` = `messagebird_sms`): forwarded inbound SMS ' +
  'and status reports (our sends name this URL as their `reportUrl`) as GETs (or form POSTs), signed with ' +
  '`MessageBird-Signature-JWT` (HS256/384/512 keyed with the signing key; `url_hash` of the URL as called, PUBLIC_URL + ' +
  'path and query; `payload_hash` of the body when there is one); an expired token is 400 `stale_request`.';

export function webhookRoutes(app: Routes, ctx: Context) {
  /** The URL the provider called, as it signs it: PUBLIC_URL (unset: this request's own scheme and host), then the raw path and query. */
  const calledUrl = (request: FastifyRequest) => `${ctx.config.publicUrlSet ? ctx.config.publicUrl : `${request.protocol}://${request.host}`}${request.url}`;
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
          summary: "A provider's subscription handshake, or a callback sent as a GET",
          description:
            'Channels whose provider verifies the callback URL with a GET (WhatsApp Cloud API: `hub.mode=subscribe`, ' +
            '`hub.verify_token`, `hub.challenge`) get the challenge back as `text/plain` when the token matches the channel ' +
            'verify token; otherwise 403 `verification_failed`. Channels whose provider sends its callbacks as GETs with the ' +
            'fields in the query (SMS inbound messages and delivery reports) are answered like the POST. 404 for unknown ' +
            'channels and channels with neither.',
          security: [],
          params: z.object({ type: z.string().max(50), channelId: idParam }),
          querystring: z.record(z.string(), z.unknown()),
        },
      },
      async (request, reply) => {
        const answer = await answerGet(ctx, request.params.type, toId(request.params.channelId), request.query, {
          url: calledUrl(request),
          headers: request.headers,
          rawBody: Buffer.alloc(0),
          now: new Date(),
        });
        return 'challenge' in answer ? reply.type('text/plain; charset=utf-8').send(answer.challenge) : answer;
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
          response: { 200: z.union([z.object({ ok: z.literal(true) }), z.string().describe('the TwiML Twilio expects (text/xml)')]) },
        },
      },
      async (request, reply) => {
        const answer = await receiveWebhook(ctx, request.params.type, toId(request.params.channelId), {
          url: calledUrl(request),
          headers: request.headers,
          rawBody: (request.body as Buffer | undefined) ?? Buffer.alloc(0),
          now: new Date(),
        });
        return answer ? reply.type(answer.contentType).send(answer.body) : { ok: true as const };
      },
    );
  });
}
