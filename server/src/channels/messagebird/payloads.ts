import { z } from 'zod';
import { apiBaseUrlSchema } from '../api-base-url.js';
import { senderSchema } from '../sms/numbers.js';

/**
 * MessageBird's SMS REST API wire shapes (PROVIDERS.md §5.2): the channel config, the inbound-SMS and status-report
 * callbacks (GET queries, fields as strings), and the answers of `/messages` and `/balance`. Objects are loose.
 */

export const DEFAULT_API_BASE_URL = 'https://rest.messagebird.com';

export const messagebirdConfigSchema = z.strictObject({
  accessKey: z.string().trim().min(1).max(200),
  /** The sender of our messages: the channel's virtual number, or a sender name where the destination allows one. */
  originator: senderSchema,
  /** The account's signing key (Developers → API settings): every callback is checked with it. */
  signingKey: z.string().trim().min(1).max(200),
  apiBaseUrl: apiBaseUrlSchema.default(DEFAULT_API_BASE_URL),
});
export type MessagebirdConfig = z.infer<typeof messagebirdConfigSchema>;

const field = z.string();

/** An SMS to one of our virtual numbers, forwarded to our URL. */
export const inboundSchema = z.looseObject({
  id: field.min(1),
  originator: field.min(1, 'the sender is required'),
  recipient: field.optional(),
  body: field,
  createdDatetime: field.optional(),
});
export type MessagebirdInbound = z.infer<typeof inboundSchema>;

/** A status report of a message we sent (`recipient` is the contact), sent to the report URL. */
export const statusReportSchema = z.looseObject({
  id: field.min(1),
  status: field.min(1),
  reference: field.optional(),
  recipient: field.optional(),
  statusDatetime: field.optional(),
  statusReason: field.optional(),
  statusErrorCode: field.optional(),
});
export type MessagebirdStatusReport = z.infer<typeof statusReportSchema>;

/** `POST /messages` → 201: the message object; its `id` names it in status reports. */
export const messageObjectSchema = z.looseObject({ id: z.string().min(1) });

/** `GET /balance`. */
export const balanceSchema = z.looseObject({ amount: z.number() });

/** MessageBird's error envelope (error_auth_401.json, error_not_found.json). */
export const errorsSchema = z.looseObject({
  errors: z
    .array(z.looseObject({ code: z.number(), description: z.string().optional(), parameter: z.string().nullable().optional() }))
    .min(1),
});
