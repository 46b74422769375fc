import { and, desc, eq, inArray, ne, or } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { channels, contactChannels } from '../../db/schema.js';

export type IdentityRow = typeof contactChannels.$inferSelect;

/** The contact's identities with their channels (removed channels included: their history is still the contact's), newest first. */
export function listIdentities(db: Executor, contactId: number) {
  return db
    .select({ identity: contactChannels, channel: channels })
    .from(contactChannels)
    .innerJoin(channels, eq(channels.id, contactChannels.channelId))
    .where(eq(contactChannels.contactId, contactId))
    .orderBy(desc(contactChannels.createdAt), desc(contactChannels.id));
}

/** Which of these (channel, external id) pairs other contacts already hold (the unique contact_channels_external_key). */
export async function identitiesHeldByOthers(db: Executor, contactId: number, pairs: { channelId: number; externalId: string }[]) {
  if (pairs.length === 0) return [];
  return db
    .select({ channelId: contactChannels.channelId, externalId: contactChannels.externalId })
    .from(contactChannels)
    .where(
      and(
        inArray(contactChannels.channelId, pairs.map((p) => p.channelId)),
        or(...pairs.map((p) => and(eq(contactChannels.channelId, p.channelId), eq(contactChannels.externalId, p.externalId)))),
        ne(contactChannels.contactId, contactId),
      ),
    );
}

/** Whether some contact already goes by this id on the channel. */
export async function identityTaken(db: Executor, channelId: number, externalId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: contactChannels.id })
    .from(contactChannels)
    .where(and(eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, externalId)));
  return Boolean(row);
}

export async function insertIdentity(db: Executor, values: typeof contactChannels.$inferInsert): Promise<IdentityRow> {
  const [row] = await db.insert(contactChannels).values(values).returning();
  return row!;
}

/** CT-4: removes the contact's identities on the channel (messages keep their channel; only the address goes). */
export function deleteIdentities(db: Executor, contactId: number, channelId: number) {
  return db
    .delete(contactChannels)
    .where(and(eq(contactChannels.contactId, contactId), eq(contactChannels.channelId, channelId)))
    .returning({ externalId: contactChannels.externalId, createdAt: contactChannels.createdAt });
}


/** The contact's identity on the channel now goes by `to` (the provider's own name for the address). */
export async function renameIdentity(db: Executor, contactId: number, channelId: number, from: string, to: string) {
  await db
    .update(contactChannels)
    .set({ externalId: to })
    .where(and(eq(contactChannels.contactId, contactId), eq(contactChannels.channelId, channelId), eq(contactChannels.externalId, from)));
}
