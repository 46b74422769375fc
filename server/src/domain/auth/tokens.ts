import { createHash, randomBytes } from 'node:crypto';

export const tokenPrefixes = { session: 'cvs_', api: 'cvk_', invitation: 'cvi_' } as const;

/** A random bearer secret; only its hash is stored. */
export function newToken(kind: keyof typeof tokenPrefixes): string {
  return tokenPrefixes[kind] + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
