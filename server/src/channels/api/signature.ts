import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-conversa-signature';
export const TIMESTAMP_HEADER = 'x-conversa-timestamp';

/** `sha256=<hex HMAC-SHA256>` of `signed` keyed with the channel secret. */
export function signatureOf(secret: string, signed: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(signed).digest('hex')}`;
}

/** Whether `header` is the signature of `signed`, compared in constant time. */
export function signatureMatches(secret: string, signed: Buffer, header: string): boolean {
  const hex = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', secret).update(signed).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

/** The bytes a signature covers: the raw body, prefixed with `<timestamp>.` when the sender timestamps it. */
export function signedBytes(rawBody: Buffer, timestamp: string | undefined): Buffer {
  return timestamp === undefined ? rawBody : Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]);
}
