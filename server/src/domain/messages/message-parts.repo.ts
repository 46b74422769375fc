import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { inboundParts } from '../../db/schema.js';

export type PartRow = typeof inboundParts.$inferSelect;
/** The parts of one message: same channel, contact, group and total. */
export type PartGroup = Pick<PartRow, 'channelId' | 'contactExternalId' | 'group' | 'total'>;

export async function partKnown(tx: Executor, channelId: number, externalId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: inboundParts.id })
    .from(inboundParts)
    .where(and(eq(inboundParts.channelId, channelId), eq(inboundParts.externalId, externalId)));
  return row !== undefined;
}

export async function findPart(tx: Executor, id: number): Promise<PartRow | undefined> {
  const [row] = await tx.select().from(inboundParts).where(eq(inboundParts.id, id));
  return row;
}

export async function insertPart(tx: Executor, values: typeof inboundParts.$inferInsert): Promise<PartRow> {
  const [row] = await tx.insert(inboundParts).values(values).returning();
  return row!;
}

/** The parts of the group not recorded yet, in the order they arrived. */
export function waitingParts(tx: Executor, group: PartGroup): Promise<PartRow[]> {
  return tx
    .select()
    .from(inboundParts)
    .where(
      and(
        eq(inboundParts.channelId, group.channelId),
        eq(inboundParts.contactExternalId, group.contactExternalId),
        eq(inboundParts.group, group.group),
        eq(inboundParts.total, group.total),
        isNull(inboundParts.recordedAt),
      ),
    )
    .orderBy(asc(inboundParts.id));
}

/** The parts are in a recorded message now: only their ids stay, to know a late retry. */
export async function markRecorded(tx: Executor, ids: number[], at: Date): Promise<void> {
  await tx.update(inboundParts).set({ recordedAt: at, part: null }).where(inArray(inboundParts.id, ids));
}
