import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { contacts, customFieldDefinitions } from '../../db/schema.js';
import type { CustomFieldDefinition } from './custom-field-values.js';

export type DefinitionInsert = Omit<typeof customFieldDefinitions.$inferInsert, 'id' | 'createdAt'>;
export type DefinitionChanges = Partial<Pick<CustomFieldDefinition, 'label' | 'options' | 'position'>>;

const inWorkspace = (workspaceId: number, id: number) =>
  and(eq(customFieldDefinitions.workspaceId, workspaceId), eq(customFieldDefinitions.id, id));

/** The workspace's definitions in their configured order (CT-1 details panel). */
export function listDefinitions(db: Executor, workspaceId: number): Promise<CustomFieldDefinition[]> {
  return db
    .select()
    .from(customFieldDefinitions)
    .where(eq(customFieldDefinitions.workspaceId, workspaceId))
    .orderBy(asc(customFieldDefinitions.position), asc(customFieldDefinitions.id));
}

export async function findDefinitionForUpdate(db: Executor, workspaceId: number, id: number) {
  const [row] = await db.select().from(customFieldDefinitions).where(inWorkspace(workspaceId, id)).for('update');
  return row;
}

/** Inserts the definition, placed last unless a position is given; undefined when the key is taken. */
export async function insertDefinition(db: Executor, values: DefinitionInsert): Promise<CustomFieldDefinition | undefined> {
  const last = sql<number>`(select coalesce(max(${customFieldDefinitions.position}) + 1, 0) from ${customFieldDefinitions} where ${customFieldDefinitions.workspaceId} = ${values.workspaceId})`;
  const [row] = await db
    .insert(customFieldDefinitions)
    .values({ ...values, position: values.position ?? last })
    .onConflictDoNothing()
    .returning();
  return row;
}

export async function updateDefinition(db: Executor, workspaceId: number, id: number, changes: DefinitionChanges) {
  const [row] = await db.update(customFieldDefinitions).set(changes).where(inWorkspace(workspaceId, id)).returning();
  return row!;
}

/** Deletes the definition and its values from every contact of the workspace; undefined when there is none. */
export async function deleteDefinition(db: Executor, workspaceId: number, id: number) {
  const [row] = await db.delete(customFieldDefinitions).where(inWorkspace(workspaceId, id)).returning();
  if (!row) return undefined;
  await db
    .update(contacts)
    .set({ customFields: sql`${contacts.customFields} - ${row.key}::text`, updatedAt: sql`now()` })
    .where(and(eq(contacts.workspaceId, workspaceId), sql`${contacts.customFields} ? ${row.key}`));
  return row;
}
