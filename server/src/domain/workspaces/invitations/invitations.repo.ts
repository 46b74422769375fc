import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { invitations } from '../../../db/schema.js';

export type InvitationRow = typeof invitations.$inferSelect;

const pending = (workspaceId: number) =>
  and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`));

export async function insertInvitation(db: Executor, values: typeof invitations.$inferInsert): Promise<InvitationRow> {
  const [row] = await db.insert(invitations).values(values).returning();
  return row!;
}

export async function listPending(db: Executor, workspaceId: number): Promise<InvitationRow[]> {
  return db.select().from(invitations).where(pending(workspaceId)).orderBy(asc(invitations.createdAt), asc(invitations.id));
}

/** Deletes a pending invitation; undefined when there is none with that id. */
export async function deletePending(db: Executor, workspaceId: number, id: number): Promise<InvitationRow | undefined> {
  const [row] = await db.delete(invitations).where(and(pending(workspaceId), eq(invitations.id, id))).returning();
  return row;
}

export async function deletePendingForEmail(db: Executor, workspaceId: number, email: string): Promise<InvitationRow[]> {
  return db
    .delete(invitations)
    .where(and(pending(workspaceId), sql`lower(${invitations.email}) = lower(${email})`))
    .returning();
}

const usable = (tokenHash: string) =>
  and(eq(invitations.tokenHash, tokenHash), isNull(invitations.acceptedAt), gt(invitations.expiresAt, sql`now()`));

export async function findUsable(db: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.select().from(invitations).where(usable(tokenHash));
  return row;
}

/**
 * Marks a usable invitation accepted and returns it. The conditional update is the claim: of two concurrent
 * accepts, the second waits on the row lock, then matches nothing.
 */
export async function claimInvitation(db: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
  const [row] = await db.update(invitations).set({ acceptedAt: sql`now()` }).where(usable(tokenHash)).returning();
  return row;
}

/** Takes a deleted team out of the pending invitations that would have joined it. */
export async function removeTeamFromInvitations(db: Executor, workspaceId: number, teamId: number) {
  const teamJson = sql`to_jsonb(${teamId}::bigint)`;
  await db
    .update(invitations)
    .set({
      teamIds: sql`(select coalesce(jsonb_agg(e), '[]'::jsonb) from jsonb_array_elements(${invitations.teamIds}) e where e <> ${teamJson})`,
    })
    .where(and(pending(workspaceId), sql`${invitations.teamIds} @> jsonb_build_array(${teamJson})`));
}
