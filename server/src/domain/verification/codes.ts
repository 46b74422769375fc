import { createHash, randomInt } from 'node:crypto';
import { sameText } from '../../channels/constant-time.js';
import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { AppError } from '../../http/errors.js';
import * as repo from './codes.repo.js';

/** A code is good for 10 minutes and 5 wrong tries; then a new one must be asked for, at most one a minute. */
export const CODE_TTL_MS = 10 * 60_000;
const MAX_FAILURES = 5;
const REISSUE_AFTER_MS = 60_000;

const hashOf = (key: repo.CodeKey, code: string) => createHash('sha256').update(`${key.purpose}:${key.subjectId}:${key.userId}:${code}`).digest('hex');

/**
 * A new six-digit code for `key` (replacing any earlier one), returned once to be mailed; only its hash is kept. At
 * most one a minute (429 `rate_limited`), so five tries a code cannot become a way to guess it.
 */
export async function issueCode(ctx: Context, key: repo.CodeKey, now = new Date()): Promise<{ code: string; expiresAt: Date }> {
  return transact(ctx, async (uow) => {
    const previous = await repo.lockCode(uow.tx, key);
    const wait = previous ? previous.createdAt.getTime() + REISSUE_AFTER_MS - now.getTime() : 0;
    if (wait > 0) throw new AppError('rate_limited', { retryAfterSeconds: Math.ceil(wait / 1000) });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await repo.saveCode(uow.tx, key, hashOf(key, code), expiresAt, now);
    return { code, expiresAt };
  });
}

/**
 * Spends the code when it matches (true). A wrong code counts as a failed try, committed even though the caller then
 * refuses the request; the fifth failure, or an expired code, spends it.
 */
export async function redeemCode(ctx: Context, key: repo.CodeKey, code: string, now = new Date()): Promise<{ ok: true } | { ok: false; attemptsLeft: number }> {
  return transact(ctx, async (uow) => {
    const stored = await repo.lockCode(uow.tx, key);
    if (!stored) return { ok: false, attemptsLeft: 0 };
    if (stored.expiresAt <= now || stored.codeHash === '') {
      await repo.spendCode(uow.tx, key);
      return { ok: false, attemptsLeft: 0 };
    }
    if (sameText(hashOf(key, code), stored.codeHash)) {
      await repo.deleteCode(uow.tx, key);
      return { ok: true };
    }
    const attemptsLeft = MAX_FAILURES - stored.failedAttempts - 1;
    if (attemptsLeft <= 0) await repo.spendCode(uow.tx, key);
    else await repo.countFailure(uow.tx, key);
    return { ok: false, attemptsLeft: Math.max(0, attemptsLeft) };
  });
}
