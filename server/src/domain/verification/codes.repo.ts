import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { verificationCodes } from '../../db/schema.js';

export type CodeKey = Pick<typeof verificationCodes.$inferSelect, 'userId' | 'purpose' | 'subjectId'>;
export type CodeRow = typeof verificationCodes.$inferSelect;

const keyOf = (key: CodeKey) =>
  and(eq(verificationCodes.userId, key.userId), eq(verificationCodes.purpose, key.purpose), eq(verificationCodes.subjectId, key.subjectId));

/** Stores the one live code for `key`, replacing an earlier one. */
export async function saveCode(db: Executor, key: CodeKey, codeHash: string, expiresAt: Date, createdAt: Date) {
  await db
    .insert(verificationCodes)
    .values({ ...key, codeHash, expiresAt, createdAt })
    .onConflictDoUpdate({
      target: [verificationCodes.userId, verificationCodes.purpose, verificationCodes.subjectId],
      set: { codeHash, expiresAt, failedAttempts: 0, createdAt },
    });
}

export async function lockCode(db: Executor, key: CodeKey): Promise<CodeRow | undefined> {
  const [row] = await db.select().from(verificationCodes).where(keyOf(key)).for('update');
  return row;
}

export async function countFailure(db: Executor, key: CodeKey) {
  await db.update(verificationCodes).set({ failedAttempts: sql`${verificationCodes.failedAttempts} + 1` }).where(keyOf(key));
}

export async function deleteCode(db: Executor, key: CodeKey) {
  await db.delete(verificationCodes).where(keyOf(key));
}

/** Keeps the row (its issue time paces the next code) but no code matches it any more. */
export async function spendCode(db: Executor, key: CodeKey) {
  await db.update(verificationCodes).set({ codeHash: '' }).where(keyOf(key));
}
