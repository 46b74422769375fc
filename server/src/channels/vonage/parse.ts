import { validated } from '../webhook-body.js';
import type { InboundEvent } from '../types.js';
import { webhookParams } from '../sms/callback-params.js';
import { msisdnContact } from '../sms/numbers.js';
import { receiptTarget } from '../sms/reference.js';
import { inboundSchema, receiptSchema, type VonageInbound, type VonageReceipt } from './payloads.js';

/**
 * One Vonage SMS API callback (PROVIDERS.md §5.1) as normalised events: an inbound SMS, or a delivery receipt (the
 * only one carrying `status`). Each part of a long message arrives on its own, with its own `messageId` and its place
 * (`concat-ref`, `concat-part` of `concat-total`): it becomes a message event with `part`, joined to the others when
 * it is recorded.
 */
export function parseVonageWebhook(channelId: number, payload: Buffer): InboundEvent[] {
  const params = webhookParams(payload);
  if ('status' in params) return [receiptEvent(channelId, validated(receiptSchema, params))];
  return [messageEvent(validated(inboundSchema, params))];
}

function messageEvent(sms: VonageInbound): InboundEvent {
  const contact = msisdnContact(sms.msisdn);
  const sentAt = timeOf(sms['message-timestamp'], sms.timestamp);
  const part = partOf(sms);
  const base = { kind: 'message' as const, externalId: sms.messageId, contact, ...(sentAt ? { sentAt } : {}), ...(part ? { part } : {}) };
  // A binary SMS (a ringtone, a WAP push…) carries bytes, not text: it is recorded as a message we cannot show.
  if (sms.type === 'binary') return { ...base, content: { kind: 'unsupported', providerType: 'binary' } };
  return { ...base, text: sms.text ?? '' };
}

/**
 * The place of one part of a concatenated SMS, from the carrier's UDH: a reference shared by the parts (one byte, or
 * two, so a handset reuses it), `concat-part` from 1 of `concat-total` (at most 255). Fields that do not describe a
 * place in a longer message leave the SMS a message of its own: its text is stored rather than lost.
 */
function partOf(sms: VonageInbound): { group: string; index: number; total: number } | undefined {
  const index = Number(sms['concat-part']);
  const total = Number(sms['concat-total']);
  if (sms.concat !== 'true' || !sms['concat-ref'] || !Number.isInteger(index) || !Number.isInteger(total)) return undefined;
  return index >= 1 && index <= total && total >= 2 && total <= 255 ? { group: sms['concat-ref'], index, total } : undefined;
}

/** Delivery receipt statuses (§5.1): intermediate (the carrier took it), delivered, or final failures. */
const SENT = new Set(['accepted', 'buffered']);
const FAILED = new Set(['expired', 'failed', 'rejected']);

function receiptEvent(channelId: number, receipt: VonageReceipt): InboundEvent {
  // Our message id comes back in client-ref on every part of a long message; the first part's id is the one we store.
  const message = receiptTarget(receipt['client-ref'], channelId, receipt.messageId);
  const errCode = receipt['err-code'] ?? '0';
  const at = timeOf(receipt['message-timestamp']);
  const when = at ? { at } : {};
  if (receipt.status === 'delivered') return { kind: 'status', message, status: 'delivered', ...when };
  if (SENT.has(receipt.status)) return { kind: 'status', message, status: 'sent', ...when };
  // "Any delivery receipt with a non-zero error code indicates failed delivery" (Vonage's DLR error code table).
  if (FAILED.has(receipt.status) || (receipt.status === 'unknown' && errCode !== '0')) {
    return { kind: 'status', message, status: 'failed', error: receiptError(receipt.status, errCode), ...when };
  }
  return { kind: 'notice', code: 'receipt_ignored', message: `delivery receipt "${receipt.status}" (err-code ${errCode}) for ${receipt.messageId} changes nothing` };
}

/** Vonage's delivery receipt error codes: meaning, then what it implies. */
const RECEIPT_ERRORS: Record<string, [string, string]> = {
  '1': ['Unknown', 'the message was not delivered and no cause could be determined'],
  '2': ['Absent Subscriber - Temporary', 'the handset was temporarily unavailable; retry later'],
  '3': ['Absent Subscriber - Permanent', 'the number is no longer active'],
  '4': ['Call Barred by User', 'the recipient must ask their network operator to remove the bar'],
  '5': ['Portability Error', 'an issue with the portability of the number'],
  '6': ['Anti-Spam Rejection', "blocked by the carrier's anti-spam filter"],
  '7': ['Handset Busy', 'the handset was not available; retry later'],
  '8': ['Network Error', 'the message failed due to a network error; retry later'],
  '9': ['Illegal Number', 'the recipient asked not to receive messages from this service'],
  '10': ['Illegal Message', 'an error in a message parameter, e.g. a wrong encoding'],
  '11': ['Unroutable', 'no suitable route to deliver the message'],
  '12': ['Destination Unreachable', 'no route to the number; check it'],
  '13': ['Subscriber Age Restriction', 'the recipient cannot receive the message due to their age'],
  '14': ['Number Blocked by Carrier', 'the recipient should ask their carrier to enable SMS'],
  '15': ['Pre-Paid - Insufficient funds', "the recipient's prepaid account has no credit to receive it"],
  '50': ['Entity Filter', 'rejected by the destination entity filter'],
  '51': ['Header Filter', 'rejected by the destination header filter'],
  '52': ['Content Filter', 'rejected by the destination content filter'],
  '53': ['Consent Filter', 'rejected: the recipient has not consented'],
  '54': ['Regulation Error', 'rejected by destination regulations'],
  '99': ['General Error', 'the message was not delivered'],
};

/** A failed receipt as our error: `vonage_<err-code>`, or the status itself when the carrier gave no code. */
function receiptError(status: string, errCode: string): { code: string; message: string } {
  if (errCode === '0') return { code: status, message: `The carrier reported the message ${status}.` };
  const [meaning, explanation] = RECEIPT_ERRORS[errCode] ?? ['Error', 'the message was not delivered'];
  return { code: `vonage_${errCode}`, message: `${meaning} (err-code ${errCode}, status ${status}): ${explanation}.` };
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, or the Unix seconds of `timestamp`. */
function timeOf(messageTimestamp: string | undefined, unixSeconds?: string): Date | undefined {
  const match = messageTimestamp && /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(messageTimestamp.trim());
  if (match) return new Date(`${match[1]}T${match[2]}Z`);
  if (unixSeconds && /^\d{1,12}$/.test(unixSeconds)) return new Date(Number(unixSeconds) * 1000);
  return undefined;
}
