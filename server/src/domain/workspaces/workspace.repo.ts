import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { workspaces } from '../../db/schema.js';

export type WorkspaceChanges = Partial<Pick<typeof workspaces.$inferInsert, 'name' | 'timezone' | 'language'>>;

export async function updateWorkspace(db: Executor, id: number, changes: WorkspaceChanges) {
  const [row] = await db.update(workspaces).set(changes).where(eq(workspaces.id, id)).returning();
  return row!;
}
