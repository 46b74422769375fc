import { createHmac, randomBytes } from 'node:crypto';
import { sameText } from '../constant-time.js';

/** Who a widget visitor is: their identity on the channel, and what the pre-chat form said. */
export type Visitor = { channelId: number; externalId: string; name?: string; email?: string };

/** Tokens live for half a year; every session call hands out a fresh one, so a returning visitor never expires. */
const TOKEN_TTL_S = 180 * 24 * 3600;

// Tokens are signed with a key derived from the channel secret rather than the secret itself, so a token can never
// double as an identity hash (those are keyed with the secret, by the customer's backend).
const tokenKey = (secret: string) => createHmac('sha256', secret).update('conversa-widget-visitor-token').digest();

const sign = (secret: string, body: string) => createHmac('sha256', tokenKey(secret)).update(body).digest('base64url');

/** A new anonymous visitor: a random id, kept by the widget (localStorage) through its token. */
export const anonymousVisitorId = () => `v:${randomBytes(16).toString('base64url')}`;

/** A visitor identified by the customer's site: the same contact on every device. */
export const identifiedVisitorId = (identifier: string) => `u:${identifier}`;

/**
 * Stateless visitor tokens (`<payload>.<signature>`): the channel secret signs them, so no session table is needed
 * and every web node can check them.
 */
export function issueVisitorToken(secret: string, visitor: Visitor, now = new Date()): string {
  const body = Buffer.from(
    JSON.stringify({ c: visitor.channelId, v: visitor.externalId, n: visitor.name, e: visitor.email, iat: Math.floor(now.getTime() / 1000) }),
  ).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/** The visitor a token names on this channel, or undefined (forged, another channel's, expired, malformed). */
export function readVisitorToken(channel: { id: number; secret: string }, token: string, now = new Date()): Visitor | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined || !sameText(signature, sign(channel.secret, body))) return undefined;
  let claims: { c?: unknown; v?: unknown; n?: unknown; e?: unknown; iat?: unknown };
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (claims.c !== channel.id || typeof claims.v !== 'string' || typeof claims.iat !== 'number') return undefined;
  if (claims.iat + TOKEN_TTL_S < now.getTime() / 1000) return undefined;
  return {
    channelId: channel.id,
    externalId: claims.v,
    name: typeof claims.n === 'string' ? claims.n : undefined,
    email: typeof claims.e === 'string' ? claims.e : undefined,
  };
}

/** Identity verification: the customer's backend signs the visitor's identifier with the channel secret (hex HMAC-SHA256). */
export function identityHashMatches(secret: string, identifier: string, identifierHash: string): boolean {
  const expected = createHmac('sha256', secret).update(identifier).digest('hex');
  return sameText(expected, identifierHash.toLowerCase());
}

/** A capability for one stored file of a message, so `<img src>` and download links work without the visitor token. */
export function fileSignature(secret: string, messageId: number, index: number): string {
  return createHmac('sha256', tokenKey(secret)).update(`file:${messageId}:${index}`).digest('base64url').slice(0, 32);
}

export const fileSignatureMatches = (secret: string, messageId: number, index: number, signature: string) =>
  sameText(fileSignature(secret, messageId, index), signature);
