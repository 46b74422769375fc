import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { teamMembers, teams } from '../../../db/schema.js';

export type TeamRow = typeof teams.$inferSelect;
export type TeamWithMembers = { team: TeamRow; memberIds: number[] };

/** The workspace's teams (or only `ids`) with their member ids, in name order: two queries, no N+1. */
export async function listTeams(db: Executor, workspaceId: number, ids?: number[]): Promise<TeamWithMembers[]> {
  const inWorkspace = eq(teams.workspaceId, workspaceId);
  const rows = await db
    .select()
    .from(teams)
    .where(ids ? and(inWorkspace, inArray(teams.id, ids)) : inWorkspace)
    .orderBy(asc(sql`lower(${teams.name})`), asc(teams.id));
  const memberships = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(
      ids
        ? and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.teamId, ids))
        : eq(teamMembers.workspaceId, workspaceId),
    )
    .orderBy(asc(teamMembers.userId));
  return rows.map((team) => ({ team, memberIds: memberships.filter((m) => m.teamId === team.id).map((m) => m.userId) }));
}

export async function findTeam(db: Executor, workspaceId: number, id: number): Promise<TeamRow | undefined> {
  const [row] = await db.select().from(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
  return row;
}

export async function existingTeamIds(db: Executor, workspaceId: number, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, workspaceId), inArray(teams.id, ids)));
  return rows.map((r) => r.id);
}

export async function insertTeam(db: Executor, workspaceId: number, name: string): Promise<TeamRow> {
  const [row] = await db.insert(teams).values({ workspaceId, name }).returning();
  return row!;
}

export async function renameTeam(db: Executor, workspaceId: number, id: number, name: string) {
  await db.update(teams).set({ name }).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

export async function deleteTeam(db: Executor, workspaceId: number, id: number) {
  await db.delete(teams).where(and(eq(teams.workspaceId, workspaceId), eq(teams.id, id)));
}

export async function teamIdsOfUser(db: Executor, userId: number): Promise<number[]> {
  const rows = await db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  return rows.map((r) => r.teamId);
}

export type MembershipChange = { added: number[]; removed: number[] };

function diff(current: number[], wanted: number[]): MembershipChange {
  return { added: wanted.filter((id) => !current.includes(id)), removed: current.filter((id) => !wanted.includes(id)) };
}

/** Makes `userIds` the team's members; returns whose membership changed. */
export async function setTeamMembers(db: Executor, workspaceId: number, teamId: number, userIds: number[]): Promise<MembershipChange> {
  const current = await db.select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  const change = diff(current.map((r) => r.userId), userIds);
  if (change.added.length > 0) {
    await db.insert(teamMembers).values(change.added.map((userId) => ({ workspaceId, teamId, userId })));
  }
  if (change.removed.length > 0) {
    await db.delete(teamMembers).where(and(eq(teamMembers.teamId, teamId), inArray(teamMembers.userId, change.removed)));
  }
  return change;
}

/** Makes `teamIds` the user's teams; returns which teams changed. */
export async function setUserTeams(db: Executor, workspaceId: number, userId: number, teamIds: number[]): Promise<MembershipChange> {
  const change = diff(await teamIdsOfUser(db, userId), teamIds);
  if (change.added.length > 0) {
    await db.insert(teamMembers).values(change.added.map((teamId) => ({ workspaceId, teamId, userId })));
  }
  if (change.removed.length > 0) {
    await db.delete(teamMembers).where(and(eq(teamMembers.userId, userId), inArray(teamMembers.teamId, change.removed)));
  }
  return change;
}
