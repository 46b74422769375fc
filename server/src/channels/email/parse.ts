import { simpleParser, type ParsedMail } from 'mailparser';
import type { Attachment, InboundEvent, MessageContent } from '../types.js';
import { normaliseCid, sanitizeEmailHtml } from './html.js';
import { splitQuoted } from './quoted.js';

type EmailInfo = NonNullable<MessageContent['email']>;

/** An email read from the mailbox, before its files are stored. */
export type ParsedEmail = {
  /** Its Message-ID, the dedupe key (a stand-in made from the mailbox position when it has none). */
  messageId: string;
  /** The sender (lower-cased address); absent when the mail names none. */
  from?: { address: string; name?: string };
  sentAt?: Date;
  /** What the sender wrote now, without the quoted history. */
  text?: string;
  email: EmailInfo;
  attachments: { attachment: Attachment; bytes: Buffer }[];
};

const MESSAGE_ID = /<[^<>\s]+>/g;

/** Parses an RFC 5322 message (PROVIDERS.md §6): threading headers, sanitised HTML, plain text and files. */
export async function parseEmail(raw: Buffer, fallbackId: string): Promise<ParsedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true });
  const attachments = mail.attachments.map((a, index) => ({
    attachment: {
      type: attachmentType(a.contentType),
      mimeType: a.contentType,
      filename: a.filename ?? `attachment-${index + 1}`,
    } satisfies Attachment,
    bytes: a.content,
    cid: a.cid,
  }));
  const cidIndexes = new Map(attachments.flatMap((a, index) => (a.cid ? [[normaliseCid(a.cid), index] as const] : [])));
  const { reply, quoted } = splitQuoted(mail.text ?? '');
  const messageId = firstId(mail.messageId) ?? fallbackId;
  const references = idsOf(mail.references);
  const inReplyTo = firstId(mail.inReplyTo);
  return {
    messageId,
    from: senderOf(mail),
    sentAt: mail.date,
    text: reply || undefined,
    email: {
      subject: mail.subject ?? null,
      messageId,
      ...(mail.html ? { html: sanitizeEmailHtml(mail.html, cidIndexes) } : {}),
      ...(quoted ? { quotedText: quoted } : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references.length > 0 ? { references } : {}),
    },
    attachments: attachments.map(({ attachment, bytes }) => ({ attachment, bytes })),
  };
}

/** The message event for a parsed email whose files are stored (`attachments` in the same order). */
export function emailEvent(parsed: ParsedEmail & { from: NonNullable<ParsedEmail['from']> }, attachments: Attachment[], error?: { code: string; message: string }): InboundEvent {
  const content: MessageContent = {
    kind: attachments[0]?.type ?? 'text',
    email: parsed.email,
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(error ? { error } : {}),
  };
  return {
    kind: 'message',
    externalId: parsed.messageId,
    contact: { externalId: parsed.from.address, email: parsed.from.address, ...(parsed.from.name ? { name: parsed.from.name } : {}) },
    text: parsed.text,
    content,
    // A reply to one of our messages (or one of the contact's) points at it; the contact is the sender either way.
    replyToExternalId: parsed.email.inReplyTo,
    sentAt: parsed.sentAt,
  };
}

function senderOf(mail: ParsedMail): ParsedEmail['from'] {
  const sender = mail.from?.value.find((a) => a.address);
  if (!sender?.address) return undefined;
  return { address: sender.address.toLowerCase(), ...(sender.name ? { name: sender.name } : {}) };
}

function attachmentType(mimeType: string): Attachment['type'] {
  const major = mimeType.split('/')[0]?.toLowerCase();
  return major === 'image' || major === 'audio' || major === 'video' ? major : 'document';
}

function firstId(value: string | undefined): string | undefined {
  return value?.match(MESSAGE_ID)?.[0];
}

function idsOf(value: string | string[] | undefined): string[] {
  const all = (Array.isArray(value) ? value : value ? [value] : []).flatMap((v) => v.match(MESSAGE_ID) ?? []);
  return [...new Set(all)];
}
