import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, webhookReceipts } from '../../db/schema.js';

export type ChannelRow = typeof channels.$inferSelect;
export type ReceiptRow = typeof webhookReceipts.$inferSelect;

/** Removed channels keep their row (their conversations still point at it) but are gone from the API. */
const live = (workspaceId: number, id: number) => and(eq(channels.workspaceId, workspaceId), eq(channels.id, id), isNull(channels.removedAt));

export async function insertChannel(db: Executor, values: typeof channels.$inferInsert): Promise<ChannelRow> {
  const [row] = await db.insert(channels).values(values).returning();
  return row!;
}

export function listChannels(db: Executor, workspaceId: number): Promise<ChannelRow[]> {
  return db
    .select()
    .from(channels)
    .where(and(eq(channels.workspaceId, workspaceId), isNull(channels.removedAt)))
    .orderBy(asc(channels.createdAt), asc(channels.id));
}

export async function findChannel(db: Executor, workspaceId: number, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(live(workspaceId, id));
  return row;
}

export async function lockChannel(db: Executor, workspaceId: number, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(live(workspaceId, id)).for('update');
  return row;
}

export async function updateChannel(db: Executor, id: number, values: Partial<typeof channels.$inferInsert>): Promise<ChannelRow> {
  const [row] = await db.update(channels).set(values).where(eq(channels.id, id)).returning();
  return row!;
}

/** A webhook names its channel by id alone (the URL is the provider's only handle on it). */
export async function findWebhookChannel(db: Executor, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.id, id), isNull(channels.removedAt)));
  return row;
}

export async function insertReceipt(db: Executor, values: typeof webhookReceipts.$inferInsert): Promise<ReceiptRow> {
  const [row] = await db.insert(webhookReceipts).values(values).returning();
  return row!;
}

/** A stored webhook with the channel it came in on (removed or not: it was accepted while the channel was live). */
export async function findReceipt(db: Executor, id: number): Promise<{ receipt: ReceiptRow; channel: ChannelRow } | undefined> {
  const [row] = await db
    .select({ receipt: webhookReceipts, channel: channels })
    .from(webhookReceipts)
    .innerJoin(channels, eq(channels.id, webhookReceipts.channelId))
    .where(eq(webhookReceipts.id, id));
  return row;
}

/** Done with it; `error` notes what was accepted but could not be applied (it will not be retried). */
export async function markReceiptProcessed(db: Executor, id: number, error: string | null) {
  await db.update(webhookReceipts).set({ processedAt: new Date(), error }).where(eq(webhookReceipts.id, id));
}

/** The last failure of a receipt that stays pending (its job retries). */
export async function recordReceiptError(db: Executor, id: number, error: string) {
  await db.update(webhookReceipts).set({ error }).where(eq(webhookReceipts.id, id));
}
