import { z } from 'zod';

/**
 * Messenger's and Instagram's wire shapes (PROVIDERS.md §2): the channel configs, the webhook envelope and its
 * `messaging[]` items, and the Send API's answers. Objects are loose: Meta adds keys over time and they must not break
 * intake.
 */

export const FACEBOOK_GRAPH_URL = 'https://graph.facebook.com';
/** Instagram API with Instagram Login (accounts not linked to a Facebook Page). */
export const INSTAGRAM_GRAPH_URL = 'https://graph.instagram.com';
export const DEFAULT_API_VERSION = 'v25.0';

const graphId = z.string().trim().regex(/^\d{1,30}$/, 'must be the numeric id shown by Meta');
const token = z.string().trim().min(1).max(4000);
const baseUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .max(2000)
  .transform((url) => url.replace(/\/+$/, ''));

const shared = {
  appSecret: z.string().trim().min(1).max(200),
  verifyToken: z.string().trim().min(1).max(200),
  apiVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'must look like v25.0').default(DEFAULT_API_VERSION),
  /** The app may send with the HUMAN_AGENT tag (it needs Meta's app review): replies are allowed 7 days, not 24 hours. */
  humanAgentTag: z.boolean().default(false),
};

export const messengerConfigSchema = z.strictObject({
  pageId: graphId,
  pageAccessToken: token,
  ...shared,
  apiBaseUrl: baseUrl.default(FACEBOOK_GRAPH_URL),
});
export type MessengerConfig = z.infer<typeof messengerConfigSchema>;

/**
 * An Instagram professional account. Linked to a Facebook Page (`pageId` given), it sends through the Page with the
 * Page token on graph.facebook.com; otherwise through Instagram Login with an Instagram user token on
 * graph.instagram.com (§2.2).
 */
export const instagramConfigSchema = z
  .strictObject({
    instagramAccountId: graphId,
    instagramAccessToken: token,
    pageId: graphId.optional(),
    ...shared,
    apiBaseUrl: baseUrl.optional(),
  })
  .transform((config) => ({ ...config, apiBaseUrl: config.apiBaseUrl ?? (config.pageId ? FACEBOOK_GRAPH_URL : INSTAGRAM_GRAPH_URL) }));
export type InstagramConfig = z.infer<typeof instagramConfigSchema>;

/** Graph ids are strings; a number is read the same (Meta's samples carry numeric app ids). */
const id = z.union([z.string().min(1), z.number()]).transform(String);
/** Integer milliseconds (§2.1). */
const millis = z.number().int().nonnegative();

const attachment = z.looseObject({
  type: z.string(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      title: z.string().optional(),
      sticker_id: id.optional(),
      reel_video_id: id.optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});
export type MetaAttachment = z.infer<typeof attachment>;

export const messageSchema = z.looseObject({
  mid: z.string().min(1),
  text: z.string().optional(),
  attachments: z.array(attachment).optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  reply_to: z
    .looseObject({
      mid: z.string().optional(),
      story: z.looseObject({ id: id.optional(), url: z.string().optional() }).optional(),
    })
    .optional(),
  is_echo: z.boolean().optional(),
  app_id: id.optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
});
export type MetaMessage = z.infer<typeof messageSchema>;

/** One `messaging[]` (or `standby[]`) item: who, when, and one event key (§2.1). */
export const messagingItemSchema = z.looseObject({
  sender: z.looseObject({ id }).optional(),
  recipient: z.looseObject({ id }).optional(),
  timestamp: millis.optional(),
  message: messageSchema.optional(),
  postback: z
    .looseObject({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().optional(), referral: z.record(z.string(), z.unknown()).optional() })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: millis }).optional(),
  read: z.looseObject({ watermark: millis.optional(), mid: z.string().optional() }).optional(),
  reaction: z
    .looseObject({ mid: z.string(), action: z.string().optional(), emoji: z.string().optional(), reaction: z.string().optional() })
    .optional(),
  message_edit: z.looseObject({ mid: z.string(), text: z.string().optional() }).optional(),
});
export type MessagingItem = z.infer<typeof messagingItemSchema>;

export const webhookSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id,
      time: millis.optional(),
      // Items are checked one by one: a shape Meta adds later is noted, not a reason to refuse the whole batch.
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
      changes: z.array(z.looseObject({ field: z.string().optional() })).optional(),
    }),
  ),
});

/**
 * A User Profile API answer (Messenger: `first_name`, `last_name`; Instagram: `name`, `username`; both `profile_pic`, a
 * link that expires). A field the person hides or never set is absent or null; Graph may answer only `id`.
 */
export const profileSchema = z.looseObject({
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  name: z.string().nullish(),
  username: z.string().nullish(),
  profile_pic: z.string().nullish(),
});
export type MetaProfile = z.infer<typeof profileSchema>;

export const sendResponseSchema = z.looseObject({ message_id: z.string().min(1), recipient_id: z.string().optional() });
/** `{"success": true}`, or the string "true" as PROVIDERS.md §2.1 quotes it. */
export const successSchema = z.looseObject({ success: z.union([z.literal(true), z.literal('true')]) });
