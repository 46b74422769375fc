import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, channelTemplates, webhookReceipts } from '../../db/schema.js';

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

/** A channel by id alone, removed or not, row-locked (for changes the system makes, not a user). */
export async function lockChannelById(db: Executor, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id)).for('update');
  return row;
}

export async function updateChannel(db: Executor, id: number, values: Partial<typeof channels.$inferInsert>): Promise<ChannelRow> {
  const [row] = await db.update(channels).set(values).where(eq(channels.id, id)).returning();
  return row!;
}

/**
 * CH-6 "last webhook" at a 10-second grain: every webhook writing the channel row would queue all intake of a
 * channel on that one row lock (bench B1).
 */
export async function touchLastWebhook(db: Executor, id: number, at: Date) {
  const stale = new Date(at.getTime() - 10_000);
  await db
    .update(channels)
    .set({ lastWebhookAt: at })
    .where(and(eq(channels.id, id), or(isNull(channels.lastWebhookAt), lt(channels.lastWebhookAt, stale))));
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

export type TemplateRow = typeof channelTemplates.$inferSelect;
export type TemplateValues = Pick<TemplateRow, 'name' | 'language' | 'status' | 'category' | 'components'>;

/** Replaces the channel's synced templates with the provider's current list (inside the caller's transaction). */
export async function replaceTemplates(db: Executor, channel: ChannelRow, templates: TemplateValues[], at: Date) {
  await db.delete(channelTemplates).where(eq(channelTemplates.channelId, channel.id));
  if (templates.length === 0) return;
  await db.insert(channelTemplates).values(templates.map((t) => ({ ...t, workspaceId: channel.workspaceId, channelId: channel.id, syncedAt: at })));
}

export function listTemplates(db: Executor, channelId: number): Promise<TemplateRow[]> {
  return db
    .select()
    .from(channelTemplates)
    .where(eq(channelTemplates.channelId, channelId))
    .orderBy(asc(channelTemplates.name), asc(channelTemplates.language));
}

export async function findTemplate(db: Executor, channelId: number, name: string, language: string): Promise<TemplateRow | undefined> {
  const [row] = await db
    .select()
    .from(channelTemplates)
    .where(and(eq(channelTemplates.channelId, channelId), eq(channelTemplates.name, name), eq(channelTemplates.language, language)));
  return row;
}
