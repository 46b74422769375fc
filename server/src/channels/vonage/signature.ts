import { createHash, createHmac } from 'node:crypto';
import { sameText } from '../constant-time.js';
import type { SignatureMethod } from './payloads.js';

/**
 * Vonage's signed SMS webhooks (PROVIDERS.md §5.1, as @vonage/sms verifySignature): every field but `sig`, sorted by
 * name, as `&name=value` with `&` and `=` in values replaced by `_`; then md5(that + secret) for `md5hash`, or the HMAC
 * of it keyed with the secret. Hex, in either case.
 */
export function vonageSignature(params: Record<string, string>, secret: string, method: SignatureMethod): string {
  const signed = Object.keys(params)
    .filter((key) => key !== 'sig')
    .sort()
    .map((key) => `&${key}=${params[key]!.replace(/[&=]/g, '_')}`)
    .join('');
  if (method === 'md5hash') return createHash('md5').update(signed + secret).digest('hex');
  return createHmac(method, secret).update(signed).digest('hex');
}

/** Whether `params` carry a `sig` made with `secret` (Vonage sends md5hash in lower case, HMACs in upper case). */
export function signatureMatches(params: Record<string, string>, secret: string, method: SignatureMethod): boolean {
  const given = params.sig;
  return typeof given === 'string' && sameText(given.toLowerCase(), vonageSignature(params, secret, method));
}
