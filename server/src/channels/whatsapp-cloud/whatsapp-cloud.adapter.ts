import { AppError } from '../../http/errors.js';
import { sameText } from '../constant-time.js';
import { signatureMatches } from '../api/signature.js';
import { SendError, type ChannelAdapter, type ChannelRow, type OutboundMessage, type ProviderTemplate } from '../types.js';
import { graphJson, graphRequest, sendErrorOf } from './graph.js';
import { parseWhatsappWebhook } from './parse.js';
import { mediaUrlSchema, sendResponseSchema, templatesPageSchema, whatsappConfigSchema, type WhatsappConfig } from './payloads.js';
import { RateLimiter } from './rate-limit.js';

/** Free-form messages are allowed 24 hours after the contact's last message (PROVIDERS.md §1.9). */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3_600_000;
/** Inbound files are at most 100 MB (§1.8); anything larger is not what Graph promised. */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const MAX_TEMPLATE_PAGES = 50;

const limiter = new RateLimiter();
const configOf = (channel: ChannelRow) => whatsappConfigSchema.parse(channel.config);

/**
 * WhatsApp Cloud API (Meta Graph). Webhooks are signed with the app secret over the raw bytes; sends go to
 * `/{phoneNumberId}/messages` and are not deduplicated by Meta, so a send whose outcome is unknown is never retried.
 * Business messages cannot be deleted or edited (§1.10).
 */
export const whatsappCloudAdapter: ChannelAdapter<WhatsappConfig> = {
  type: 'whatsapp_cloud',
  configSchema: whatsappConfigSchema,
  capabilities: { idempotentSend: false, deleteForContact: false, replyWindowMs: CUSTOMER_SERVICE_WINDOW_MS },

  async checkCredentials(config, timeoutMs) {
    // The number must be readable with the token, and the account's templates listable (a wrong WABA id fails here).
    await graphJson(config, 'GET', config.phoneNumberId, { timeoutMs });
    await graphJson(config, 'GET', `${config.wabaId}/message_templates`, { timeoutMs, query: { limit: '1' } });
  },

  verifyHandshake(channel, query) {
    const { verifyToken } = configOf(channel);
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (query['hub.mode'] !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !sameText(token, verifyToken)) {
      throw new AppError('verification_failed');
    }
    return challenge;
  },

  verifyWebhook(channel, request) {
    const header = request.headers['x-hub-signature-256'];
    if (typeof header !== 'string' || !signatureMatches(configOf(channel).appSecret, request.rawBody, header)) {
      throw new AppError('invalid_signature');
    }
  },

  parseWebhook(channel, rawBody) {
    return parseWhatsappWebhook(configOf(channel), rawBody);
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    await limiter.take(config.phoneNumberId, config.messagesPerSecond);
    const response = await graphJson(config, 'POST', `${config.phoneNumberId}/messages`, { json: sendBody(message), timeoutMs });
    const accepted = sendResponseSchema.safeParse(response);
    if (!accepted.success) throw new SendError('permanent', 'invalid_response', 'Graph accepted the message without a message id.');
    return { externalId: accepted.data.messages[0]!.id };
  },

  async fetchMedia(channel, mediaId, timeoutMs) {
    const config = configOf(channel);
    // The download URL lives 5 minutes: on a 404 a fresh one is asked for once (§1.8).
    for (let attempt = 0; ; attempt++) {
      const located = mediaUrlSchema.safeParse(
        await graphJson(config, 'GET', mediaId, { timeoutMs, query: { phone_number_id: config.phoneNumberId } }),
      );
      if (!located.success) throw new SendError('permanent', 'invalid_response', 'Graph answered without a media URL.');
      const download = await graphRequest(config, 'GET', located.data.url, { timeoutMs });
      if (download.status === 404 && attempt === 0) continue;
      if (download.status < 200 || download.status >= 300) throw sendErrorOf(download.status, undefined, download.headers.get('retry-after'));
      if (download.body.length > MAX_MEDIA_BYTES) throw new SendError('permanent', 'media_too_large', `The file is over ${MAX_MEDIA_BYTES} bytes.`);
      const mimeType = download.headers.get('content-type') ?? located.data.mime_type ?? 'application/octet-stream';
      return { body: download.body, mimeType };
    }
  },

  async markRead(channel, externalId, timeoutMs) {
    const config = configOf(channel);
    await graphJson(config, 'POST', `${config.phoneNumberId}/messages`, {
      json: { messaging_product: 'whatsapp', status: 'read', message_id: externalId },
      timeoutMs,
    });
  },

  async listTemplates(channel, timeoutMs) {
    const config = configOf(channel);
    const byKey = new Map<string, ProviderTemplate>();
    let after: string | undefined;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      const query: Record<string, string> = { limit: '100', ...(after ? { after } : {}) };
      const parsed = templatesPageSchema.safeParse(await graphJson(config, 'GET', `${config.wabaId}/message_templates`, { timeoutMs, query }));
      if (!parsed.success) throw new SendError('permanent', 'invalid_response', 'Graph answered the template list in an unknown shape.');
      for (const t of parsed.data.data) {
        byKey.set(`${t.name}/${t.language}`, { name: t.name, language: t.language, status: t.status, category: t.category ?? null, components: t.components });
      }
      // Paging by cursor on our own base URL: the token is never sent to a `next` URL of unknown origin.
      after = parsed.data.paging?.next ? parsed.data.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return [...byKey.values()];
  },
};

/** The Graph send body (PROVIDERS.md §1.7). `to` carries `+`: without it Graph prepends the business number's country code. */
function sendBody(message: OutboundMessage) {
  const base = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: `+${message.contactExternalId}`,
    ...(message.replyToExternalId ? { context: { message_id: message.replyToExternalId } } : {}),
  };
  if (message.template) {
    const { name, language, components } = message.template;
    return { ...base, type: 'template', template: { name, language: { policy: 'deterministic', code: language }, ...(components ? { components } : {}) } };
  }
  return { ...base, type: 'text', text: { preview_url: /https?:\/\//.test(message.text), body: message.text } };
}
