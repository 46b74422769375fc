import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { teamMembers, users } from '../../../db/schema.js';
import type { UserRow } from '../../auth/auth.repo.js';

export type Member = { user: UserRow; teamIds: number[] };

/** The workspace's users (or only `ids`) with their team ids, in name order: two queries, no N+1. */
export async function listMembers(db: Executor, workspaceId: number, ids?: number[]): Promise<Member[]> {
  const inWorkspace = eq(users.workspaceId, workspaceId);
  const rows = await db
    .select()
    .from(users)
    .where(ids ? and(inWorkspace, inArray(users.id, ids)) : inWorkspace)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id));
  const memberships = await db
    .select({ userId: teamMembers.userId, teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(
      ids
        ? and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.userId, ids))
        : eq(teamMembers.workspaceId, workspaceId),
    )
    .orderBy(asc(teamMembers.teamId));
  return rows.map((user) => ({ user, teamIds: memberships.filter((m) => m.userId === user.id).map((m) => m.teamId) }));
}

export async function findUser(db: Executor, workspaceId: number, id: number): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
  return row;
}

export async function existingUserIds(db: Executor, workspaceId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  return rows.map((r) => r.id);
}

export type UserChanges = Partial<Pick<UserRow, 'name' | 'role' | 'visibility' | 'language'>>;

export async function updateUser(db: Executor, workspaceId: number, id: number, changes: UserChanges) {
  if (Object.values(changes).every((v) => v === undefined)) return;
  await db.update(users).set(changes).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
}

export async function deleteUser(db: Executor, workspaceId: number, id: number) {
  await db.delete(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, id)));
}

/**
 * The workspace's Owners, row-locked until commit: two Owners demoting each other at once are serialised, and
 * the second sees the first's change.
 */
export async function lockOwnerIds(db: Executor, workspaceId: number): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.role, 'owner')))
    .for('update');
  return rows.map((r) => r.id);
}
