import type { ChannelRow, MessageContent } from '../../channels/types.js';
import type { WebchatConfig } from '../../channels/webchat/webchat.adapter.js';
import {
  anonymousVisitorId,
  fileSignatureMatches,
  identifiedVisitorId,
  identityHashMatches,
  issueVisitorToken,
  readVisitorToken,
  type Visitor,
} from '../../channels/webchat/visitor-token.js';
import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { AppError, notFound } from '../../http/errors.js';
import { recordContactChange } from '../conversations/contact-change.js';
import { storedAttachment, type NewFile } from '../files/message-files.js';
import { lockContactByIdentity, lockIdentity } from '../messages/messages.repo.js';
import { ingestInbound } from '../messages/messages.service.js';
import { presentVisitorMessage } from './widget.presenter.js';
import * as repo from './widget.repo.js';

/** A channel browsers may reach: web chat, live, by its public key. */
export async function widgetChannel(ctx: Context, publicKey: string): Promise<ChannelRow> {
  const channel = await repo.findChannelByPublicKey(ctx.db, publicKey);
  if (!channel) throw notFound();
  return channel;
}

/** The visitor a bearer token names on this channel; 401 `session_invalid` otherwise. */
export function visitorOf(channel: ChannelRow, token: string | undefined): Visitor {
  const visitor = token ? readVisitorToken(channel, token) : undefined;
  if (!visitor || !visitorAllowed(channel, visitor)) throw new AppError('session_invalid', undefined, 401);
  return visitor;
}

/** Identity-verified channels only talk to identified visitors (an anonymous token from before the switch is refused). */
const visitorAllowed = (channel: ChannelRow, visitor: Visitor) =>
  !(channel.config as WebchatConfig).identityVerification || visitor.externalId.startsWith('u:');

export type SessionInput = { token?: string; name?: string; email?: string; identifier?: string; identifierHash?: string };

/**
 * Starts or resumes a visitor session and returns a fresh token. An identifier signed by the customer's backend
 * (`identifierHash`) makes the visitor that person on any device; otherwise the widget's stored token is resumed, or a
 * new anonymous visitor begins. Name and email (pre-chat form, or the site's settings) ride in the token until the
 * first message creates the contact with them.
 */
export function startSession(channel: ChannelRow, input: SessionInput) {
  const resumed = input.token ? readVisitorToken(channel, input.token) : undefined;
  let externalId: string;
  if (input.identifier !== undefined) {
    if (!identityHashMatches(channel.secret, input.identifier, input.identifierHash ?? '')) throw new AppError('identity_invalid', undefined, 401);
    externalId = identifiedVisitorId(input.identifier);
  } else {
    externalId = resumed?.externalId ?? anonymousVisitorId();
  }
  const kept = resumed?.externalId === externalId ? resumed : undefined;
  const visitor: Visitor = { channelId: channel.id, externalId, name: input.name ?? kept?.name, email: input.email ?? kept?.email };
  if (!visitorAllowed(channel, visitor)) throw new AppError('identity_required', undefined, 401);
  return { token: issueVisitorToken(channel.secret, visitor), visitor };
}

/** Visitors' files are no larger than this. */
export const MAX_FILE_BYTES = 10 * 1_048_576;

export type VisitorMessageInput = { clientId: string; text?: string; file?: NewFile; page?: PageView };
export type PageView = { url: string; title?: string };

/**
 * A visitor's message, recorded like any channel's inbound message (`ingestInbound`): its external id is the
 * widget's own id for it, so a retried POST is stored once and answers the stored message.
 * `page` is the page the visitor is on when a first message creates the conversation (noted on the timeline with it).
 */
