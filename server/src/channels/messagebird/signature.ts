import { createHash } from 'node:crypto';
import { errors, jwtVerify } from 'jose';
import { sameText } from '../constant-time.js';

export const SIGNATURE_HEADER = 'messagebird-signature-jwt';

export type SignatureCheck = 'valid' | 'invalid' | 'stale';

/**
 * MessageBird-Signature-JWT (PROVIDERS.md §5.2, as messagebird-nodejs webhook-signature-jwt): an HS256/384/512 JWT
 * keyed with the signing key, issuer "MessageBird", valid from `nbf` to `exp` (5 s of clock tolerance), whose
 * `url_hash` is the hex SHA-256 of the full URL called (query included) and whose `payload_hash` is the hex SHA-256 of
 * the body: present exactly when there is a body.
 */
export async function checkSignatureJwt(token: string, signingKey: string, url: string, body: Buffer, now: Date): Promise<SignatureCheck> {
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(token, Buffer.from(signingKey, 'utf8'), {
      issuer: 'MessageBird',
      algorithms: ['HS256', 'HS384', 'HS512'],
      clockTolerance: 5,
      currentDate: now,
      requiredClaims: ['nbf', 'exp', 'jti', 'url_hash'],
    }));
  } catch (err) {
    // A genuine token used outside its minute: a late replay, or clocks apart.
    if (err instanceof errors.JWTExpired || (err instanceof errors.JWTClaimValidationFailed && err.claim === 'nbf')) return 'stale';
    return 'invalid';
  }
  const { url_hash: urlHash, payload_hash: payloadHash } = claims;
  if (typeof urlHash !== 'string' || !sameText(urlHash.toLowerCase(), sha256Hex(url))) return 'invalid';
  if (payloadHash === undefined) return body.length === 0 ? 'valid' : 'invalid';
  return typeof payloadHash === 'string' && body.length > 0 && sameText(payloadHash.toLowerCase(), sha256Hex(body)) ? 'valid' : 'invalid';
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
