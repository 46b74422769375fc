import type { z } from 'zod';
import { validated, webhookJson } from '../webhook-body.js';
import type { Attachment, InboundContact, InboundEvent, MessageContent } from '../types.js';
import { updateSchema, type TgMessage, type TgUpdate, type TgUser } from './payloads.js';

/**
 * One Telegram Update (PROVIDERS.md §3.2) as normalised events. A bot's conversations are private chats, one per
 * user; group and channel traffic is noted and left out (as Chatwoot does). Telegram numbers messages per chat, so
 * a message's id on this channel is `<chat id>:<message_id>`.
 */
export function parseTelegramUpdate(rawBody: Buffer): InboundEvent[] {
  const update = validated(updateSchema as z.ZodType<TgUpdate>, webhookJson(rawBody));
  const message = update.message ?? update.edited_message;
  if (message) {
    if (message.chat.type !== 'private') return [notice('not_private', `${message.chat.type} chat ${message.chat.id} is not a one-to-one conversation`)];
    const contact = contactOf(message.from, message.chat.id);
    const externalId = messageId(message.chat.id, message.message_id);
    const body = bodyOf(message);
    if (update.edited_message) return [{ kind: 'edited', contact, targetExternalId: externalId, ...body, at: timeOf(message.edit_date ?? message.date) }];
    const replyTo = message.reply_to_message;
    return [
      {
        kind: 'message',
        externalId,
        contact,
        ...body,
        // A reply quoting a message of another chat (Bot API 7.0 external replies) has nothing here to point at.
        ...(replyTo && (replyTo.chat?.id ?? message.chat.id) === message.chat.id ? { replyToExternalId: messageId(message.chat.id, replyTo.message_id) } : {}),
        sentAt: timeOf(message.date),
      },
    ];
  }
  if (update.callback_query) {
    const query = update.callback_query;
    const chatId = query.message?.chat.id ?? query.from.id;
    if (query.message && query.message.chat.type !== 'private') return [notice('not_private', `button pressed in ${query.message.chat.type} chat ${chatId}`)];
    const title = query.data ?? query.game_short_name ?? '';
    return [
      {
        kind: 'message',
        // The callback's id is unique per bot: a redelivered update is stored once.
        externalId: `${CALLBACK_PREFIX}${query.id}`,
        contact: contactOf(query.from, chatId),
        text: title,
        content: { kind: 'choice', choice: { kind: 'button', id: query.data ?? null, title } },
        ...(query.message ? { replyToExternalId: messageId(chatId, query.message.message_id) } : {}),
      },
    ];
  }
  if (update.message_reaction) {
    const reaction = update.message_reaction;
    if (reaction.chat.type !== 'private' || !reaction.user) return [notice('not_private', `reaction in ${reaction.chat.type} chat ${reaction.chat.id}`)];
    const target = messageId(reaction.chat.id, reaction.message_id);
    // The newest emoji stands for the reaction (custom and paid ones have none); an empty list removes it.
    const emoji = reaction.new_reaction.findLast((r) => r.emoji)?.emoji ?? null;
    return [
      {
        kind: 'message',
        externalId: `reaction:${update.update_id}`,
        contact: contactOf(reaction.user, reaction.chat.id),
        content: { kind: 'reaction', reaction: { emoji, targetExternalId: target } },
        replyToExternalId: target,
        sentAt: timeOf(reaction.date),
      },
    ];
  }
  if (update.my_chat_member) {
    const { chat, new_chat_member } = update.my_chat_member;
    return [notice(`bot_${new_chat_member.status}`, `the bot is now "${new_chat_member.status}" in ${chat.type} chat ${chat.id}`)];
  }
  const kind = Object.keys(update).find((key) => key !== 'update_id') ?? 'empty';
  return [notice('ignored_update', `update of kind "${kind}" is not handled`)];
}

export const messageId = (chatId: number, id: number) => `${chatId}:${id}`;

/** A button press is stored under its callback query's id (unique per bot). */
export const CALLBACK_PREFIX = 'callback:';

/** The Telegram message id (within its chat) of one of our stored external ids. */
export function splitMessageId(externalId: string): { chatId: string; messageId: string } | undefined {
  const match = /^(-?\d+):(\d+)$/.exec(externalId);
  return match ? { chatId: match[1]!, messageId: match[2]! } : undefined;
}