export async function sendVisitorMessage(ctx: Context, channel: ChannelRow, visitor: Visitor, input: VisitorMessageInput) {
  const externalId = `${visitor.externalId} ${input.clientId}`;
  if (!(await repo.findMessageByExternalId(ctx.db, channel.id, externalId))) {
    let content: MessageContent | undefined;
    if (input.file) {
      const stored = await ctx.files.put(channel.workspaceId, input.file.bytes);
      content = { kind: input.file.type, attachments: [storedAttachment(input.file, stored)] };
    }
    await ingestInbound(ctx, channel, [
      {
        kind: 'message',
        externalId,
        contact: { externalId: visitor.externalId, name: visitor.name, email: visitor.email },
        text: input.text,
        content,
        notes: input.page ? [{ type: 'page_change', data: { ...input.page } }] : undefined,
      },
    ]);
  }
  const row = await repo.findMessageByExternalId(ctx.db, channel.id, externalId);
  return presentVisitorMessage(channel, visitor, row!);
}

/** The visitor's history on this channel (newest first, `before` a message id), or what came `after` one (oldest first). */
export async function listVisitorMessages(ctx: Context, channel: ChannelRow, visitor: Visitor, page: { before?: number; after?: number; limit: number }) {
  const contactId = await repo.contactIdByIdentity(ctx.db, channel.id, visitor.externalId);
  if (contactId === undefined) return { items: [], nextCursor: null };
  const rows = await repo.visitorMessages(ctx.db, contactId, channel.id, { ...page, limit: page.limit + 1 });
  const items = rows.slice(0, page.limit).map((row) => presentVisitorMessage(channel, visitor, row));
  return { items, nextCursor: rows.length > page.limit ? items.at(-1)!.id : null };
}

/**
 * IN-7 "page change": the visitor opened a page. Recorded on the contact's timeline (and conversation) once the
 * visitor is a contact; before their first message there is none, so `recorded: false` tells the widget to send the
 * page with that message instead.
 */
export async function recordPageChange(ctx: Context, channel: ChannelRow, visitor: Visitor, page: PageView) {
  return transact(ctx, async (uow) => {
    await lockIdentity(uow.tx, channel.id, visitor.externalId);
    const contact = await lockContactByIdentity(uow.tx, channel.id, visitor.externalId);
    // CT-6: nothing of a blocked contact is shown.
    if (!contact || contact.blockedAt) return { recorded: false };
    await recordContactChange(
      uow,
      contact,
      {},
      { kind: 'contact', id: contact.id },
      [{ type: 'page_change', conversationId: contact.conversationId, data: { ...page } }],
      new Date(),
    );
    return { recorded: true };
  });
}

/** The widget showed (`delivered`) or the visitor saw (`read`) our messages up to `upTo`: agents see the ticks. */
export async function acknowledgeMessages(ctx: Context, channel: ChannelRow, visitor: Visitor, status: 'delivered' | 'read', upTo: number) {
  const contactId = await repo.contactIdByIdentity(ctx.db, channel.id, visitor.externalId);
  const ids = contactId === undefined ? [] : await repo.outboundBehind(ctx.db, contactId, channel.id, upTo, status);
  const at = new Date();
  const outcomes = await ingestInbound(ctx, channel, ids.map((id) => ({ kind: 'status' as const, message: { id }, status, at })));
  return { updated: outcomes.filter((o) => o === 'applied').length };
}

/** A stored file of a message on this channel, opened by the capability URL its presented attachment carries. */
export async function openVisitorFile(ctx: Context, channel: ChannelRow, messageId: number, index: number, signature: string) {
  if (!fileSignatureMatches(channel.secret, messageId, index, signature)) throw notFound();
  const row = await repo.findVisitorMessage(ctx.db, messageId);
  const attachment = row?.message.channelId === channel.id && !row.message.deletedAt ? row.message.content?.attachments?.[index] : undefined;
  const opened = attachment?.file && (await ctx.files.open(attachment.file.key));
  if (!attachment?.file || !opened) throw notFound();
  return { ...opened, mimeType: attachment.file.mimeType, filename: attachment.filename ?? `attachment-${index}`, inline: attachment.type === 'image' };
}
