import { z } from 'zod';
import { AppError } from './errors.js';

/** Opaque cursors: base64url JSON, validated on the way back in (a tampered cursor is a 422, not a 500). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(value: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (value === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('invalid_cursor');
  }
}
