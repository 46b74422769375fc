import { z } from 'zod';
import type { Context } from '../../context.js';
import { idParams, toId } from '../../http/ids.js';
import type { Routes } from '../../http/routes.js';
import type { Actor } from '../visibility/actor.js';
import { presentChannelFor, presentTemplate } from './channel.presenter.js';
import type { ChannelRow } from './channels.repo.js';
import * as channels from './channels.service.js';

const tags = ['channels'];
const name = z.string().trim().min(1).max(100);
// Its shape depends on the channel type; the type's adapter validates it (422 with details under body.config).
const config = z.record(z.string(), z.unknown());

const apiChannelContract =
  'Generic API channel (`type: "api"`, config `{"outboundUrl": "https://…"}`): every outbound message is POSTed to ' +
  '`outboundUrl` as `{"messageId", "contact": {"externalId"}, "text", "replyToId"?}` with `Content-Type: application/json`, ' +
  '`X-Conversa-Signature: sha256=<hex HMAC-SHA256 of the body keyed with the channel secret>` and `Idempotency-Key: <messageId>`. ' +
  'Answer 2xx `{"id": "<your message id>"}`. Network errors, timeouts, 408 and 5xx are retried with back-off under the same ' +
  'Idempotency-Key (dedupe on it); 429 is retried later (Retry-After is read); any other status fails the message with ' +
  '`http_<status>` and your `{"error": {"message"}}` as the cause. Inbound webhooks: see `POST /webhooks/{type}/{channelId}`.';

const whatsappContract =
  'WhatsApp Cloud API (`type: "whatsapp_cloud"`, config `{"phoneNumberId", "wabaId", "accessToken", "appSecret", "verifyToken", ' +
  '"apiBaseUrl"? (default https://graph.facebook.com), "apiVersion"? (default v25.0)}`): set the webhook callback URL to the ' +
  'channel `inboundUrl` with the same verify token in the Meta App Dashboard and subscribe the `messages` field. Webhooks are ' +
  'checked with `X-Hub-Signature-256` keyed with `appSecret`. The phone number is read with the token at connect time.';

const webchatContract =
  'Web chat (`type: "webchat"`, config `{"allowedDomains": ["shop.example.com", "*.example.com"] (empty = any site), ' +
  '"identityVerification"? (only visitors identified by the site), "preChatForm"?, "greeting"?, "color"? ("#rrggbb")}`): the answer ' +
  'carries `publicKey`; embed `<script src="{server}/widget.js" data-key="{publicKey}" async></script>`. To identify signed-in ' +
  'visitors, set `window.conversaSettings = {identifier, identifierHash}` with identifierHash = hex HMAC-SHA256 of the identifier ' +
  'keyed with the channel secret. Visitors talk to `/widget/v1/{publicKey}/…`.';

export function channelRoutes(app: Routes, ctx: Context) {
  const present = (actor: Actor, channel: ChannelRow) => presentChannelFor(actor, channel, ctx.config.publicUrl, ctx.channels.get(channel.type).capabilities);

  app.get('/api/v1/channels', { schema: { tags, summary: 'The workspace channels (CH-1, CH-6); config only for Owner/Manager' } }, async (request) => ({
    items: (await channels.listChannels(ctx, request.actor)).map((channel) => present(request.actor, channel)),
  }));

  app.post(
    '/api/v1/channels',
    {
      schema: {
        tags,
        summary: 'Connect a channel (Owner/Manager); returns its webhook secret and inbound URL',
        description:
          `The secret signs webhooks both ways; it is shown here and on \`GET /api/v1/channels/{id}/secret\`. ${apiChannelContract}\n\n${whatsappContract}\n\n${webchatContract}\n\n` +
          'Channels whose provider can be asked are checked first: refused credentials answer 422 `channel_credentials_invalid` ' +
          '(the provider\'s code and message in `details.provider`), an unreachable provider 502 `provider_unreachable`; nothing is saved.',
        body: z.object({ type: z.string().trim().min(1).max(50), name, config: config.default({}) }),
      },
    },
    async (request, reply) => {
      const channel = await channels.createChannel(ctx, request.actor, request.body);
      return reply.status(201).send({ ...present(request.actor, channel), secret: channel.secret });
    },
  );

  app.get('/api/v1/channels/:id', { schema: { tags, summary: 'One channel', params: idParams } }, async (request) =>
    present(request.actor, await channels.getChannel(ctx, request.actor, toId(request.params.id))),
  );

  app.get(
    '/api/v1/channels/:id/secret',
    { schema: { tags, summary: 'Reveal the channel webhook secret (Owner/Manager)', params: idParams } },
    async (request) => ({ secret: await channels.revealSecret(ctx, request.actor, toId(request.params.id)) }),
  );

  app.patch(
    '/api/v1/channels/:id',
    {
      schema: {
        tags,
        summary: 'Rename a channel or replace its config (Owner/Manager)',
        description: '`config` replaces the whole config and is validated like on creation.',
        params: idParams,
        body: z.object({ name: name.optional(), config: config.optional() }),
      },
    },
    async (request) => present(request.actor, await channels.updateChannel(ctx, request.actor, toId(request.params.id), request.body)),
  );

  app.get(
    '/api/v1/channels/:id/templates',
    { schema: { tags, summary: 'The message templates synced from the provider (WhatsApp); the only messages allowed outside the reply window', params: idParams } },
    async (request) => ({ items: (await channels.listTemplates(ctx, request.actor, toId(request.params.id))).map(presentTemplate) }),
  );

  app.post(
    '/api/v1/channels/:id/templates/sync',
    {
      schema: {
        tags,
        summary: 'Fetch the templates from the provider again (Owner/Manager)',
        description: '422 `not_supported` on channels without templates; 422 `channel_credentials_invalid` or 502 `provider_unreachable` when the provider cannot be asked.',
        params: idParams,
      },
    },
    async (request) => ({ items: (await channels.syncTemplates(ctx, request.actor, toId(request.params.id))).map(presentTemplate) }),
  );

  app.delete(
    '/api/v1/channels/:id',
    {
      schema: {
        tags,
        summary: 'Remove a channel (Owner/Manager; CH-5)',
        description:
          'Its contacts, conversations and messages stay. Its webhooks then answer 404, and sending a message on it is ' +
          'refused with 422 `channel_removed` (a message already queued fails with the same code).',
        params: idParams,
      },
    },
    async (request, reply) => {
      await channels.removeChannel(ctx, request.actor, toId(request.params.id));
      return reply.status(204).send();
    },
  );
}
