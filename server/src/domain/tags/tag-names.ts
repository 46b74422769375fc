import { z } from 'zod';

/** CT-2 tag names as a request carries them: trimmed, 1..50 characters. */
export const tagNames = z.array(z.string().trim().min(1).max(50)).max(100);

/** Names are case-insensitive within a workspace: the first spelling of each name wins. */
export function distinctNames(names: string[]): string[] {
  const seen = new Map<string, string>();
  for (const name of names) if (!seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  return [...seen.values()];
}
