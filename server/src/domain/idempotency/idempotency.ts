import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';

/** The `Idempotency-Key` request header (API-2), for a route's `headers` schema. */
export const idempotencyKeyHeader = z.string().trim().min(1).max(255);

export type IdempotentRequest = {
  workspaceId: number;
  /** The operation the key belongs to, e.g. `contacts.create`: one key may be reused across operations. */
  scope: string;
  key: string;
  /** `requestHash(input)`: tells a retry of the same request from a different request under the same key. */
  requestHash: string;
};

/**
 * Runs `run` once per (workspace, scope, key), inside the caller's transaction `tx` (API-2).
 *
 * The key row is inserted before anything else the operation does. A concurrent request with the same key blocks
 * on that insert until the first transaction ends: if it committed, the insert does nothing and the stored
 * response is read back (the statement after the insert sees the committed row); if it rolled back, the waiting
 * request proceeds as the first. So concurrent duplicates run `run` once, and a failed attempt (an error rolls
 * the key back with everything else) may be retried with the same key.
 *
 * `run`'s result is stored as JSON with the change it made and is what a replay returns, so it must be plain
 * JSON (present it first: ids as strings, dates as ISO strings). Same key with a different request hash → 422
 * `idempotency_key_reused`.
 */
export async function withIdempotency<T>(
  tx: Tx,
  request: IdempotentRequest,
  run: () => Promise<T>,
): Promise<{ response: T; replayed: boolean }> {
  const { workspaceId, scope, key, requestHash } = request;
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ workspaceId, scope, key, requestHash })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  const thisKey = and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key));
  if (claimed.length === 0) {
    const [stored] = await tx.select().from(idempotencyKeys).where(thisKey);
    if (stored!.requestHash !== requestHash) throw new AppError('idempotency_key_reused');
    return { response: stored!.response as T, replayed: true };
  }
  const response = await run();
  await tx.update(idempotencyKeys).set({ response }).where(thisKey);
  return { response, replayed: false };
}

/** A stable hash of a JSON request: object keys are sorted, so `{a, b}` and `{b, a}` are the same request. */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
