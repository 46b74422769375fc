import type { messages } from '../../db/schema.js';
import { idString } from '../../http/ids.js';

type MessageRow = typeof messages.$inferSelect;

/** A message as the API and realtime show it (IN-6): status with the time of each step, error cause, deletion. */
export function presentMessage(m: MessageRow) {
  return {
    id: String(m.id),
    contactId: String(m.contactId),
    conversationId: idString(m.conversationId),
    channelId: idString(m.channelId),
    direction: m.direction,
    senderKind: m.senderKind,
    senderUserId: idString(m.senderUserId),
    externalId: m.externalId,
    replyToId: idString(m.replyToId),
    text: m.text,
    status: m.status,
    statusTimes: m.statusTimes,
    error: m.errorCode ? { code: m.errorCode, message: m.errorMessage } : null,
    createdAt: m.createdAt.toISOString(),
    deletedAt: m.deletedAt?.toISOString() ?? null,
    deletedById: idString(m.deletedById),
  };
}

const PREVIEW_LENGTH = 280;

/** The list row's last-message summary. */
export function presentMessagePreview(m: MessageRow) {
  return {
    id: String(m.id),
    direction: m.direction,
    senderKind: m.senderKind,
    channelId: idString(m.channelId),
    text: m.deletedAt ? null : (m.text?.slice(0, PREVIEW_LENGTH) ?? null),
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    deleted: m.deletedAt !== null,
  };
}
