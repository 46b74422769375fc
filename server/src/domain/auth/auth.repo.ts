import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { apiTokens, loginThrottles, sessions, teamMembers, users, workspaces } from '../../db/schema.js';

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row;
}

export async function insertWorkspace(db: Executor, values: { name: string; timezone?: string; language?: string }) {
  const [row] = await db.insert(workspaces).values(values).returning();
  return row!;
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function findSessionUser(db: Executor, tokenHash: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, sql`now()`)));
  return row?.user;
}

export async function findApiToken(db: Executor, tokenHash: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, workspaceId: apiTokens.workspaceId });
  return row;
}

export async function findWorkspace(db: Executor, id: number) {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id));
  return row;
}

/** The user's teams and everyone who shares one of them (the user included). */
export async function teamScope(db: Executor, userId: number): Promise<{ teamIds: number[]; teammateIds: number[] }> {
  const mine = db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
  const rows = await db
    .select({ teamId: teamMembers.teamId, userId: teamMembers.userId })
    .from(teamMembers)
    .where(sql`${teamMembers.teamId} in ${mine}`);
  return {
    teamIds: [...new Set(rows.map((r) => r.teamId))],
    teammateIds: [...new Set([userId, ...rows.map((r) => r.userId)])],
  };
}

export async function loginThrottle(db: Executor, email: string) {
  const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.email, email.toLowerCase()));
  return row;
}

/** Counts a failure within the window and locks the email once `maxFailures` is reached. */
export async function recordLoginFailure(db: Executor, email: string, maxFailures: number, lockMinutes: number) {
  const key = email.toLowerCase();
  const window = sql`interval '1 minute' * ${lockMinutes}`;
  await db
    .insert(loginThrottles)
    .values({ email: key, failures: 1 })
    .onConflictDoUpdate({
      target: loginThrottles.email,
      set: {
        failures: sql`case when ${loginThrottles.windowStartedAt} < now() - ${window} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottles.windowStartedAt} < now() - ${window} then now() else ${loginThrottles.windowStartedAt} end`,
      },
    });
  await db
    .update(loginThrottles)
    .set({ lockedUntil: sql`now() + ${window}`, failures: 0, windowStartedAt: sql`now()` })
    .where(and(eq(loginThrottles.email, key), sql`${loginThrottles.failures} >= ${maxFailures}`));
}

export async function clearLoginFailures(db: Executor, email: string) {
  await db.delete(loginThrottles).where(eq(loginThrottles.email, email.toLowerCase()));
}
