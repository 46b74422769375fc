import type { z } from 'zod';
import { AppError } from '../http/errors.js';

/** A webhook's raw bytes as JSON; anything else is the provider's (or a forger's) malformed request. */
export function webhookJson(rawBody: Buffer): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new AppError('invalid_payload', [{ path: 'body', message: 'must be a JSON object' }]);
  }
}

/** `json` in the documented shape, or invalid_payload naming each problem by its path (under `at`). */
export function validated<T>(schema: z.ZodType<T>, json: unknown, at: string[] = ['body']): T {
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'invalid_payload',
    parsed.error.issues.map((issue) => ({ path: [...at, ...issue.path.map(String)].join('.'), message: issue.message })),
  );
}
