import { and, asc, between, eq, gt, gte, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../../db/client.js';
import { closingCategories } from '../../../db/schema.js';

export type ClosingCategoryRow = typeof closingCategories.$inferSelect;

const inWorkspace = (workspaceId: number) => eq(closingCategories.workspaceId, workspaceId);

export async function listCategories(db: Executor, workspaceId: number): Promise<ClosingCategoryRow[]> {
  return db.select().from(closingCategories).where(inWorkspace(workspaceId)).orderBy(asc(closingCategories.position), asc(closingCategories.id));
}

/**
 * The workspace's categories, row-locked until commit: every write renumbers positions, so writers take turns
 * and the positions stay 0..n-1.
 */
export async function lockCategories(db: Executor, workspaceId: number): Promise<ClosingCategoryRow[]> {
  return db.select().from(closingCategories).where(inWorkspace(workspaceId)).orderBy(asc(closingCategories.position)).for('update');
}

export async function insertCategory(db: Executor, workspaceId: number, name: string, position: number): Promise<ClosingCategoryRow> {
  await shift(db, workspaceId, gte(closingCategories.position, position), 1);
  const [row] = await db.insert(closingCategories).values({ workspaceId, name, position }).returning();
  return row!;
}

/** Renames and/or moves a category to `to`; the ones in between close up or make room. */
export async function updateCategory(db: Executor, category: ClosingCategoryRow, changes: { name?: string; position?: number }) {
  const from = category.position;
  const to = changes.position ?? from;
  if (to < from) await shift(db, category.workspaceId, between(closingCategories.position, to, from - 1), 1);
  if (to > from) await shift(db, category.workspaceId, between(closingCategories.position, from + 1, to), -1);
  const [row] = await db
    .update(closingCategories)
    .set({ name: changes.name ?? category.name, position: to })
    .where(eq(closingCategories.id, category.id))
    .returning();
  return row!;
}

export async function deleteCategory(db: Executor, category: ClosingCategoryRow) {
  await db.delete(closingCategories).where(eq(closingCategories.id, category.id));
  await shift(db, category.workspaceId, gt(closingCategories.position, category.position), -1);
}

async function shift(db: Executor, workspaceId: number, which: SQL | undefined, by: 1 | -1) {
  await db
    .update(closingCategories)
    .set({ position: sql`${closingCategories.position} + ${by}` })
    .where(and(inWorkspace(workspaceId), which));
}
