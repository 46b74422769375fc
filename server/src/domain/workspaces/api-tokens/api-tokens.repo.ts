import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { apiTokens } from '../../../db/schema.js';

export type ApiTokenRow = typeof apiTokens.$inferSelect;

const active = (workspaceId: number) => and(eq(apiTokens.workspaceId, workspaceId), isNull(apiTokens.revokedAt));

export async function insertApiToken(db: Executor, values: typeof apiTokens.$inferInsert): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function listActive(db: Executor, workspaceId: number): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(active(workspaceId)).orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
}

/** Revoked rows stay (who made the token, when it was last used) but no longer authenticate. */
export async function revoke(db: Executor, workspaceId: number, id: number): Promise<ApiTokenRow | undefined> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(active(workspaceId), eq(apiTokens.id, id)))
    .returning();
  return row;
}
