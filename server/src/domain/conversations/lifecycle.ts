import type { Uow } from '../../db/unit-of-work.js';
import type { contacts } from '../../db/schema.js';
import type { By, TimelineDraft } from './contact-change.js';
import * as repo from './conversations.repo.js';

export type ContactPatch = Partial<typeof contacts.$inferInsert>;

/** A lifecycle step's outcome: the conversation now current, and what to write on the contact and the timeline. */
export type Step = { conversation: repo.ConversationRow; patch: ContactPatch; timeline: TimelineDraft[] };

const openedBy = (by: By) => ({ openedByKind: by.kind, openedById: 'id' in by ? by.id : null });

/**
 * IN-8: the contact's conversation, opened if there is none; a snoozed one is woken.
 * Used by inbound messages (by the contact) and replies or explicit opens (by a user).
 */
export async function ensureOpen(uow: Uow, contact: repo.ContactRow, by: By, at: Date): Promise<Step> {
  const active = await repo.activeConversation(uow.tx, contact.id);
  if (active?.status === 'open') return { conversation: active, patch: {}, timeline: [] };
  if (active?.status === 'snoozed') {
    const conversation = await repo.updateConversation(uow.tx, active.id, { status: 'open', snoozedUntil: null });
    return {
      conversation,
      patch: { conversationStatus: 'open', statusChangedAt: at },
      timeline: [{ type: 'unsnoozed', conversationId: active.id, data: { reason: by.kind === 'contact' ? 'inbound_message' : 'reply' } }],
    };
  }
  const conversation = await repo.insertConversation(uow.tx, {
    workspaceId: contact.workspaceId,
    contactId: contact.id,
    status: 'open',
    openedAt: at,
    ...openedBy(by),
    // A reopened contact keeps its team; the user assignment starts empty (closing unassigned it).
    teamId: contact.teamId,
  });
  return {
    conversation,
    // lastMessageAt is the list's activity time: a conversation opened before any message sorts by its opening.
    patch: { conversationId: conversation.id, conversationStatus: 'open', statusChangedAt: at, assigneeId: null, lastMessageAt: contact.lastMessageAt ?? at },
    timeline: [{ type: 'opened', conversationId: conversation.id }],
  };
}

/** IN-9: assign the conversation to a user and/or team (null clears). */
export async function assign(
  uow: Uow,
  contact: repo.ContactRow,
  conversation: repo.ConversationRow,
  target: { userId: number | null; teamId: number | null },
  at: Date,
): Promise<Step> {
  const updated = await repo.updateConversation(uow.tx, conversation.id, {
    assigneeId: target.userId,
    teamId: target.teamId,
    firstAssignedAt: conversation.firstAssignedAt ?? (target.userId ? at : null),
  });
  const type = target.userId === null && target.teamId === null ? 'unassigned' : 'assigned';
  return {
    conversation: updated,
    patch: { assigneeId: target.userId, teamId: target.teamId },
    timeline: [
      {
        type,
        conversationId: conversation.id,
        data: {
          assigneeId: target.userId && String(target.userId),
          teamId: target.teamId && String(target.teamId),
          previousAssigneeId: contact.assigneeId && String(contact.assigneeId),
          previousTeamId: contact.teamId && String(contact.teamId),
        },
      },
    ],
  };
}

/**
 * IN-8/IN-9: closing records the closing note and unassigns the contact (the team stays). The conversation row
 * keeps its last assignee: it is the period's record for reports.
 */
export async function close(
  uow: Uow,
  conversation: repo.ConversationRow,
  by: By,
  note: { category: { id: number; name: string } | null; summary: string | null },
  at: Date,
): Promise<Step> {
  const updated = await repo.updateConversation(uow.tx, conversation.id, {
    status: 'closed',
    snoozedUntil: null,
    closedAt: at,
    closedByKind: by.kind,
    closedById: 'id' in by ? by.id : null,
    closingCategoryId: note.category?.id ?? null,
    closingSummary: note.summary,
  });
  return {
    conversation: updated,
    patch: { conversationStatus: 'closed', statusChangedAt: at, assigneeId: null },
    timeline: [
      {
        type: 'closed',
        conversationId: conversation.id,
        data: { categoryId: note.category && String(note.category.id), categoryName: note.category?.name ?? null, summary: note.summary },
      },
    ],
  };
}

/** IN-10: hidden from the open views until `until`; a delayed job wakes it. */
export async function snooze(uow: Uow, conversation: repo.ConversationRow, until: Date, at: Date): Promise<Step> {
  const updated = await repo.updateConversation(uow.tx, conversation.id, { status: 'snoozed', snoozedUntil: until });
  await uow.enqueue('snooze-wake', { conversationId: conversation.id, until: until.toISOString() }, { startAfter: until, retryLimit: 5 });
  return {
    conversation: updated,
    patch: { conversationStatus: 'snoozed', statusChangedAt: at },
    timeline: [{ type: 'snoozed', conversationId: conversation.id, data: { until: until.toISOString() } }],
  };
}

export async function unsnooze(uow: Uow, conversation: repo.ConversationRow, reason: 'user' | 'timer', at: Date): Promise<Step> {
  const updated = await repo.updateConversation(uow.tx, conversation.id, { status: 'open', snoozedUntil: null });
  return {
    conversation: updated,
    patch: { conversationStatus: 'open', statusChangedAt: at },
    timeline: [{ type: 'unsnoozed', conversationId: conversation.id, data: { reason } }],
  };
}

/** Merges consecutive steps taken in one transaction. */
export function combine(...steps: Step[]): Omit<Step, 'conversation'> {
  return {
    patch: Object.assign({}, ...steps.map((s) => s.patch)),
    timeline: steps.flatMap((s) => s.timeline),
  };
}
