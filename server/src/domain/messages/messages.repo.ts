import { and, desc, eq, gt, gte, inArray, isNotNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, contactChannels, contacts, conversationEvents, messages } from '../../db/schema.js';
import type { Actor } from '../visibility/actor.js';
import { visibleContactsSql } from '../visibility/visibility.js';

export type MessageRow = typeof messages.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;

/** The messages between a contact and one channel going one way: `in` from the contact, `out` to them. */
export const messagesWithContact = (contactId: number, channelId: number, direction: 'in' | 'out') =>
  and(eq(messages.contactId, contactId), eq(messages.channelId, channelId), eq(messages.direction, direction));

export async function insertMessage(tx: Executor, values: typeof messages.$inferInsert): Promise<MessageRow> {
  const [row] = await tx.insert(messages).values(values).returning();
  return row!;
}

export async function findMessage(tx: Executor, id: number): Promise<MessageRow | undefined> {
  const [row] = await tx.select().from(messages).where(eq(messages.id, id));
  return row;
}

export async function lockMessage(tx: Executor, id: number): Promise<MessageRow | undefined> {
  const [row] = await tx.select().from(messages).where(eq(messages.id, id)).for('update');
  return row;
}

/** A message of this channel, by our id or by the provider's id, row-locked. */
export async function lockChannelMessage(tx: Executor, channelId: number, ref: { id: number } | { externalId: string }) {
  const match = 'id' in ref ? eq(messages.id, ref.id) : eq(messages.externalId, ref.externalId);
  const [row] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channelId), match))
    .for('update');
  return row;
}

export async function messageIdByExternalId(tx: Executor, channelId: number, externalId: string): Promise<number | undefined> {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  return row?.id;
}

export async function updateMessage(tx: Executor, id: number, values: Partial<typeof messages.$inferInsert>): Promise<MessageRow> {
  const [row] = await tx.update(messages).set(values).where(eq(messages.id, id)).returning();
  return row!;
}

/** The message with its contact, if the actor may see the contact; the message row is locked. */
export async function lockVisibleMessage(tx: Executor, actor: Actor, id: number) {
  const [row] = await tx
    .select({ message: messages, contact: contacts })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(eq(messages.id, id), visibleContactsSql(actor)))
    .for('update', { of: messages });
  return row;
}

export async function findChannel(tx: Executor, id: number): Promise<ChannelRow | undefined> {
  const [row] = await tx.select().from(channels).where(eq(channels.id, id));
  return row;
}

/**
 * The contact's identity on a channel: the one asked for; otherwise the channel of its last interaction if it
 * still works, else its newest working channel (CH-5: a contact whose channel was removed is answered on
 * another). With no working channel left, a removed one is returned so the caller can say why.
 */
export async function contactChannelFor(tx: Executor, contact: { id: number; lastChannelId: number | null }, channelId?: number) {
  const rows = await tx
    .select({
      channelId: contactChannels.channelId,
      externalId: contactChannels.externalId,
      lastInboundAt: contactChannels.lastInboundAt,
      usable: sql<boolean>`${channels.removedAt} is null and ${channels.status} <> 'disconnected'`,
    })
    .from(contactChannels)
    .innerJoin(channels, eq(channels.id, contactChannels.channelId))
    .where(eq(contactChannels.contactId, contact.id))
    .orderBy(desc(contactChannels.createdAt), desc(contactChannels.id));
  if (channelId !== undefined) return rows.find((r) => r.channelId === channelId);
  const usable = rows.filter((r) => r.usable);
  return usable.find((r) => r.channelId === contact.lastChannelId) ?? usable[0] ?? rows[0];
}

export async function contactExternalId(tx: Executor, contactId: number, channelId: number): Promise<string | undefined> {
  const [row] = await tx
    .select({ externalId: contactChannels.externalId })
    .from(contactChannels)
    .where(and(eq(contactChannels.contactId, contactId), eq(contactChannels.channelId, channelId)));
  return row?.externalId;
}

/** Serialises work on one external identity (first messages from a new contact arriving concurrently). */
export async function lockIdentity(tx: Executor, channelId: number, externalId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${channelId}:${externalId}`}, 0))`);
}

export async function lockContactByIdentity(tx: Executor, channelId: number, externalId: string) {
  const [row] = await tx
    .select({ contact: contacts })
    .from(contactChannels)
    .innerJoin(contacts, eq(contacts.id, contactChannels.contactId))
    .where(and(eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, externalId)))
    .for('update', { of: contacts });
  return row?.contact;
}

export async function insertContactChannel(tx: Executor, values: typeof contactChannels.$inferInsert) {
  await tx.insert(contactChannels).values(values);
}

