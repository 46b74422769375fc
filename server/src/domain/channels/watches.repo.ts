import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, channelWatches } from '../../db/schema.js';

export type ChannelRow = typeof channels.$inferSelect;

/** The live, connected channels of the given types (those read over a connection). */
export function listWatchable(db: Executor, types: string[]): Promise<ChannelRow[]> {
  return db
    .select()
    .from(channels)
    .where(and(inArray(channels.type, types), isNull(channels.removedAt), ne(channels.status, 'disconnected')))
    .orderBy(channels.id);
}

/**
 * Takes or renews the lease on a channel for `holder` (database time, so node clocks do not matter): granted when
 * nobody holds it, `holder` already does, or the last holder stopped renewing. Returns whether it was granted.
 */
export async function claimLease(db: Executor, channelId: number, holder: string, leaseMs: number): Promise<boolean> {
  const until = sql`now() + ${`${leaseMs} milliseconds`}::interval`;
  const rows = await db
    .insert(channelWatches)
    .values({ channelId, holder, heldUntil: until })
    .onConflictDoUpdate({
      target: channelWatches.channelId,
      set: { holder, heldUntil: until },
      setWhere: sql`${channelWatches.holder} is null or ${channelWatches.holder} = ${holder} or ${channelWatches.heldUntil} < now()`,
    })
    .returning({ channelId: channelWatches.channelId });
  return rows.length > 0;
}

export async function readCursor(db: Executor, channelId: number): Promise<Record<string, unknown> | null> {
  const [row] = await db.select({ cursor: channelWatches.cursor }).from(channelWatches).where(eq(channelWatches.channelId, channelId));
  return row?.cursor ?? null;
}

/** Saves where reading resumes, only while `holder` still holds the lease; returns whether it did. */
export async function saveCursor(db: Executor, channelId: number, holder: string, cursor: Record<string, unknown>): Promise<boolean> {
  const rows = await db
    .update(channelWatches)
    .set({ cursor, updatedAt: new Date() })
    .where(and(eq(channelWatches.channelId, channelId), eq(channelWatches.holder, holder)))
    .returning({ channelId: channelWatches.channelId });
  return rows.length > 0;
}

/** Gives the lease up at once (a clean stop), so another node need not wait for it to run out. */
export async function releaseLease(db: Executor, channelId: number, holder: string) {
  await db
    .update(channelWatches)
    .set({ holder: null, heldUntil: null })
    .where(and(eq(channelWatches.channelId, channelId), eq(channelWatches.holder, holder)));
}
