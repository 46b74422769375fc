import { z } from 'zod';

/**
 * The Telegram Bot API's wire shapes (PROVIDERS.md §3): the channel config, the Update we receive and the answers
 * of the methods we call. Objects are loose: Telegram adds fields with every Bot API version.
 */

export const DEFAULT_API_BASE_URL = 'https://api.telegram.org';

export const telegramConfigSchema = z.strictObject({
  // BotFather's format: the bot's numeric id, a colon, then 35 url-safe characters (checked loosely: the length may change).
  botToken: z
    .string()
    .trim()
    .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'must be the token BotFather gave, like 123456789:AAH…'),
  apiBaseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .max(2000)
    .transform((url) => url.replace(/\/+$/, ''))
    .default(DEFAULT_API_BASE_URL),
});
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

const user = z.looseObject({
  id: z.number(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});
export type TgUser = z.infer<typeof user>;

const chat = z.looseObject({ id: z.number(), type: z.string() });

const file = {
  file_id: z.string().min(1),
  file_unique_id: z.string().optional(),
  file_size: z.number().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
};
const photoSize = z.looseObject({ ...file, width: z.number(), height: z.number() });
const mediaFile = z.looseObject(file);
const sticker = z.looseObject({ ...file, is_animated: z.boolean().optional(), is_video: z.boolean().optional(), emoji: z.string().optional() });

/** The message a reply points at; only its id matters here (it may even be a message of another chat). */
const repliedMessage = z.looseObject({ message_id: z.number(), chat: chat.optional() });

export const messageSchema = z.looseObject({
  message_id: z.number(),
  from: user.optional(),
  chat,
  date: z.number(),
  edit_date: z.number().optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(photoSize).optional(),
  voice: mediaFile.optional(),
  audio: mediaFile.optional(),
  document: mediaFile.optional(),
  video: mediaFile.optional(),
  video_note: mediaFile.optional(),
  animation: mediaFile.optional(),
  sticker: sticker.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  venue: z.looseObject({ location: z.looseObject({ latitude: z.number(), longitude: z.number() }), title: z.string(), address: z.string() }).optional(),
  contact: z
    .looseObject({ phone_number: z.string(), first_name: z.string(), last_name: z.string().optional(), user_id: z.number().optional(), vcard: z.string().optional() })
    .optional(),
  reply_to_message: repliedMessage.optional(),
  // Bot API 7.0 replaced forward_from / forward_date by forward_origin; older payloads still carry them.
  forward_origin: z.looseObject({ type: z.string() }).optional(),
  forward_date: z.number().optional(),
});
export type TgMessage = z.infer<typeof messageSchema>;

const reactionType = z.looseObject({ type: z.string(), emoji: z.string().optional() });

export const updateSchema = z.looseObject({
  update_id: z.number(),
  message: messageSchema.optional(),
  edited_message: messageSchema.optional(),
  callback_query: z
    .looseObject({
      id: z.string(),
      from: user,
      message: z.looseObject({ message_id: z.number(), chat }).optional(),
      data: z.string().optional(),
      game_short_name: z.string().optional(),
    })
    .optional(),
  message_reaction: z
    .looseObject({
      chat,
      message_id: z.number(),
      user: user.optional(),
      date: z.number(),
      old_reaction: z.array(reactionType),
      new_reaction: z.array(reactionType),
    })
    .optional(),
  my_chat_member: z.looseObject({ chat, from: user, new_chat_member: z.looseObject({ status: z.string() }) }).optional(),
});
export type TgUpdate = z.infer<typeof updateSchema>;

/** Every answer: `{ok: true, result}` or `{ok: false, error_code, description, parameters?}`. */
export const envelopeSchema = z.union([
  z.looseObject({ ok: z.literal(true), result: z.unknown() }),
  z.looseObject({
    ok: z.literal(false),
    error_code: z.number(),
    description: z.string(),
    parameters: z.looseObject({ retry_after: z.number().optional() }).optional(),
  }),
]);

export const sentMessageSchema = z.looseObject({ message_id: z.number(), chat: chat, date: z.number() });
export const fileSchema = z.looseObject({ file_id: z.string(), file_path: z.string().optional(), file_size: z.number().optional() });
export const botSchema = user;
