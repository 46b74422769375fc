import { AppError } from '../../http/errors.js';
import { sameText } from '../constant-time.js';
import { RateLimiter } from '../whatsapp-cloud/rate-limit.js';
import { SendError, type ChannelAdapter, type ChannelRow, type OutboundFile } from '../types.js';
import { providerFetch } from '../http.js';
import { callBot } from './bot-api.js';
import { CALLBACK_PREFIX, parseTelegramUpdate, splitMessageId } from './parse.js';
import { botSchema, fileSchema, sentMessageSchema, telegramConfigSchema, type TelegramConfig } from './payloads.js';

/** Bots may delete messages younger than 48 hours (PROVIDERS.md §3.3). */
const DELETE_LIMIT_MS = 48 * 3_600_000;
/** Bots can download files up to 20 MB (§3.3). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** ~30 messages/s per bot and ~1/s per chat (§3.4); a 429 still retries after `retry_after`. */
const BOT_PER_SECOND = 30;
const CHAT_PER_SECOND = 1;
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const UPDATES = ['message', 'edited_message', 'callback_query', 'message_reaction', 'my_chat_member'];

const MB = 1024 * 1024;
/** The upload method and its file field for each kind of file (§3.3): voice notes are OGG, photos JPEG/PNG/WebP. */
function uploadMethodOf(file: OutboundFile): [method: string, field: string] {
  if (file.type === 'image' && file.mimeType !== 'image/gif') return ['sendPhoto', 'photo'];
  if (file.mimeType === 'audio/ogg') return ['sendVoice', 'voice'];
  if (file.mimeType === 'audio/mpeg' || file.mimeType === 'audio/mp4') return ['sendAudio', 'audio'];
  if (file.mimeType === 'video/mp4') return ['sendVideo', 'video'];
  return ['sendDocument', 'document'];
}

const limiter = new RateLimiter();
const configOf = (channel: ChannelRow) => telegramConfigSchema.parse(channel.config);

/**
 * A Telegram bot. On connect the bot's webhook is pointed at us with the channel secret as its `secret_token`, which
 * Telegram sends back on every update. Sends are not deduplicated by Telegram, so an unknown outcome is never retried.
 */
export const telegramAdapter: ChannelAdapter<TelegramConfig> = {
  type: 'telegram',
  configSchema: telegramConfigSchema,
  // Uploads: photos up to 10 MB, other files up to 50 MB (§3.3).
  capabilities: {
    idempotentSend: false,
    deleteForContact: { maxAgeMs: DELETE_LIMIT_MS },
    files: { image: 10 * MB, audio: 50 * MB, video: 50 * MB, document: 50 * MB },
  },

  async checkCredentials(config, timeoutMs) {
    const bot = botSchema.safeParse(await callBot(config, 'getMe', {}, timeoutMs));
    if (!bot.success || !bot.data.is_bot) throw new SendError('permanent', 'invalid_response', 'getMe did not describe a bot.');
  },

  async activate(channel, webhook, timeoutMs) {
    await callBot(configOf(channel), 'setWebhook', { url: webhook.url, secret_token: webhook.secret, allowed_updates: UPDATES, drop_pending_updates: false }, timeoutMs);
  },

  async acknowledge(channel, event, timeoutMs) {
    // A button press shows a spinner in the user's app until it is answered (§3.2).
    if (event.kind === 'message' && event.externalId.startsWith(CALLBACK_PREFIX)) {
      await callBot(configOf(channel), 'answerCallbackQuery', { callback_query_id: event.externalId.slice(CALLBACK_PREFIX.length) }, timeoutMs);
    }
  },

  verifyWebhook(channel, request) {
    const given = request.headers[SECRET_HEADER];
    if (typeof given !== 'string' || !sameText(given, channel.secret)) throw new AppError('invalid_signature');
  },

  parseWebhook(_channel, rawBody) {
    return parseTelegramUpdate(rawBody);
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    await limiter.take(`bot:${config.botToken}`, BOT_PER_SECOND);
    await limiter.take(`chat:${config.botToken}:${message.contactExternalId}`, CHAT_PER_SECOND);
    const reply = message.replyToExternalId ? splitMessageId(message.replyToExternalId) : undefined;
    // A reply to a message the user has since deleted is sent anyway, without the quote.
    const replyParameters = reply ? { message_id: Number(reply.messageId), allow_sending_without_reply: true } : undefined;
    const sent = sentMessageSchema.safeParse(
      message.file
        ? await callBot(config, ...uploadCall(message.contactExternalId, message.file, message.text, replyParameters), timeoutMs)
        : await callBot(
            config,
            'sendMessage',
            { chat_id: message.contactExternalId, text: message.text, ...(replyParameters ? { reply_parameters: replyParameters } : {}) },
            timeoutMs,
          ),
    );
    if (!sent.success) throw new SendError('permanent', 'invalid_response', 'Telegram accepted the message without describing it.');
    return { externalId: `${sent.data.chat.id}:${sent.data.message_id}` };
  },

  async deleteMessage(channel, externalId, timeoutMs) {
    const target = splitMessageId(externalId);
    if (!target) throw new SendError('permanent', 'cannot_delete', `"${externalId}" is not a Telegram message id.`);
    await callBot(configOf(channel), 'deleteMessage', { chat_id: target.chatId, message_id: Number(target.messageId) }, timeoutMs);
  },

  async fetchMedia(channel, fileId, timeoutMs) {
    const config = configOf(channel);
    // The download link lives at least an hour (§3.3): asked for right before downloading.
    const file = fileSchema.safeParse(await callBot(config, 'getFile', { file_id: fileId }, timeoutMs));
    if (!file.success || !file.data.file_path) throw new SendError('permanent', 'media_unavailable', 'Telegram gave no download path for the file (over 20 MB?).');
    const response = await providerFetch('Telegram', `${config.apiBaseUrl}/file/bot${config.botToken}/${file.data.file_path}`, { method: 'GET' }, timeoutMs);
    if (response.status !== 200) throw new SendError(response.status >= 500 ? 'transient' : 'permanent', `http_${response.status}`, `The file download answered HTTP ${response.status}.`);
    const body = response.body;
    if (body.length > MAX_FILE_BYTES) throw new SendError('permanent', 'media_too_large', `The file is over ${MAX_FILE_BYTES} bytes.`);
    // getFile keeps neither the name nor the type (§3.3): the type the message announced is used by the caller.
    return { body, mimeType: response.headers.get('content-type') ?? 'application/octet-stream' };
  },
};

/** The multipart call that uploads `file` with its caption (§3.3); parameters other than the file are form fields. */
function uploadCall(chatId: string, file: OutboundFile, caption: string, replyParameters: object | undefined): [string, FormData] {
  const [method, field] = uploadMethodOf(file);
  const form = new FormData();
  form.set('chat_id', chatId);
  if (caption) form.set('caption', caption);
  if (replyParameters) form.set('reply_parameters', JSON.stringify(replyParameters));
  form.set(field, new Blob([Uint8Array.from(file.bytes)], { type: file.mimeType }), file.filename);
  return [method, form];
}
