import { AppError } from '../http/errors.js';
import type { ErrorCode } from '../i18n/errors.js';

/**
 * Runs `run` (a whole transaction) and turns a violation of the unique index `constraint` into `AppError(code)`.
 * The index is the check, so two concurrent writers cannot both pass it.
 */
export async function uniqueOr<T>(constraint: string, code: ErrorCode, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err, constraint)) throw new AppError(code);
    throw err;
  }
}

// Drizzle wraps the driver's error in `cause`; node-postgres and PGlite both report the SQLSTATE and the index.
function isUniqueViolation(err: unknown, constraint: string): boolean {
  const cause = (err as { cause?: { code?: string; constraint?: string } } | undefined)?.cause;
  return cause?.code === '23505' && cause.constraint === constraint;
}
