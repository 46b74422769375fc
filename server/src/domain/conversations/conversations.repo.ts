import { and, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { closingCategories, contacts, conversationEvents, conversations, teams, users } from '../../db/schema.js';
import type { Actor } from '../visibility/actor.js';
import { visibleContactsSql } from '../visibility/visibility.js';

export type ContactRow = typeof contacts.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationEventRow = typeof conversationEvents.$inferSelect;

/** The contact if the actor may see it, row-locked for the rest of the transaction (changes to one contact serialise). */
export async function lockVisibleContact(tx: Executor, actor: Actor, contactId: number): Promise<ContactRow | undefined> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), visibleContactsSql(actor)))
    .for('update');
  return row;
}

export async function lockContact(tx: Executor, contactId: number): Promise<ContactRow | undefined> {
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, contactId)).for('update');
  return row;
}

/** The contact's open or snoozed conversation (at most one, by a unique index). */
export async function activeConversation(tx: Executor, contactId: number): Promise<ConversationRow | undefined> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.contactId, contactId), ne(conversations.status, 'closed')));
  return row;
}

export async function findConversation(tx: Executor, id: number): Promise<ConversationRow | undefined> {
  const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
  return row;
}

export async function insertConversation(tx: Executor, values: typeof conversations.$inferInsert): Promise<ConversationRow> {
  const [row] = await tx.insert(conversations).values(values).returning();
  return row!;
}

export async function updateConversation(tx: Executor, id: number, values: Partial<typeof conversations.$inferInsert>) {
  const [row] = await tx.update(conversations).set(values).where(eq(conversations.id, id)).returning();
  return row!;
}

export async function updateContact(tx: Executor, id: number, values: Partial<typeof contacts.$inferInsert>): Promise<ContactRow> {
  const [row] = await tx.update(contacts).set(values).where(eq(contacts.id, id)).returning();
  return row!;
}

export async function insertTimelineEvent(tx: Executor, values: typeof conversationEvents.$inferInsert): Promise<ConversationEventRow> {
  const [row] = await tx.insert(conversationEvents).values(values).returning();
  return row!;
}

export async function userInWorkspace(tx: Executor, workspaceId: number, userId: number): Promise<boolean> {
  const [row] = await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)));
  return Boolean(row);
}

export async function teamInWorkspace(tx: Executor, workspaceId: number, teamId: number): Promise<boolean> {
  const [row] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.id, teamId), eq(teams.workspaceId, workspaceId)));
  return Boolean(row);
}

export async function findClosingCategory(tx: Executor, workspaceId: number, id: number) {
  const [row] = await tx
    .select()
    .from(closingCategories)
    .where(and(eq(closingCategories.id, id), eq(closingCategories.workspaceId, workspaceId)));
  return row;
}

