import { createHash, createHmac } from 'node:crypto';
import { sameText } from '../constant-time.js';

/**
 * `X-Twilio-Signature` (PROVIDERS.md §4.2, as twilio-node's webhooks.ts computes it): base64 HMAC-SHA1, keyed with the
 * auth token, of the full URL Twilio called followed by every POST parameter, sorted by name, as name + value (a
 * repeated parameter: its distinct values, sorted). A JSON body is covered instead by `bodySHA256=<hex>` in the URL,
 * and the signature by the URL alone.
 */

export type FormParams = Map<string, string[]>;

/** The parameters of an `application/x-www-form-urlencoded` body, every value of a repeated name kept. */
function formParams(rawBody: Buffer | string): FormParams {
  const params: FormParams = new Map();
  for (const [name, value] of new URLSearchParams(rawBody.toString())) params.set(name, [...(params.get(name) ?? []), value]);
  return params;
}

export function expectedSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of [...params.keys()].sort()) {
    for (const value of [...new Set(params.get(name))].sort()) data += name + value;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

/**
 * Whether `signature` is Twilio's for this request. Like the SDKs, the URL is tried as given, normalised, and with
 * and without its port (Twilio's own signing is inconsistent about `:443`). Compared in constant time.
 */
export function signatureMatches(authToken: string, url: string, rawBody: Buffer, signature: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const bodyHash = parsed.searchParams.get('bodySHA256');
  if (bodyHash !== null && !sameText(createHash('sha256').update(rawBody).digest('hex'), bodyHash)) return false;
  const params = bodyHash === null ? formParams(rawBody) : new Map();
  return urlVariants(url, parsed).some((candidate) => sameText(expectedSignature(authToken, candidate, params), signature));
}

function urlVariants(given: string, parsed: URL): string[] {
  const variants = new Set([given, parsed.toString()]);
  if (parsed.port) {
    const withoutPort = new URL(parsed);
    withoutPort.port = '';
    variants.add(withoutPort.toString());
  } else {
    // URL drops a scheme's default port, so it is written in by hand.
    const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
    const credentials = parsed.username ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
    variants.add(`${parsed.protocol}//${credentials}${parsed.host}:${defaultPort}${parsed.pathname}${parsed.search}${parsed.hash}`);
  }
  return [...variants];
}
