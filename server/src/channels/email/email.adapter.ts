import { createHmac } from 'node:crypto';
import { notFound } from '../../http/errors.js';
import { lowerCaseEmail } from '../start-address.js';
import type { Attachment, ChannelAdapter, ChannelRow, InboundEvent, OutboundMessage, WatchOptions } from '../types.js';
import { MAX_EMAIL_BYTES, checkMailbox, watchMailbox, type FetchedMail, type MailboxPosition } from './mailbox.js';
import { emailEvent, parseEmail } from './parse.js';
import { emailConfigSchema, type EmailConfig } from './payloads.js';
import { submitMail, verifySmtp } from './smtp.js';

/** Most providers refuse mail over 25 MB, counted after base64 (a third more than the file). */
const MAX_FILE_BYTES = 18 * 1024 * 1024;
/** References keeps the thread's first id and the latest ones (RFC 5322 §3.6.4 lets a client trim the middle). */
const MAX_REFERENCES = 10;

const configOf = (channel: ChannelRow) => emailConfigSchema.parse(channel.config);

/**
 * Email (CH-1): a mailbox read over IMAP (IDLE, held by one node: see the channel watchers) and replies submitted over
 * SMTP. The contact is the sender's address; a message's external id is its Message-ID, so a mail is recorded once
 * and a customer's reply (In-Reply-To one of ours) lands on the same contact and conversation. SMTP does not dedupe,
 * so a send whose outcome is unknown is not retried.
 */
export const emailAdapter: ChannelAdapter<EmailConfig> = {
  type: 'email',
  configSchema: emailConfigSchema,
  capabilities: {
    idempotentSend: false,
    deleteForContact: false,
    threadsReplies: true,
    files: { image: MAX_FILE_BYTES, audio: MAX_FILE_BYTES, video: MAX_FILE_BYTES, document: MAX_FILE_BYTES },
  },
  // CT-3: agents may write first to a contact's email address (the first mail's subject is the sender name).
  startsWith: { address: 'email', externalId: lowerCaseEmail },

  async checkCredentials(config, timeoutMs) {
    await checkMailbox(config, timeoutMs);
    await verifySmtp(config.smtp, timeoutMs);
  },

  verifyWebhook() {
    // Mail is read from the mailbox (`watch`): there is no provider webhook.
    throw notFound();
  },
  parseWebhook() {
    throw notFound();
  },

  watch(channel, options, signal) {
    const config = configOf(channel);
    return watchMailbox(
      config,
      { cursor: positionOf(options.cursor), since: channel.createdAt },
      async (mail, position) => options.deliver({ events: mail ? await mailEvents(channel, config, mail, options) : [], cursor: position }),
      signal,
    );
  },

  async send(channel, message, timeoutMs) {
    const config = configOf(channel);
    const messageId = ourMessageId(channel, message.id, config.fromAddress);
    const parent = message.parent;
    const parentEmail = parent?.content?.email;
    const subject = replySubject(parentEmail?.subject) ?? config.fromName ?? channel.name;
    const thread = parent ? { inReplyTo: parent.externalId, references: referencesAfter(parentEmail?.references ?? [], parent.externalId) } : {};
    await submitMail(
      config.smtp,
      {
        messageId,
        from: { address: config.fromAddress, ...(config.fromName ? { name: config.fromName } : {}) },
        to: message.contactExternalId,
        subject,
        text: message.text,
        ...thread,
        ...(message.file ? { attachment: { filename: message.file.filename, contentType: message.file.mimeType, content: message.file.bytes } } : {}),
      },
      timeoutMs,
    );
    return { externalId: messageId, content: { email: { subject, messageId, ...thread } } };
  },
};

/**
 * The events for one mail: nothing for a mail already recorded (its files are not stored again), a notice for mail
 * with no sender or from our own address (a copy of our reply), else the message with its files stored.
 */
async function mailEvents(channel: ChannelRow, config: EmailConfig, mail: FetchedMail, options: WatchOptions): Promise<InboundEvent[]> {
  const parsed = await parseEmail(mail.source, `<imap.${channel.id}.${mail.uid}@conversa.invalid>`);
  const from = parsed.from;
  if (!from) return [{ kind: 'notice', code: 'no_sender', message: `Mail ${parsed.messageId} names no sender.` }];
  if (from.address === config.fromAddress.toLowerCase()) return [{ kind: 'notice', code: 'own_mail', message: `Mail ${parsed.messageId} is from the channel's own address.` }];
  if (await options.known(parsed.messageId)) return [];
  const attachments: Attachment[] = [];
  for (const { attachment, bytes } of parsed.attachments) {
    const stored = await options.storeFile(bytes);
    attachments.push({ ...attachment, file: { ...stored, mimeType: attachment.mimeType ?? 'application/octet-stream' } });
  }
  const error = mail.tooLarge ? { code: 'email_too_large', message: `The mail is over ${MAX_EMAIL_BYTES} bytes: only its headers were read.` } : undefined;
  return [emailEvent({ ...parsed, from }, attachments, error)];
}

/** Our Message-ID for an outbound message: the same on every attempt, and not guessable from the message id alone. */
function ourMessageId(channel: ChannelRow, messageId: OutboundMessage['id'], fromAddress: string) {
  const tag = createHmac('sha256', channel.secret).update(`email-message:${messageId}`).digest('hex').slice(0, 16);
  return `<conversa.${channel.id}.${messageId}.${tag}@${fromAddress.split('@')[1]}>`;
}

function replySubject(subject: string | null | undefined): string | undefined {
  if (!subject) return undefined;
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}

/** The parent's References plus the parent itself, without repeats, trimmed in the middle when long (§3.6.4). */
function referencesAfter(parentReferences: string[], parentId: string): string[] {
  const ids = [...new Set([...parentReferences, parentId])];
  return ids.length <= MAX_REFERENCES ? ids : [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))];
}

function positionOf(cursor: Record<string, unknown> | null): MailboxPosition | null {
  if (!cursor || typeof cursor.uidValidity !== 'string' || typeof cursor.lastUid !== 'number' || typeof cursor.syncedAt !== 'string') return null;
  return { uidValidity: cursor.uidValidity, lastUid: cursor.lastUid, syncedAt: cursor.syncedAt };
}
