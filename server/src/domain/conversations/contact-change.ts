import type { Uow } from '../../db/unit-of-work.js';
import type { contacts } from '../../db/schema.js';
import { loadInboxRows } from '../inbox/inbox.repo.js';
import { presentInboxRow, presentTimelineEvent } from '../inbox/inbox.presenter.js';
import type { Actor } from '../visibility/actor.js';
import * as repo from './conversations.repo.js';

/** Who caused a change, as written on timeline events (IN-7). */
export type By = { kind: 'user'; id: number } | { kind: 'api' } | { kind: 'contact'; id: number } | { kind: 'system' };

export const byActor = (actor: Actor): By => (actor.kind === 'user' ? { kind: 'user', id: actor.userId! } : { kind: 'api' });

export type TimelineDraft = { type: string; conversationId: number | null; data?: Record<string, unknown> };

/**
 * Writes a change to a contact's inbox state with its timeline events, and emits one realtime event carrying
 * the new inbox row. The audience lists the assignment before and after, so whoever loses sight of the contact
 * still hears that it left their view.
 */
export async function recordContactChange(
  uow: Uow,
  before: repo.ContactRow,
  patch: Partial<typeof contacts.$inferInsert>,
  by: By,
  timeline: TimelineDraft[],
  at: Date,
  extra: { type?: string; payload?: Record<string, unknown> } = {},
) {
  const after = Object.keys(patch).length > 0 ? await repo.updateContact(uow.tx, before.id, { ...patch, updatedAt: at }) : before;
  const events = [];
  for (const draft of timeline) {
    events.push(
      await repo.insertTimelineEvent(uow.tx, {
        workspaceId: before.workspaceId,
        contactId: before.id,
        conversationId: draft.conversationId,
        type: draft.type,
        actorKind: by.kind,
        actorId: 'id' in by ? by.id : null,
        data: draft.data ?? {},
        // Written from the same clock as the message it accompanies so the timeline orders them stably.
        createdAt: at,
      }),
    );
  }
  const [row] = await loadInboxRows(uow.tx, [after.id]);
  uow.emit({
    workspaceId: before.workspaceId,
    type: extra.type ?? 'conversation.updated',
    audience: {
      kind: 'contact',
      states: [
        { assigneeId: before.assigneeId, teamId: before.teamId },
        { assigneeId: after.assigneeId, teamId: after.teamId },
      ],
    },
    payload: {
      row: presentInboxRow(row!),
      previous: { status: before.conversationStatus, assigneeId: before.assigneeId && String(before.assigneeId), teamId: before.teamId && String(before.teamId) },
      timeline: events.map(presentTimelineEvent),
      ...extra.payload,
    },
  });
  return presentInboxRow(row!);
}

/** The presented inbox row of a contact, for answers that changed nothing. */
export async function currentRow(tx: Uow['tx'], contactId: number) {
  const [row] = await loadInboxRows(tx, [contactId]);
  return presentInboxRow(row!);
}
