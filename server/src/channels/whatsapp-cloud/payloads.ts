import { z } from 'zod';

/**
 * The WhatsApp Cloud API's wire shapes (PROVIDERS.md §1): the channel config, the webhook envelope and each inbound
 * message type, and Graph's answers. Objects are loose: Meta adds keys over time and they must not break intake.
 */

export const DEFAULT_API_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_API_VERSION = 'v25.0';

const graphId = z.string().trim().regex(/^\d{1,30}$/, 'must be the numeric id shown in the Meta dashboard');

export const whatsappConfigSchema = z.strictObject({
  phoneNumberId: graphId,
  wabaId: graphId,
  accessToken: z.string().trim().min(1).max(4000),
  appSecret: z.string().trim().min(1).max(200),
  verifyToken: z.string().trim().min(1).max(200),
  apiBaseUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
    .max(2000)
    .transform((url) => url.replace(/\/+$/, ''))
    .default(DEFAULT_API_BASE_URL),
  apiVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'must look like v25.0').default(DEFAULT_API_VERSION),
  /** The number's throughput (80 by default, 20 for coexistence numbers, up to 1000 once upgraded). */
  messagesPerSecond: z.number().int().min(1).max(1000).default(80),
});
export type WhatsappConfig = z.infer<typeof whatsappConfigSchema>;

/** Unix seconds; Meta sends strings, a number is read the same. */
const unixSeconds = z.coerce.string().regex(/^\d+$/, 'must be Unix seconds');

const media = z.looseObject({
  id: z.string().min(1),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
  url: z.string().optional(),
});

const graphErrorItem = z.looseObject({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
  // Older payloads put `details` beside the code instead of under error_data.
  details: z.string().optional(),
});
export type GraphErrorItem = z.infer<typeof graphErrorItem>;

/** The content of a message: what `messages[]` items and an `edit.message` share. */
const messageBody = z.looseObject({
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z.array(z.record(z.string(), z.unknown())).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      nfm_reply: z.looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.looseObject({ payload: z.string().optional(), text: z.string() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z
        .array(
          z.looseObject({
            product_retailer_id: z.string(),
            quantity: z.union([z.number(), z.string()]),
            item_price: z.union([z.number(), z.string()]).optional(),
            currency: z.string().optional(),
          }),
        )
        .default([]),
    })
    .optional(),
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
  errors: z.array(graphErrorItem).optional(),
});
export type MessageBody = z.infer<typeof messageBody>;

const inboundMessage = messageBody.extend({
  from: z.string().min(1),
  id: z.string().min(1),
  timestamp: unixSeconds,
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
      referred_product: z.looseObject({ catalog_id: z.string(), product_retailer_id: z.string() }).optional(),
    })
    .optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
  system: z
    .looseObject({ body: z.string().optional(), type: z.string().optional(), new_wa_id: z.string().optional(), wa_id: z.string().optional() })
    .optional(),
  revoke: z.looseObject({ original_message_id: z.string() }).optional(),
  edit: z.looseObject({ original_message_id: z.string(), message: messageBody.partial({ type: true }).optional() }).optional(),
});
export type InboundMessage = z.infer<typeof inboundMessage>;

const status = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  timestamp: unixSeconds,
  recipient_id: z.string().optional(),
  errors: z.array(graphErrorItem).optional(),
});

const messagesValue = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string(), display_phone_number: z.string().optional() }),
  contacts: z.array(z.looseObject({ wa_id: z.string().optional(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
  messages: z.array(inboundMessage).optional(),
  statuses: z.array(status).optional(),
  errors: z.array(graphErrorItem).optional(),
});
export type MessagesValue = z.infer<typeof messagesValue>;

export const webhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
export { messagesValue as messagesValueSchema };

export const sendResponseSchema = z.looseObject({
  // The recipient's wa_id, which may differ from the number sent to (§1.7: Brazil and Mexico numbers may be rewritten).
  contacts: z.array(z.looseObject({ wa_id: z.string().min(1).optional() })).optional(),
  messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1),
});
export const mediaUrlSchema = z.looseObject({ url: z.string().url(), mime_type: z.string().optional() });
export const mediaUploadSchema = z.looseObject({ id: z.string().min(1) });
export const templatesPageSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      name: z.string(),
      language: z.string(),
      status: z.string(),
      category: z.string().optional(),
      components: z.array(z.unknown()).default([]),
    }),
  ),
  paging: z.looseObject({ cursors: z.looseObject({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});
