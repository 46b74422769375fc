import { z } from 'zod';
import { apiBaseUrlSchema } from '../api-base-url.js';

/**
 * Twilio Programmable Messaging's wire shapes (PROVIDERS.md §4): the channel config, the webhook parameters (inbound
 * messages and status callbacks), and the REST answers (a created Message, the error envelope, the Account, the
 * Content API's template list). Objects are loose: Twilio adds parameters without notice and they must not break intake.
 */

export const DEFAULT_API_BASE_URL = 'https://api.twilio.com';
export const DEFAULT_CONTENT_API_BASE_URL = 'https://content.twilio.com';
export const API_VERSION = '2010-04-01';

/** The two products one adapter serves: plain SMS/MMS numbers, and WhatsApp senders (addresses `whatsapp:+E164`). */
export type TwilioMedium = 'sms' | 'whatsapp';

const sid = (prefix: string, what: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be the ${what} shown in the Twilio Console (${prefix} and 32 hex characters)`);

const E164 = /^\+[1-9]\d{6,14}$/;
/** US/CA short codes (5-6 digits) are SMS senders too. */
const SHORT_CODE = /^\d{5,6}$/;

/** The channel's number as typed: spaces, dashes and a `whatsapp:` prefix are tolerated, E.164 is stored. */
const phoneNumber = (medium: TwilioMedium) =>
  z
    .string()
    .trim()
    .transform((n) => n.replace(/^whatsapp:/i, '').replace(/[\s().-]/g, ''))
    .refine((n) => E164.test(n) || (medium === 'sms' && SHORT_CODE.test(n)), {
      message: medium === 'sms' ? 'must be the Twilio number in E.164 form (+14155238886) or a short code' : 'must be the WhatsApp sender number in E.164 form (+14155238886)',
    });

const configShape = (medium: TwilioMedium) => ({
  accountSid: sid('AC', 'Account SID'),
  /** Signs every webhook and authenticates every API call (HTTP Basic with the Account SID). */
  authToken: z.string().trim().min(1).max(200),
  /** The sender: `From` of every send, and the number contacts write to. */
  phoneNumber: phoneNumber(medium).optional(),
  /** Sends through a Messaging Service (its sender pool) instead of, or as well as, one number. */
  messagingServiceSid: sid('MG', 'Messaging Service SID').optional(),
  apiBaseUrl: apiBaseUrlSchema.default(DEFAULT_API_BASE_URL),
});

const needsSender = { message: 'give the Twilio number, a Messaging Service SID, or both', path: ['phoneNumber'] };

export const twilioSmsConfigSchema = z
  .strictObject(configShape('sms'))
  .refine((c) => c.phoneNumber !== undefined || c.messagingServiceSid !== undefined, needsSender);

export const twilioWhatsappConfigSchema = z
  .strictObject({
    ...configShape('whatsapp'),
    /** The Content API (templates) lives on its own host; unset, it is content.twilio.com, or `apiBaseUrl` when that points elsewhere. */
    contentApiBaseUrl: apiBaseUrlSchema.optional(),
  })
  .refine((c) => c.phoneNumber !== undefined || c.messagingServiceSid !== undefined, needsSender);

export type TwilioConfig = z.infer<typeof twilioSmsConfigSchema> & { contentApiBaseUrl?: string };

// ---- Webhooks (§4.1, §4.3): form parameters, every value a string ----

export const inboundParamsSchema = z.looseObject({
  MessageSid: z.string().min(1),
  From: z.string().min(1),
  To: z.string().optional(),
  Body: z.string().optional(),
  NumMedia: z.string().regex(/^\d+$/, 'must be a count').optional(),
  ProfileName: z.string().optional(),
  WaId: z.string().optional(),
  MessageType: z.string().optional(),
  Latitude: z.string().optional(),
  Longitude: z.string().optional(),
  Address: z.string().optional(),
  Label: z.string().optional(),
  ButtonText: z.string().optional(),
  ButtonPayload: z.string().optional(),
  ListId: z.string().optional(),
  ListTitle: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
  Forwarded: z.string().optional(),
  FrequentlyForwarded: z.string().optional(),
});
export type InboundParams = z.infer<typeof inboundParamsSchema> & Record<string, string>;

export const statusParamsSchema = z.looseObject({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

// ---- REST answers (§4.4) ----

export const messageResourceSchema = z.looseObject({ sid: z.string().min(1), status: z.string().optional() });

/** `{code, message, more_info, status}`; twilio-node also reads `details`. */
export const restErrorSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  more_info: z.string().optional(),
  status: z.number().int().optional(),
});
export type RestError = z.infer<typeof restErrorSchema>;

export const accountSchema = z.looseObject({ sid: z.string(), status: z.string().optional(), friendly_name: z.string().optional() });

/** GET /v1/ContentAndApprovals: each content with its WhatsApp approval, paged by `meta.next_page_url`. */
export const contentPageSchema = z.looseObject({
  contents: z.array(
    z.looseObject({
      sid: z.string().min(1),
      friendly_name: z.string().nullish(),
      language: z.string().nullish(),
      variables: z.record(z.string(), z.unknown()).nullish(),
      types: z.record(z.string(), z.record(z.string(), z.unknown())).nullish(),
      approval_requests: z
        .looseObject({ name: z.string().nullish(), category: z.string().nullish(), status: z.string().nullish(), rejection_reason: z.string().nullish() })
        .nullish(),
    }),
  ),
  meta: z.looseObject({ next_page_url: z.string().nullish() }).optional(),
});
export type ContentItem = z.infer<typeof contentPageSchema>['contents'][number];
