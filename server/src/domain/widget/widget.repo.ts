import { and, asc, desc, eq, gt, inArray, isNull, lt, lte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, contactChannels, messages, users } from '../../db/schema.js';
import { messagesWithContact } from '../messages/messages.repo.js';

export type ChannelRow = typeof channels.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
/** A message as the visitor sees it: with the name and picture of the agent who wrote it. */
export type VisitorMessageRow = { message: MessageRow; agentName: string | null; agentAvatarUrl: string | null };

export async function findChannelByPublicKey(db: Executor, publicKey: string): Promise<ChannelRow | undefined> {
  const [row] = await db
    .select()
    .from(channels)
    .where(and(eq(channels.publicKey, publicKey), isNull(channels.removedAt)));
  return row;
}

/** The contact behind a visitor (none until their first message). */
export async function contactIdByIdentity(db: Executor, channelId: number, externalId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ contactId: contactChannels.contactId })
    .from(contactChannels)
    .where(and(eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, externalId)));
  return row?.contactId;
}

/** Messages with their agent's name and picture. */
const withAgent = (db: Executor) =>
  db.select({ message: messages, agentName: users.name, agentAvatarUrl: users.avatarUrl }).from(messages).leftJoin(users, eq(users.id, messages.senderUserId));

/** The contact's messages on this channel only (never its other channels'), by id: `before` pages back, `after` catches up. */
export function visitorMessages(
  db: Executor,
  contactId: number,
  channelId: number,
  page: { before?: number; after?: number; limit: number },
): Promise<VisitorMessageRow[]> {
  const forward = page.after !== undefined;
  return withAgent(db)
    .where(
      and(
        eq(messages.contactId, contactId),
        eq(messages.channelId, channelId),
        page.before === undefined ? undefined : lt(messages.id, page.before),
        page.after === undefined ? undefined : gt(messages.id, page.after),
      ),
    )
    .orderBy(forward ? asc(messages.id) : desc(messages.id))
    .limit(page.limit);
}

export async function findVisitorMessage(db: Executor, id: number): Promise<VisitorMessageRow | undefined> {
  const [row] = await withAgent(db).where(eq(messages.id, id));
  return row;
}

export async function findMessageByExternalId(db: Executor, channelId: number, externalId: string): Promise<VisitorMessageRow | undefined> {
  const [row] = await withAgent(db).where(and(eq(messages.channelId, channelId), eq(messages.externalId, externalId)));
  return row;
}

/** Our sent messages to the contact on this channel, up to `upTo`, that have not reached `status` yet (oldest first). */
export async function outboundBehind(db: Executor, contactId: number, channelId: number, upTo: number, status: 'delivered' | 'read') {
  const rows = await db
    .select({ id: messages.id })
    .from(messages)
    .where(
      and(
        messagesWithContact(contactId, channelId, 'out'),
        lte(messages.id, upTo),
        // Pending ones are still with the send job; the widget reports them again once they show as sent.
        inArray(messages.status, status === 'read' ? ['sent', 'delivered'] : ['sent']),
      ),
    )
    .orderBy(asc(messages.id))
    .limit(200);
  return rows.map((r) => r.id);
}
