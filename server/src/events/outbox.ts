import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../db/client.js';
import { events, workspaces, type EventAudience } from '../db/schema.js';
import type { EventDraft, StoredEvent } from './types.js';

/**
 * Writes events to the outbox inside the caller's transaction, not yet numbered: the sequencer numbers them after the
 * commit (sequencer.ts). Returns the workspaces written to, for the caller to have them numbered.
 */
export async function appendEvents(tx: Executor, drafts: EventDraft[]): Promise<Set<number>> {
  if (drafts.length > 0) await tx.insert(events).values(drafts);
  return new Set(drafts.map((d) => d.workspaceId));
}

/**
 * Numbers a workspace's committed, unnumbered events in the order they were written, and returns them: one call of
 * the `number_events` function (migration 0000), which holds the workspace row lock only for its own short
 * transaction. Runs follow one another on that lock, so seq N+1 is never visible before N.
 */
export async function numberPending(db: Db, workspaceId: number): Promise<StoredEvent[]> {
  const result = (await db.execute(sql`select * from number_events(${workspaceId})`)) as unknown as { rows: NumberedRow[] };
  return result.rows
    .map((r) => ({ workspaceId: Number(r.workspace_id), seq: Number(r.seq), type: r.type, audience: r.audience, payload: r.payload, createdAt: new Date(r.created_at).toISOString() }))
    .sort((a, b) => a.seq - b.seq);
}

type NumberedRow = { workspace_id: string | number; seq: string | number; type: string; audience: EventAudience; payload: Record<string, unknown>; created_at: string | Date };

/** Workspaces with committed events still unnumbered (their writer's node stopped before numbering them). */
export async function workspacesWithPending(db: Executor): Promise<number[]> {
  const rows = await db.selectDistinct({ workspaceId: events.workspaceId }).from(events).where(isNull(events.seq));
  return rows.map((r) => r.workspaceId);
}

/** Events after `afterSeq`, oldest first: what a reconnecting client missed (IN-17). */
export async function eventsAfter(db: Executor, workspaceId: number, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db
    .select({ workspaceId: events.workspaceId, seq: events.seq, type: events.type, audience: events.audience, payload: events.payload, createdAt: events.createdAt })
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq))
    .limit(limit);
  // seq > afterSeq selects numbered events only.
  return rows.map((r) => ({ ...r, seq: r.seq!, createdAt: r.createdAt.toISOString() }));
}

export async function currentSeq(db: Executor, workspaceId: number): Promise<number> {
  const [row] = await db.select({ seq: workspaces.eventSeq }).from(workspaces).where(eq(workspaces.id, workspaceId));
  return row?.seq ?? 0;
}
