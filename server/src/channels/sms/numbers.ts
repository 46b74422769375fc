import { z } from 'zod';
import type { InboundContact } from '../types.js';

/**
 * The sender of our SMS (Vonage `from`, MessageBird `originator`): a virtual number in international format (a leading
 * `+` is dropped) or an alphanumeric sender ID of up to 11 characters, where the destination country allows one.
 */
export const senderSchema = z
  .string()
  .trim()
  .transform((sender) => sender.replace(/^\+/, ''))
  .pipe(z.string().regex(/^(\d{4,15}|[A-Za-z0-9 ]{1,11})$/, 'must be a number in international format or a sender name of up to 11 letters and digits'));

/** A contact named by their MSISDN (international format without `+`, as Vonage and MessageBird give it); a phone when it is one. */
export function msisdnContact(msisdn: string): InboundContact {
  return { externalId: msisdn, ...(/^\d{6,15}$/.test(msisdn) ? { phone: `+${msisdn}` } : {}) };
}
