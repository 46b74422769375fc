import type { MessageContent, messages } from '../../db/schema.js';
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
    // What it carries besides text (attachments, location, a button tap, a reaction, a template…); null for plain text.
    content: m.content && presentContent(m.id, m.content),
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
    kind: m.content?.kind ?? 'text',
    status: m.status,
    createdAt: m.createdAt.toISOString(),
    deleted: m.deletedAt !== null,
  };
}

/** Attachments point at our download route once stored; the provider's media id stays internal. */
function presentContent(messageId: number, content: MessageContent) {
  const { attachments, ...rest } = content;
  if (!attachments) return rest;
  return {
    ...rest,
    attachments: attachments.map(({ providerMediaId: _internal, file, ...a }, index) => ({
      ...a,
      size: file?.size ?? null,
      url: file ? `/api/v1/messages/${messageId}/attachments/${index}` : null,
    })),
  };
}