function contactOf(from: TgUser | undefined, chatId: number): InboundContact {
  const name = from ? [from.first_name, from.last_name].filter(Boolean).join(' ') : undefined;
  return { externalId: String(chatId), ...(name ? { name } : {}) };
}

/** The text and content of a message; a type we do not know is kept as `unsupported` with its Telegram name. */
function bodyOf(message: TgMessage): { text?: string; content?: MessageContent } {
  const forwarded: Partial<MessageContent> = message.forward_origin || message.forward_date ? { forwarded: 'forwarded' } : {};
  const caption = message.caption ? { caption: message.caption } : {};
  const withText = (content: MessageContent) => ({
    ...(message.caption !== undefined ? { text: message.caption } : message.text !== undefined ? { text: message.text } : {}),
    content: { ...content, ...forwarded },
  });
  const attachment = (type: Attachment['type'], file: { file_id: string; mime_type?: string; file_name?: string }, mimeType?: string, extra: Partial<Attachment> = {}): MessageContent => ({
    kind: type,
    attachments: [
      {
        type,
        mimeType: file.mime_type ?? mimeType ?? null,
        providerMediaId: file.file_id,
        ...(file.file_name ? { filename: file.file_name } : {}),
        ...caption,
        ...extra,
      },
    ],
  });
  if (message.photo && message.photo.length > 0) {
    // Sizes come smallest first; Telegram re-encodes photos as JPEG.
    return withText(attachment('image', message.photo[message.photo.length - 1]!, 'image/jpeg'));
  }
  if (message.voice) return withText(attachment('voice', message.voice, 'audio/ogg'));
  if (message.audio) return withText(attachment('audio', message.audio));
  // An animation (GIF) also arrives as `document`; the animation is what the user sent.
  if (message.animation) return withText(attachment('video', message.animation, 'video/mp4', { animated: true }));
  if (message.video) return withText(attachment('video', message.video, 'video/mp4'));
  if (message.video_note) return withText(attachment('video', message.video_note, 'video/mp4'));
  if (message.document) return withText(attachment('document', message.document));
  if (message.sticker) {
    const { is_animated, is_video } = message.sticker;
    const mimeType = is_video ? 'video/webm' : is_animated ? 'application/x-tgsticker' : 'image/webp';
    return { ...(message.sticker.emoji ? { text: message.sticker.emoji } : {}), content: { ...attachment('sticker', message.sticker, mimeType, { animated: Boolean(is_animated || is_video) }), ...forwarded } };
  }
  if (message.venue) {
    const { location, title, address } = message.venue;
    return { text: `${title}, ${address}`, content: { kind: 'location', location: { ...location, name: title, address }, ...forwarded } };
  }
  if (message.location) return { content: { kind: 'location', location: { latitude: message.location.latitude, longitude: message.location.longitude }, ...forwarded } };
  if (message.contact) return { content: { kind: 'contacts', contacts: [message.contact], ...forwarded } };
  if (message.text !== undefined) return { text: message.text, ...(message.forward_origin || message.forward_date ? { content: { kind: 'text', ...forwarded } } : {}) };
  return { ...(message.caption ? { text: message.caption } : {}), content: { kind: 'unsupported', providerType: unknownType(message), ...forwarded } };
}

const KNOWN = new Set(['message_id', 'message_thread_id', 'from', 'sender_chat', 'chat', 'date', 'edit_date', 'caption', 'caption_entities', 'entities', 'reply_to_message', 'forward_origin', 'forward_date', 'forward_from', 'forward_from_chat', 'forward_sender_name', 'has_protected_content', 'author_signature', 'via_bot', 'link_preview_options', 'reply_markup', 'media_group_id', 'quote', 'external_reply', 'is_topic_message', 'is_automatic_forward', 'sender_boost_count', 'business_connection_id']);

/** The content key of a message we cannot show (poll, dice, game, invoice…). */
const unknownType = (message: TgMessage) => Object.keys(message).find((key) => !KNOWN.has(key)) ?? 'unknown';

const notice = (code: string, message: string): InboundEvent => ({ kind: 'notice', code, message });

const timeOf = (seconds: number) => new Date(seconds * 1000);

