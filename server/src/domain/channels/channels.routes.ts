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

const emailContract =
  'Email (`type: "email"`), config `{"imap": {"host", "port"? (993), "secure"? (true: TLS from the start; false: plain, ' +
  'upgraded with STARTTLS when offered), "user", "password"}, "smtp": {"host", "port"? (465), "secure"? (true), "user", ' +
  '"password"}, "fromAddress", "fromName"?, "mailbox"? ("INBOX")}`. Gmail: imap.gmail.com:993 and smtp.gmail.com:465 with ' +
  'the address as user and an app password. Both logins are checked before saving (`imap_auth_failed`, `smtp_auth_failed`, ' +
  '`imap_mailbox_not_found`). Mail received from then on is read over IMAP IDLE (the folder is opened read-only: nothing is ' +
  'marked seen) and recorded once per Message-ID, on the contact named by the sender address; replies are sent over SMTP ' +
  'from `fromAddress` with our own Message-ID, In-Reply-To/References of the thread and "Re: <subject>". No webhook.';

const twilioContract =
  'Twilio (`type: "twilio_sms"` for SMS/MMS, `"twilio_whatsapp"` for WhatsApp senders; config `{"accountSid": "AC…", ' +
  '"authToken", "phoneNumber"? ("+14155238886"), "messagingServiceSid"? ("MG…"; one of the two is needed), "apiBaseUrl"? ' +
  '(default https://api.twilio.com), "contentApiBaseUrl"? (WhatsApp templates; default https://content.twilio.com, or ' +
  '`apiBaseUrl` when that is set)}`): the Account is read with the credentials at connect time. In the Twilio Console set the ' +
  'number\'s (or Messaging Service\'s) "A message comes in" webhook to the channel `inboundUrl`, HTTP POST; status callbacks ' +
  'come to the same URL (each send names it as `StatusCallback`). WhatsApp templates are Content API contents, named by ' +
  'their `HX…` SID. Files are not sent on Twilio channels (Twilio only takes a public `MediaUrl`).';

export function channelRoutes(app: Routes, ctx: Context) {
  const present = (actor: Actor, channel: ChannelRow) => presentChannelFor(actor, channel, ctx.config.publicUrl, ctx.channels.get(channel.type));

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
          `The secret signs webhooks both ways; it is shown here and on \`GET /api/v1/channels/{id}/secret\`. ${apiChannelContract}\n\n${whatsappContract}\n\n${webchatContract}\n\n${twilioContract}\n\n${emailContract}\n\n` +
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

  app.get(
    '/api/v1/channels/:id/removal',
    {
      schema: {
        tags,
        summary: 'What removing the channel interrupts (Owner/Manager; CH-5)',
        description: '`openConversations`: contacts whose open or snoozed conversation was last on this channel. `confirmationPhrase` (the channel name) is what `DELETE` expects as `confirmation`.',
        params: idParams,
      },
    },
    async (request) => channels.removalPreview(ctx, request.actor, toId(request.params.id)),
  );

  app.post(
    '/api/v1/channels/:id/removal-code',
    {
      schema: {
        tags,
        summary: 'Email the acting admin a one-time code to confirm removing the channel (Owner/Manager; CH-5)',
        description:
          'The code is valid for 10 minutes and 5 tries; asking again replaces it, at most once a minute (429 `rate_limited`). ' +
          'Only signed-in users can ask (API tokens: 403). ' +
          '503 `mailer_not_configured` on a production server without `SMTP_URL`; 502 `mail_not_sent` when the mail server refused it.',
        params: idParams,
      },
    },
    async (request, reply) => reply.status(202).send(await channels.sendRemovalCode(ctx, request.actor, toId(request.params.id))),
  );

  app.delete(
    '/api/v1/channels/:id',
    {
      schema: {
        tags,
        summary: 'Remove a channel, irreversibly (Owner/Manager; CH-5)',
        description:
          'Send `confirmation` (the channel name, see `GET …/removal`) and the `code` mailed by `POST …/removal-code`: a wrong name is 422 ' +
          '`validation_failed`, a wrong or expired code 422 `removal_code_invalid` (with `attemptsLeft`). Its contacts, conversations ' +
          'and messages stay. Webhooks still arriving for it are answered 200 and ignored (nothing is stored, no contact created); ' +
          'sending a message on it is refused with 422 `channel_removed` (a message already queued fails with the same code).',
        params: idParams,
        body: z.object({ confirmation: z.string().max(200), code: z.string().trim().regex(/^\d{6}$/, 'the six-digit code from the email') }),
      },
    },
    async (request, reply) => {
      await channels.removeChannel(ctx, request.actor, toId(request.params.id), request.body);
      return reply.status(204).send();
    },
  );
}