/** The contact wrote on this channel at `at`: the channel's reply window runs from the latest such time. */
export async function touchIdentity(tx: Executor, channelId: number, externalId: string, at: Date) {
  await tx
    .update(contactChannels)
    .set({ lastInboundAt: sql`greatest(${contactChannels.lastInboundAt}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, externalId)));
}

/** Per channel, the contact's newest inbound message the provider knows (to mark it, and all before it, read there). */
export function newestInboundPerChannel(tx: Executor, contactId: number) {
  return tx
    .selectDistinctOn([messages.channelId], { channelId: messages.channelId, externalId: messages.externalId })
    .from(messages)
    .where(and(eq(messages.contactId, contactId), eq(messages.direction, 'in'), isNotNull(messages.externalId), isNotNull(messages.channelId)))
    .orderBy(messages.channelId, desc(messages.createdAt), desc(messages.id));
}

/** The contact's newest message on a channel (email threads a reply under it). */
export async function newestInboundOnChannel(tx: Executor, contactId: number, channelId: number): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select()
    .from(messages)
    .where(and(messagesWithContact(contactId, channelId, 'in'), isNotNull(messages.externalId)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(1);
  return row;
}

/** The message if the actor may see its contact (no lock: for reading its files). */
export async function findVisibleMessage(tx: Executor, actor: Actor, id: number): Promise<MessageRow | undefined> {
  const [row] = await tx
    .select({ message: messages })
    .from(messages)
    .innerJoin(contacts, eq(contacts.id, messages.contactId))
    .where(and(eq(messages.id, id), eq(messages.workspaceId, actor.workspaceId), visibleContactsSql(actor)));
  return row?.message;
}

/** Timeline position: newest first by time; at one instant a message is newer than the events it caused. */
export type TimelineCursor = { at: string; kind: 'message' | 'event'; id: number };

export async function timelinePage(tx: Executor, contactId: number, before: TimelineCursor | undefined, limit: number) {
  let messagesBefore: SQL | undefined;
  let eventsBefore: SQL | undefined;
  if (before) {
    const at = new Date(before.at);
    messagesBefore =
      before.kind === 'message'
        ? or(lt(messages.createdAt, at), and(eq(messages.createdAt, at), lt(messages.id, before.id)))
        : lt(messages.createdAt, at);
    eventsBefore =
      before.kind === 'message'
        ? lte(conversationEvents.createdAt, at)
        : or(lt(conversationEvents.createdAt, at), and(eq(conversationEvents.createdAt, at), lt(conversationEvents.id, before.id)));
  }
  const [messageRows, eventRows] = [
    await tx
      .select()
      .from(messages)
      .where(and(eq(messages.contactId, contactId), messagesBefore))
      .orderBy(desc(messages.createdAt), desc(messages.id))
      .limit(limit + 1),
    await tx
      .select()
      .from(conversationEvents)
      .where(and(eq(conversationEvents.contactId, contactId), eventsBefore))
      .orderBy(desc(conversationEvents.createdAt), desc(conversationEvents.id))
      .limit(limit + 1),
  ];
  return { messageRows, eventRows };
}

export async function visibleContactExists(tx: Executor, actor: Actor, contactId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.id, contactId), visibleContactsSql(actor)));
  return Boolean(row);
}

/** Whether a send of ours to the contact on this channel is with the provider now (claimed, its answer not recorded). */
export async function sendInFlight(tx: Executor, channelId: number, contactId: number): Promise<boolean> {
  const [row] = await tx
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        messagesWithContact(contactId, channelId, 'out'),
        eq(messages.status, 'pending'),
        gt(messages.sendAttempts, 0),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/**
 * The outbound messages to the contact on this channel that a delivery or read watermark covers and that have not
 * had that step yet: the provider accepted them (failed ones are left alone), and they went out at or before `upTo`
 * or are named in `externalIds`. Row-locked.
 */
export function lockOutboundUpTo(tx: Executor, channelId: number, contactId: number, step: 'delivered' | 'read', upTo: Date, externalIds: string[]) {
  // Our sends went out when they were made; an echo when the provider says it was sent (least ignores a null).
  const covered = sql`least(${messages.createdAt}, (${messages.statusTimes}->>'sent')::timestamptz) <= ${upTo.toISOString()}::timestamptz`;
  return tx
    .select()
    .from(messages)
    .where(
      and(
        messagesWithContact(contactId, channelId, 'out'),
        isNotNull(messages.externalId),
        inArray(messages.status, ['sent', 'delivered', 'read']),
        sql`${messages.statusTimes}->>${step} is null`,
        externalIds.length > 0 ? or(covered, inArray(messages.externalId, externalIds)) : covered,
      ),
    )
    .orderBy(messages.createdAt, messages.id)
    .for('update');
}

/** Our sends (not echoes) to the contact on this channel since `since` that carried a file and a text. */
export function fileSendsWithTextSince(tx: Executor, channelId: number, contactId: number, since: Date) {
  return tx
    .select({ id: messages.id, text: messages.text })
    .from(messages)
    .where(
      and(
        messagesWithContact(contactId, channelId, 'out'),
        ne(messages.senderKind, 'echo'),
        isNotNull(messages.text),
        sql`${messages.content}->'attachments' is not null`,
        gte(messages.createdAt, since),
      ),
    );
}
