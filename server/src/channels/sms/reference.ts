import type { InboundEvent } from '../types.js';

/**
 * The client reference we give an SMS (Vonage `client-ref`, MessageBird `reference`), echoed back in its delivery
 * receipts: our message id, so a receipt applies even to the later parts of a long message and before our send job
 * stored the provider's id. The channel id in it keeps a receipt that reached another channel's URL from applying here.
 */
export const referenceOf = (channelId: number, messageId: number) => `cv-${channelId}-${messageId}`;

/** Our message id in a reference made by `referenceOf` for this channel; undefined for any other reference. */
export function messageIdOfReference(reference: string | undefined, channelId: number): number | undefined {
  const match = reference && /^cv-(\d{1,15})-(\d{1,15})$/.exec(reference);
  return match && Number(match[1]) === channelId ? Number(match[2]) : undefined;
}

/** The message a delivery receipt is about: ours when it carries our reference, else the provider's id for it. */
export function receiptTarget(reference: string | undefined, channelId: number, providerMessageId: string): Extract<InboundEvent, { kind: 'status' }>['message'] {
  const ours = messageIdOfReference(reference, channelId);
  return ours === undefined ? { externalId: providerMessageId } : { id: ours };
}
