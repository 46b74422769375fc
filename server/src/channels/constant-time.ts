import { timingSafeEqual } from 'node:crypto';

/** Whether two secrets (tokens, signatures) are equal, compared in constant time so a timing cannot leak them. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
