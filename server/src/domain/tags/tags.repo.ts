import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contacts, contactTags, tags } from '../../db/schema.js';
import type { Actor } from '../visibility/actor.js';
import { visibleContactsSql } from '../visibility/visibility.js';

export type TagRow = typeof tags.$inferSelect;

/**
 * The workspace's tags named `names` (case-insensitive), creating the missing ones. A tag created concurrently
 * by another transaction is waited for by the insert and then found by the select.
 */
export async function ensureTags(db: Executor, workspaceId: number, names: string[]): Promise<{ tags: TagRow[]; created: boolean }> {
  const inserted = await db
    .insert(tags)
    .values(names.map((name) => ({ workspaceId, name })))
    .onConflictDoNothing()
    .returning({ id: tags.id });
  return { tags: await findTagsByName(db, workspaceId, names), created: inserted.length > 0 };
}

export function findTagsByName(db: Executor, workspaceId: number, names: string[]): Promise<TagRow[]> {
  return db
    .select()
    .from(tags)
    // Lower-cased by PostgreSQL on both sides, as the unique index tags_name_key is.
    .where(and(eq(tags.workspaceId, workspaceId), inArray(sql`lower(${tags.name})`, names.map((name) => sql`lower(${name})`))));
}

/** Every tag of the workspace with how many contacts the actor can see carry it (WS-3), in one query. */
export async function listTagsWithCounts(db: Executor, actor: Actor) {
  const visibleTagged = db
    .select({ tagId: contactTags.tagId })
    .from(contactTags)
    .innerJoin(contacts, and(eq(contacts.id, contactTags.contactId), visibleContactsSql(actor)))
    .where(eq(contactTags.workspaceId, actor.workspaceId))
    .as('visible_tagged');
  return db
    .select({ id: tags.id, name: tags.name, contactCount: count(visibleTagged.tagId) })
    .from(tags)
    .leftJoin(visibleTagged, eq(visibleTagged.tagId, tags.id))
    .where(eq(tags.workspaceId, actor.workspaceId))
    .groupBy(tags.id)
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id));
}

/** Removes the tag from the workspace and, by cascade, from its contacts; false when there is no such tag. */
export async function deleteTag(db: Executor, workspaceId: number, id: number): Promise<boolean> {
  const deleted = await db
    .delete(tags)
    .where(and(eq(tags.workspaceId, workspaceId), eq(tags.id, id)))
    .returning({ id: tags.id });
  return deleted.length > 0;
}
