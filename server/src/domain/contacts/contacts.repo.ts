import { and, asc, desc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contacts, contactTags, tags } from '../../db/schema.js';
import type { Actor } from '../visibility/actor.js';
import { visibleContactsSql } from '../visibility/visibility.js';
import type { ContactCursor } from './contact-cursor.js';
import type { ContactRow, TagRef } from './contact.presenter.js';

export type ContactInsert = typeof contacts.$inferInsert;

/** The contact when the actor may see it (WS-3); `forUpdate` locks the row for a read-modify-write. */
export async function findVisibleContact(db: Executor, actor: Actor, id: number, opts: { forUpdate?: boolean } = {}) {
  const query = db.select().from(contacts).where(and(eq(contacts.id, id), visibleContactsSql(actor)));
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

/** A contact by id, for the system's own work (jobs); `forUpdate` locks the row for a read-modify-write. */
export async function findContact(db: Executor, id: number, opts: { forUpdate?: boolean } = {}) {
  const query = db.select().from(contacts).where(eq(contacts.id, id));
  const [row] = await (opts.forUpdate ? query.for('update') : query);
  return row;
}

export async function insertContact(db: Executor, values: ContactInsert): Promise<ContactRow> {
  const [row] = await db.insert(contacts).values(values).returning();
  return row!;
}

export async function updateContact(db: Executor, workspaceId: number, id: number, values: Partial<ContactInsert>): Promise<ContactRow> {
  const [row] = await db
    .update(contacts)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .returning();
  return row!;
}

/** Marks the contact changed when what changed lives in another table (its tags). */
export function touchContact(db: Executor, workspaceId: number, id: number): Promise<ContactRow> {
  return updateContact(db, workspaceId, id, {});
}

/** Deletes the contact if the actor may see it; its history goes with it by cascade. */
export async function deleteVisibleContact(db: Executor, actor: Actor, id: number) {
  const [row] = await db
    .delete(contacts)
    .where(and(eq(contacts.id, id), visibleContactsSql(actor)))
    .returning({ assigneeId: contacts.assigneeId, teamId: contacts.teamId });
  return row;
}

// created_at in microseconds since the epoch, exact (extract returns numeric), for the cursor.
const createdAtMicros = sql<string>`(extract(epoch from ${contacts.createdAt}) * 1000000)::bigint::text`;

/**
 * A page of the contacts the actor can see, newest first, keyset-paginated on (created_at, id)
 * (contacts_workspace_created_idx); `pattern` filters search_text with LIKE (contacts_search_idx).
 * Returns up to `limit + 1` rows so the caller knows whether there is a next page.
 */
export function listVisibleContacts(db: Executor, actor: Actor, opts: { pattern?: string; after?: ContactCursor; limit: number }) {
  const { pattern, after, limit } = opts;
  return db
    .select({ ...getTableColumns(contacts), createdAtMicros })
    .from(contacts)
    .where(
      and(
        visibleContactsSql(actor),
        pattern === undefined ? undefined : sql`${contacts.searchText} like ${pattern}`,
        after === undefined
          ? undefined
          : sql`(${contacts.createdAt}, ${contacts.id}) < (timestamptz 'epoch' + ${after.atMicros}::bigint * interval '1 microsecond', ${after.id})`,
      ),
    )
    .orderBy(desc(contacts.createdAt), desc(contacts.id))
    .limit(limit + 1);
}

/** Tags of many contacts in one query (for a page of rows), keyed by contact id, each list by name. */
export async function loadContactTags(db: Executor, workspaceId: number, contactIds: number[]): Promise<Map<number, TagRef[]>> {
  const byContact = new Map<number, TagRef[]>(contactIds.map((id) => [id, []]));
  if (contactIds.length === 0) return byContact;
  const rows = await db
    .select({ contactId: contactTags.contactId, id: tags.id, name: tags.name })
    .from(contactTags)
    .innerJoin(tags, eq(tags.id, contactTags.tagId))
    .where(and(eq(contactTags.workspaceId, workspaceId), inArray(contactTags.contactId, contactIds)))
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
  for (const { contactId, id, name } of rows) byContact.get(contactId)!.push({ id, name });
  return byContact;
}

export async function addContactTags(db: Executor, workspaceId: number, contactId: number, tagIds: number[]) {
  if (tagIds.length === 0) return;
  await db
    .insert(contactTags)
    .values(tagIds.map((tagId) => ({ workspaceId, contactId, tagId })))
    .onConflictDoNothing();
}

export async function removeContactTags(db: Executor, workspaceId: number, contactId: number, tagIds: number[]) {
  if (tagIds.length === 0) return;
  await db
    .delete(contactTags)
    .where(and(eq(contactTags.workspaceId, workspaceId), eq(contactTags.contactId, contactId), inArray(contactTags.tagId, tagIds)));
}
