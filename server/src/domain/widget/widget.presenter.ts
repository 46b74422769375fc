import type { WebchatConfig } from '../../channels/webchat/webchat.adapter.js';
import { fileSignature, type Visitor } from '../../channels/webchat/visitor-token.js';
import type { ChannelRow, VisitorMessageRow } from './widget.repo.js';

/** What the widget shows of its channel before anyone writes (never the secret or the allowed domains). */
export function presentWidgetChannel(channel: ChannelRow) {
  const config = channel.config as WebchatConfig;
  return {
    name: channel.name,
    greeting: config.greeting ?? null,
    preChatForm: config.preChatForm,
    color: config.color ?? null,
  };
}

export function presentVisitor(visitor: Visitor) {
  return { name: visitor.name ?? null, email: visitor.email ?? null, identified: visitor.externalId.startsWith('u:') };
}

/**
 * A message as its visitor sees it: who wrote it (an agent's name and picture, or the channel's name for automated
 * replies), the text and files, our delivery status. Internal fields (sender ids, errors, other channels) stay out;
 * a deleted message keeps its place but loses its content.
 */
export function presentVisitorMessage(channel: ChannelRow, visitor: Visitor, { message: m, agentName, agentAvatarUrl }: VisitorMessageRow) {
  const deleted = m.deletedAt !== null;
  const prefix = `${visitor.externalId} `;
  return {
    id: String(m.id),
    // The widget's own id for a message it sent, to replace its optimistic bubble.
    clientId: m.direction === 'in' && m.externalId?.startsWith(prefix) ? m.externalId.slice(prefix.length) : null,
    from: m.direction === 'in' ? ('visitor' as const) : ('agent' as const),
    author: m.direction === 'in' ? null : { name: agentName ?? channel.name, avatarUrl: agentAvatarUrl },
    text: deleted ? null : m.text,
    attachments: deleted
      ? []
      : (m.content?.attachments ?? []).flatMap((a, index) =>
          a.file
            ? [
                {
                  type: a.type,
                  mimeType: a.file.mimeType,
                  filename: a.filename ?? null,
                  size: a.file.size,
                  url: `/widget/v1/${channel.publicKey}/files/${m.id}/${index}?sig=${fileSignature(channel.secret, m.id, index)}`,
                },
              ]
            : [],
        ),
    status: m.direction === 'out' ? m.status : null,
    createdAt: m.createdAt.toISOString(),
    deleted,
  };
}

export type VisitorMessage = ReturnType<typeof presentVisitorMessage>;
