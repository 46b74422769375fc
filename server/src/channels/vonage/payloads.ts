import { z } from 'zod';
import { apiBaseUrlSchema } from '../api-base-url.js';
import { senderSchema } from '../sms/numbers.js';

/**
 * The Vonage (Nexmo) SMS API's wire shapes (PROVIDERS.md §5.1): the channel config, the inbound-message and
 * delivery-receipt webhooks (their fields as strings, whichever of GET query, form or JSON carried them) and the
 * answers of the send and balance endpoints. Objects are loose: Vonage adds fields over time.
 */

export const DEFAULT_API_BASE_URL = 'https://rest.nexmo.com';

/** How signed webhooks are signed, as chosen in the dashboard (the SDK's names): `md5hash` is md5(query + secret), the others HMACs. */
export const SIGNATURE_METHODS = ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

export const vonageConfigSchema = z.strictObject({
  apiKey: z.string().trim().min(1).max(100),
  apiSecret: z.string().trim().min(1).max(200),
  /** The sender of our messages: the channel's virtual number (or a sender ID where the destination country allows one). */
  from: senderSchema,
  /** Signed webhooks must be enabled on the account (Vonage support): every inbound message and receipt is checked with it. */
  signatureSecret: z.string().trim().min(1).max(200),
  signatureMethod: z.enum(SIGNATURE_METHODS, { error: `must be one of: ${SIGNATURE_METHODS.join(', ')}` }).default('md5hash'),
  apiBaseUrl: apiBaseUrlSchema.default(DEFAULT_API_BASE_URL),
});
export type VonageConfig = z.infer<typeof vonageConfigSchema>;

const field = z.string();

/** An SMS to one of our numbers: `type` text, unicode (the text is decoded already) or binary (`data` and `udh` in hex). */
export const inboundSchema = z.looseObject({
  msisdn: field.min(1, 'the sender is required'),
  to: field,
  messageId: field.min(1),
  type: field.optional(),
  text: field.optional(),
  keyword: field.optional(),
  'message-timestamp': field.optional(),
  timestamp: field.optional(),
  // One part of a long (concatenated) message: its place among the others sharing `concat-ref`.
  concat: field.optional(),
  'concat-ref': field.optional(),
  'concat-total': field.optional(),
  'concat-part': field.optional(),
  data: field.optional(),
  udh: field.optional(),
});
export type VonageInbound = z.infer<typeof inboundSchema>;

/** A delivery receipt for one part of a message we sent (`msisdn` is the recipient, `to` our sender). */
export const receiptSchema = z.looseObject({
  messageId: field.min(1),
  status: field.min(1),
  msisdn: field.optional(),
  to: field.optional(),
  'err-code': field.optional(),
  'client-ref': field.optional(),
  'network-code': field.optional(),
  price: field.optional(),
  scts: field.optional(),
  'message-timestamp': field.optional(),
});
export type VonageReceipt = z.infer<typeof receiptSchema>;

/** `POST /sms/json`'s answer, HTTP 200 even when refused: one entry per part of the text, `status` "0" when accepted. */
export const sendResponseSchema = z.looseObject({
  'message-count': z.coerce.string().optional(),
  messages: z
    .array(
      z.looseObject({
        status: z.coerce.string(),
        'message-id': z.string().optional(),
        'error-text': z.string().optional(),
        to: z.string().optional(),
      }),
    )
    .min(1),
});

/** `GET /account/get-balance`. */
export const balanceSchema = z.looseObject({ value: z.number() });

/** Vonage's refusal of a request as a whole (e.g. 401 on the account endpoints). */
export const accountErrorSchema = z.looseObject({ 'error-code': z.coerce.string(), 'error-code-label': z.string().optional() });
