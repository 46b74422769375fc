import type { conversationEvents, conversations } from '../../db/schema.js';
import { idString } from '../../http/ids.js';
import { presentContact } from '../contacts/contact.presenter.js';
import { presentMessagePreview } from '../messages/message.presenter.js';
import type { InboxRowData } from './inbox.repo.js';

export function presentConversation(c: typeof conversations.$inferSelect) {
  return {
    id: String(c.id),
    status: c.status,
    assigneeId: idString(c.assigneeId),
    teamId: idString(c.teamId),
    snoozedUntil: c.snoozedUntil?.toISOString() ?? null,
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    closingCategoryId: idString(c.closingCategoryId),
    closingSummary: c.closingSummary,
  };
}

/** IN-5: everything a list row shows. */
export function presentInboxRow(row: InboxRowData) {
  return {
    contact: presentContact(row.contact, row.tags),
    conversation: row.conversation ? presentConversation(row.conversation) : null,
    lastMessage: row.lastMessage ? presentMessagePreview(row.lastMessage) : null,
    lastActivityAt: row.contact.lastMessageAt?.toISOString() ?? null,
    /** When the conversation entered its status: the key of the longest/shortest sorts (IN-4). */
    statusChangedAt: row.contact.statusChangedAt?.toISOString() ?? null,
    lastChannelId: idString(row.contact.lastChannelId),
    unreadCount: row.contact.unreadCount,
    unansweredCount: row.contact.unansweredCount,
  };
}

/** IN-7: a structured timeline event; clients render it in the user's language. */
export function presentTimelineEvent(e: typeof conversationEvents.$inferSelect) {
  return {
    id: String(e.id),
    contactId: String(e.contactId),
    conversationId: idString(e.conversationId),
    type: e.type,
    actor: { kind: e.actorKind, id: idString(e.actorId) },
    data: e.data,
    createdAt: e.createdAt.toISOString(),
  };
}
