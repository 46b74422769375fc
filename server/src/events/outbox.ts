import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { events, workspaces } from '../db/schema.js';
import type { EventDraft, StoredEvent } from './types.js';

/**
 * Appends events to the outbox inside the caller's transaction. The workspace row lock taken by the sequence
 * bump is held until commit, so sequence order is commit order and a reader never sees seq N+1 before N.
 */
export async function appendEvents(tx: Executor, drafts: EventDraft[]): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  const byWorkspace = new Map<number, EventDraft[]>();
  for (const d of drafts) byWorkspace.set(d.workspaceId, [...(byWorkspace.get(d.workspaceId) ?? []), d]);
  for (const [workspaceId, group] of [...byWorkspace].sort(([a], [b]) => a - b)) {
    const [row] = await tx
      .update(workspaces)
      .set({ eventSeq: sql`${workspaces.eventSeq} + ${group.length}` })
      .where(eq(workspaces.id, workspaceId))
      .returning({ last: workspaces.eventSeq });
    let seq = row!.last - group.length;
    const rows = group.map((d) => ({ ...d, seq: ++seq }));
    const inserted = await tx.insert(events).values(rows).returning({ seq: events.seq, createdAt: events.createdAt });
    inserted.forEach((r, i) => stored.push({ ...rows[i]!, createdAt: r.createdAt.toISOString() }));
  }
  return stored;
}

/** Events after `afterSeq`, oldest first: what a reconnecting client missed (IN-17). */
export async function eventsAfter(db: Executor, workspaceId: number, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function currentSeq(db: Executor, workspaceId: number): Promise<number> {
  const [row] = await db.select({ seq: workspaces.eventSeq }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.seq ?? 0;
}
