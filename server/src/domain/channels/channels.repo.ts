import { and, asc, count, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, channelTemplates, contacts, webhookReceipts } from '../../db/schema.js';

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

/** Contacts whose conversation is open or snoozed and was last on this channel: what removing it interrupts (CH-5). */
export async function countOpenConversations(db: Executor, channel: Pick<ChannelRow, 'workspaceId' | 'id'>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, channel.workspaceId), eq(contacts.lastChannelId, channel.id), inArray(contacts.conversationStatus, ['open', 'snoozed'])));
  return row!.n;
}

/** A webhook names its channel by id alone (the URL is the provider's only handle on it); removed ones included. */
export async function findWebhookChannel(db: Executor, id: number): Promise<ChannelRow | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row;
}

/** Stores accepted webhooks (one statement for a batch); their ids, in the order given. */
export async function insertReceipts(db: Executor, values: (typeof webhookReceipts.$inferInsert)[]): Promise<number[]> {
  const rows = await db.insert(webhookReceipts).values(values).returning({ id: webhookReceipts.id });
  return rows.map((r) => r.id);
}

/**
 * Stored webhooks with the channels they came in on, by id (one query for a batch of inbound jobs); removed channels
 * included: their webhooks were accepted while they were live.
 */
export async function findReceipts(db: Executor, ids: number[]): Promise<Map<number, { receipt: ReceiptRow; channel: ChannelRow }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ receipt: webhookReceipts, channel: channels })
    .from(webhookReceipts)
    .innerJoin(channels, eq(channels.id, webhookReceipts.channelId))
    .where(inArray(webhookReceipts.id, ids));
  return new Map(rows.map((row) => [row.receipt.id, row]));
}

/**
 * Done with them; `notes` say what was accepted but could not be applied (it will not be retried). One statement per
 * distinct note: nearly always one for the whole batch.
 */
export async function markReceiptsProcessed(db: Executor, done: { id: number; notes: string | null }[]) {
  const byNotes = new Map<string | null, number[]>();
  for (const { id, notes } of done) byNotes.set(notes, [...(byNotes.get(notes) ?? []), id]);
  const at = new Date();
  for (const [notes, ids] of byNotes) await db.update(webhookReceipts).set({ processedAt: at, error: notes }).where(inArray(webhookReceipts.id, ids));
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
