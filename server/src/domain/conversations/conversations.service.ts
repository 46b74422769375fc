import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { AppError } from '../../http/errors.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { byActor, currentRow, recordContactChange } from './contact-change.js';
import * as repo from './conversations.repo.js';
import * as lifecycle from './lifecycle.js';

async function visibleContact(tx: Parameters<typeof repo.lockVisibleContact>[0], actor: Actor, contactId: number) {
  const contact = await repo.lockVisibleContact(tx, actor, contactId);
  if (!contact) throw new AppError('not_found');
  return contact;
}

async function requireActive(tx: Parameters<typeof repo.activeConversation>[0], contactId: number) {
  const conversation = await repo.activeConversation(tx, contactId);
  if (!conversation) throw new AppError('invalid_state');
  return conversation;
}

/**
 * IN-9 / WS-7: Owners and Managers assign anyone; an agent may only take the contact himself, hand it to one
 * of his teams, or let it go. Assigning a contact with no open conversation opens one.
 */
export async function assignContact(ctx: Context, actor: Actor, contactId: number, target: { userId: number | null; teamId: number | null }) {
  authorize(actor, 'conversation.assign');
  if (actor.role === 'agent') {
    const selfOrNone = target.userId === null || target.userId === actor.userId;
    const ownTeamOrNone = target.teamId === null || actor.teamIds.includes(target.teamId);
    if (!selfOrNone || !ownTeamOrNone) throw new AppError('forbidden');
  }
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    if (target.userId !== null && !(await repo.userInWorkspace(uow.tx, actor.workspaceId, target.userId))) {
      throw new AppError('invalid_assignee', [{ path: 'body.userId', message: 'not a user of this workspace' }]);
    }
    if (target.teamId !== null && !(await repo.teamInWorkspace(uow.tx, actor.workspaceId, target.teamId))) {
      throw new AppError('invalid_assignee', [{ path: 'body.teamId', message: 'not a team of this workspace' }]);
    }
    const at = new Date();
    const by = byActor(actor);
    const opened = await lifecycle.ensureOpen(uow, contact, by, at);
    const assigned = await lifecycle.assign(uow, { ...contact, ...opened.patch } as repo.ContactRow, opened.conversation, target, at);
    const { patch, timeline } = lifecycle.combine(opened, assigned);
    return recordContactChange(uow, contact, patch, by, timeline, at);
  });
}

/** IN-9: close with a closing note, or reopen (a new conversation period). */
export async function setConversationStatus(
  ctx: Context,
  actor: Actor,
  contactId: number,
  input: { status: 'open' | 'closed'; categoryId?: number; summary?: string },
) {
  authorize(actor, 'conversation.close');
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    const at = new Date();
    const by = byActor(actor);
    if (input.status === 'open') {
      if (await repo.activeConversation(uow.tx, contactId)) throw new AppError('invalid_state');
      const step = await lifecycle.ensureOpen(uow, contact, by, at);
      return recordContactChange(uow, contact, step.patch, by, step.timeline, at);
    }
    const conversation = await requireActive(uow.tx, contactId);
    let category = null;
    if (input.categoryId !== undefined) {
      category = (await repo.findClosingCategory(uow.tx, actor.workspaceId, input.categoryId)) ?? null;
      if (!category) throw new AppError('validation_failed', [{ path: 'body.category', message: 'unknown closing category' }]);
    }
    const step = await lifecycle.close(uow, conversation, by, { category, summary: input.summary ?? null }, at);
    return recordContactChange(uow, contact, step.patch, by, step.timeline, at);
  });
}

/** IN-10: snooze the open conversation until a future time. */
export async function snoozeContact(ctx: Context, actor: Actor, contactId: number, until: Date) {
  authorize(actor, 'conversation.snooze');
  if (until.getTime() <= Date.now()) throw new AppError('validation_failed', [{ path: 'body.until', message: 'must be in the future' }]);
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    const conversation = await requireActive(uow.tx, contactId);
    const at = new Date();
    const step = await lifecycle.snooze(uow, conversation, until, at);
    return recordContactChange(uow, contact, step.patch, byActor(actor), step.timeline, at);
  });
}

export async function unsnoozeContact(ctx: Context, actor: Actor, contactId: number) {
  authorize(actor, 'conversation.snooze');
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    const conversation = await requireActive(uow.tx, contactId);
    if (conversation.status !== 'snoozed') throw new AppError('invalid_state');
    const at = new Date();
    const step = await lifecycle.unsnooze(uow, conversation, 'user', at);
    return recordContactChange(uow, contact, step.patch, byActor(actor), step.timeline, at);
  });
}

/** The snooze timer (a delayed job). A conversation unsnoozed, closed or re-snoozed since is left alone. */
export async function wakeSnoozed(ctx: Context, job: { conversationId: number; until: string }) {
  await transact(ctx, async (uow) => {
    const conversation = await repo.findConversation(uow.tx, job.conversationId);
    if (conversation?.status !== 'snoozed' || conversation.snoozedUntil?.toISOString() !== job.until) return;
    const contact = await repo.lockContact(uow.tx, conversation.contactId);
    const at = new Date();
    const step = await lifecycle.unsnooze(uow, conversation, 'timer', at);
    await recordContactChange(uow, contact!, step.patch, { kind: 'system' }, step.timeline, at);
  });
}

/** Unread count back to zero when an agent opens the contact (IN-5); channels that can show it tell the contact (read receipts). */
export async function markRead(ctx: Context, actor: Actor, contactId: number) {
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    if (contact.unreadCount === 0) return currentRow(uow.tx, contact.id);
    await uow.enqueue('provider-read', { contactId: contact.id }, { retryLimit: 3, retryDelay: 2, retryBackoff: true });
    return recordContactChange(uow, contact, { unreadCount: 0 }, byActor(actor), [], new Date());
  });
}

/** "No reply needed": clears the unanswered count without sending anything (IN-5). */
export async function markNoReplyNeeded(ctx: Context, actor: Actor, contactId: number) {
  authorize(actor, 'conversation.reply');
  return transact(ctx, async (uow) => {
    const contact = await visibleContact(uow.tx, actor, contactId);
    if (contact.unansweredCount === 0) return currentRow(uow.tx, contact.id);
    return recordContactChange(uow, contact, { unansweredCount: 0 }, byActor(actor), [
      { type: 'no_reply_needed', conversationId: contact.conversationId },
    ], new Date());
  });
}
