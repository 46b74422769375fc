import { answerHubChallenge, verifyHubSignature } from '../meta/hub.js';
import { phoneDigits } from '../start-address.js';
import { SendError, type ChannelAdapter, type ChannelRow, type OutboundFile, type OutboundMessage, type ProviderTemplate } from '../types.js';
import { graphJson, graphRequest, sendErrorOf } from './graph.js';
import { parseWhatsappWebhook } from './parse.js';
import { mediaUploadSchema, mediaUrlSchema, sendResponseSchema, templatesPageSchema, whatsappConfigSchema, type WhatsappConfig } from './payloads.js';
import { RateLimiter } from './rate-limit.js';

/** Free-form messages are allowed 24 hours after the contact's last message (PROVIDERS.md §1.9). */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3_600_000;
/** Inbound files are at most 100 MB (§1.8); anything larger is not what Graph promised. */
const MAX_MEDIA_BYTES = 100 * 1024 * 1024;
const MAX_TEMPLATE_PAGES = 50;
const MB = 1024 * 1024;
/** Images Graph sends as images; other images go as documents (§1.8). */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png']);

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
  capabilities: {
    idempotentSend: false,
    deleteForContact: false,
    replyWindowMs: CUSTOMER_SERVICE_WINDOW_MS,
    // Upload limits of §1.8; audio takes no caption (§1.7).
    files: { image: 5 * MB, audio: 16 * MB, video: 16 * MB, document: 100 * MB },
    uncaptionedFiles: ['audio'],
  },
  // A business may message any WhatsApp number first (a template: the window is closed until the contact writes).
  startsWith: { address: 'phone', externalId: phoneDigits },

  async checkCredentials(config, timeoutMs) {
    // The number must be readable with the token, and the account's templates listable (a wrong WABA id fails here).
    await graphJson(config, 'GET', config.phoneNumberId, { timeoutMs });
    await graphJson(config, 'GET', `${config.wabaId}/message_templates`, { timeoutMs, query: { limit: '1' } });
  },

  verifyHandshake(channel, query) {
    return answerHubChallenge(configOf(channel).verifyToken, query);
  },

  verifyWebhook(channel, request) {
    verifyHubSignature(configOf(channel).appSecret, request);
  },

  parseWebhook(channel, rawBody) {
    return parseWhatsappWebhook(configOf(channel), rawBody);
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    // The file is uploaded first (a retried upload only leaves an unused media id behind, which Graph expires).
    const mediaId = message.file ? await uploadMedia(config, message.file, timeoutMs) : undefined;
    await limiter.take(config.phoneNumberId, config.messagesPerSecond);
    const response = await graphJson(config, 'POST', `${config.phoneNumberId}/messages`, { json: sendBody(message, mediaId), timeoutMs });
    const accepted = sendResponseSchema.safeParse(response);
    if (!accepted.success) throw new SendError('permanent', 'invalid_response', 'Graph accepted the message without a message id.');
    return { externalId: accepted.data.messages[0]!.id, contactExternalId: accepted.data.contacts?.[0]?.wa_id };
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

/** `POST /{phoneNumberId}/media` (§1.8): the media id to send the file by. */
async function uploadMedia(config: WhatsappConfig, file: OutboundFile, timeoutMs: number): Promise<string> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', file.mimeType);
  form.set('file', new Blob([Uint8Array.from(file.bytes)], { type: file.mimeType }), file.filename);
  let answer: unknown;
  try {
    answer = await graphJson(config, 'POST', `${config.phoneNumberId}/media`, { form, timeoutMs });
  } catch (err) {
    // No message was sent yet, whatever happened to the upload: a retry cannot duplicate it.
    if (err instanceof SendError && err.kind === 'transient') throw new SendError(err.kind, err.code, err.message, { retryAfterMs: err.retryAfterMs, notSent: true });
    throw err;
  }
  const uploaded = mediaUploadSchema.safeParse(answer);
  if (!uploaded.success) throw new SendError('permanent', 'invalid_response', 'Graph accepted the file without a media id.');
  return uploaded.data.id;
}

/** The Graph message type a file is sent as. */
const mediaTypeOf = (file: OutboundFile) => (file.type === 'image' && !IMAGE_TYPES.has(file.mimeType) ? 'document' : file.type);

/** The Graph send body (PROVIDERS.md §1.7). `to` carries `+`: without it Graph prepends the business number's country code. */
function sendBody(message: OutboundMessage, mediaId: string | undefined) {
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
  if (message.file && mediaId) {
    const type = mediaTypeOf(message.file);
    const media = {
      id: mediaId,
      ...(message.text && type !== 'audio' ? { caption: message.text } : {}),
      ...(type === 'document' ? { filename: message.file.filename } : {}),
    };
    return { ...base, type, [type]: media };
  }
  return { ...base, type: 'text', text: { preview_url: /https?:\/\//.test(message.text), body: message.text } };
}
