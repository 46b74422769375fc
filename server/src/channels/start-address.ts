import type { ChannelAdapter } from './types.js';

/**
 * CT-3: how a channel that can write first (`ChannelAdapter.startsWith`) names a contact it never talked to, from the
 * contact's stored phone (E.164, see domain/contacts/phone.ts) or email. Each helper returns the id in the exact form
 * the provider's inbound webhooks use, so the contact's reply lands on the identity the first message created.
 */

const E164 = /^\+[1-9]\d{6,14}$/;

/** The E.164 number's digits without `+`: WhatsApp Cloud's wa_id, and Vonage's and MessageBird's MSISDN. */
export const phoneDigits = (phone: string): string | undefined => (E164.test(phone) ? phone.slice(1) : undefined);

/** Twilio (SMS and WhatsApp) names the contact by the E.164 number itself, `+` included. */
export const e164Phone = (phone: string): string | undefined => (E164.test(phone) ? phone : undefined);

/** Email names the contact by the address, lower-cased (as the inbound parser stores a sender). */
export const lowerCaseEmail = (email: string): string | undefined => {
  const address = email.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
};

/** How a contact can be reached first on a channel, judged from the contact's phone and email. */
export type StartAddress =
  /** Only the contact can start this channel. */
  | { kind: 'contact_starts' }
  /** The channel can start with a phone or email the contact does not have (or that is not usable there). */
  | { kind: 'missing'; address: 'phone' | 'email' }
  | { kind: 'ready'; address: 'phone' | 'email'; externalId: string };

export function startAddressOf(adapter: Pick<ChannelAdapter, 'startsWith'>, contact: { phone: string | null; email: string | null }): StartAddress {
  const start = adapter.startsWith;
  if (!start) return { kind: 'contact_starts' };
  const value = start.address === 'phone' ? contact.phone : contact.email;
  const externalId = value ? start.externalId(value) : undefined;
  return externalId ? { kind: 'ready', address: start.address, externalId } : { kind: 'missing', address: start.address };
}
