import type { Attachment, ChannelNote, InboundContact, InboundEvent, MessageContent } from '../types.js';
import { webhookParams } from '../sms/callback-params.js';
import { validated } from '../webhook-body.js';
import { inboundParamsSchema, statusParamsSchema, type InboundParams, type TwilioMedium } from './payloads.js';
import { errorOf, knownText } from './rest.js';

/**
 * A Twilio webhook as normalised events (PROVIDERS.md §4.1, §4.3). Both kinds arrive on the channel's one webhook URL
 * (it is also the StatusCallback of our sends): a status callback carries `MessageStatus`, an inbound message does not.
 */
export function parseTwilioWebhook(medium: TwilioMedium, rawBody: Buffer): InboundEvent[] {
  const params = webhookParams(rawBody);
  if (params.MessageStatus !== undefined) return statusEvents(params);
  return [messageEvent(medium, validated(inboundParamsSchema, params) as InboundParams)];
}

// ---- Status callbacks ----

const REPORTED = { sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed', canceled: 'failed' } as const;
/** Steps before `sent` (Twilio does not even call back for the first one): nothing to record. */
const BEFORE_SENT = new Set(['queued', 'accepted', 'scheduled', 'sending']);

function statusEvents(raw: Record<string, string>): InboundEvent[] {
  const params = validated(statusParamsSchema, raw);
  const status = params.MessageStatus;
  if (BEFORE_SENT.has(status)) return [];
  if (!(status in REPORTED)) return [{ kind: 'notice', code: 'unknown_status', message: `status "${status}" of ${params.MessageSid}` }];
  const reported = REPORTED[status as keyof typeof REPORTED];
  const error = reported === 'failed' ? failureOf(status, params.ErrorCode, params.ErrorMessage) : undefined;
  return [{ kind: 'status', message: { externalId: params.MessageSid }, status: reported, ...(error ? { error } : {}) }];
}

function failureOf(status: string, errorCode: string | undefined, errorMessage: string | undefined): { code: string; message: string } {
  if (errorCode && /^\d+$/.test(errorCode)) {
    const code = Number(errorCode);
    return errorOf(code, knownText(code) ?? (errorMessage || undefined));
  }
  if (status === 'canceled') return { code: 'canceled', message: 'The scheduled message was canceled before it was sent.' };
  return { code: status, message: errorMessage || `Twilio reported the message ${status} without an error code.` };
}

// ---- Inbound messages ----

const E164 = /^\+[1-9]\d{6,14}$/;

/** `whatsapp:+14155238886` → the channel prefix and the number; a plain SMS address has no prefix. */
function address(value: string): { prefix: string | null; id: string } {
  const match = /^([a-z]+):(.+)$/i.exec(value);
  return match ? { prefix: match[1]!.toLowerCase(), id: match[2]! } : { prefix: null, id: value };
}

function messageEvent(medium: TwilioMedium, params: InboundParams): InboundEvent {
  const from = address(params.From);
  const expected = medium === 'whatsapp' ? 'whatsapp' : null;
  if (from.prefix !== expected) {
    return { kind: 'notice', code: 'other_channel', message: `${params.MessageSid} comes from ${params.From}, not a ${medium === 'whatsapp' ? 'WhatsApp' : 'SMS'} address` };
  }
  const contact: InboundContact = {
    externalId: from.id,
    ...(E164.test(from.id) ? { phone: from.id } : {}),
    ...(params.ProfileName ? { name: params.ProfileName } : {}),
  };
  const body = params.Body ? params.Body : undefined;
  const { text, content } = contentOf(params, body);
  const flags: Partial<MessageContent> =
    params.FrequentlyForwarded === 'true' ? { forwarded: 'frequently_forwarded' } : params.Forwarded === 'true' ? { forwarded: 'forwarded' } : {};
  const withFlags = Object.keys(flags).length > 0 ? { ...(content ?? { kind: 'text' as const }), ...flags } : content;
  const referral = referralOf(params);
  const notes: ChannelNote[] = referral ? [{ type: 'ad_referral', data: referral }] : [];
  return {
    kind: 'message',
    externalId: params.MessageSid,
    contact,
    ...(text === undefined ? {} : { text }),
    ...(withFlags ? { content: withFlags } : {}),
    ...(params.OriginalRepliedMessageSid ? { replyToExternalId: params.OriginalRepliedMessageSid } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** What the message carries: media (MMS, WhatsApp files), a location, a button or list tap; unknown types kept as such. */
function contentOf(params: InboundParams, body: string | undefined): { text?: string; content?: MessageContent } {
  const attachments = mediaOf(params);
  if (attachments.length > 0) return { text: body, content: { kind: attachments[0]!.type, attachments } };
  if (params.Latitude !== undefined && params.Longitude !== undefined && params.Latitude !== '' && params.Longitude !== '') {
    const latitude = Number(params.Latitude);
    const longitude = Number(params.Longitude);
    if (Number.isFinite(latitude) && Number.isFinite(longitude)) {
      const name = params.Label || undefined;
      const place = params.Address || undefined;
      const described = [name, place].filter(Boolean).join(', ');
      return {
        text: body ?? (described || undefined),
        content: { kind: 'location', location: { latitude, longitude, ...(name ? { name } : {}), ...(place ? { address: place } : {}) } },
      };
    }
  }
  if (params.ListId) {
    const title = params.ListTitle || body || params.ListId;
    return { text: body ?? title, content: { kind: 'choice', choice: { kind: 'list', id: params.ListId, title } } };
  }
  if (params.ButtonText || params.ButtonPayload) {
    const title = params.ButtonText || body || params.ButtonPayload!;
    // A quick reply of a template is `button`; a tap on an interactive message's button is `interactive`.
    const kind = params.MessageType === 'interactive' ? 'button' : 'template_button';
    return { text: body ?? title, content: { kind: 'choice', choice: { kind, id: params.ButtonPayload || null, title } } };
  }
  if (body !== undefined) return { text: body };
  return { content: { kind: 'unsupported', providerType: params.MessageType || 'unknown' } };
}

/** `MediaUrl{N}` / `MediaContentType{N}` (N from 0; MMS carries up to 10), in order; the URL is fetched later. */
function mediaOf(params: InboundParams): Attachment[] {
  const indexes = Object.keys(params)
    .flatMap((key) => {
      const match = /^MediaUrl(\d+)$/.exec(key);
      return match && params[key] ? [Number(match[1])] : [];
    })
    .sort((a, b) => a - b);
  return indexes.map((i) => {
    const mimeType = params[`MediaContentType${i}`] || null;
    return { type: attachmentType(mimeType, params.MessageType), mimeType, providerMediaId: params[`MediaUrl${i}`]! };
  });
}

function attachmentType(mimeType: string | null, messageType: string | undefined): Attachment['type'] {
  if (messageType === 'sticker') return 'sticker';
  const type = (mimeType ?? '').toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  return 'document';
}

/** Click-to-WhatsApp ad parameters (`ReferralSourceUrl`, `ReferralCtwaClid`…) camel-cased without the prefix; none on ordinary messages. */
function referralOf(params: InboundParams): Record<string, string> | undefined {
  const entries = Object.entries(params).flatMap(([key, value]) =>
    key.startsWith('Referral') && key.length > 'Referral'.length && value ? [[key[8]!.toLowerCase() + key.slice(9), value] as const] : [],
  );
  // Twilio sends `ReferralNumMedia=0` with every WhatsApp message: only an ad's own fields make a referral.
  return entries.some(([key]) => key !== 'numMedia') ? Object.fromEntries(entries) : undefined;
}
