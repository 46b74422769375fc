import { z } from 'zod';

const label = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const host = new RegExp(`^(\\*\\.)?${label}(\\.${label})*$`);

/** `example.com`, `shop.example.com`, `*.example.com` (any subdomain, not the apex), `localhost`. */
export const domainPattern = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(host, 'a host name such as example.com or *.example.com (no scheme, port or path)');

/** CORS for the widget: may a page of `origin` (the browser's Origin header) talk to this channel? */
export function originAllowed(allowedDomains: readonly string[], origin: string): boolean {
  if (allowedDomains.length === 0) return true;
  let hostname: string;
  try {
    hostname = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return allowedDomains.some((pattern) =>
    pattern.startsWith('*.') ? hostname.endsWith(pattern.slice(1)) : hostname === pattern,
  );
}
