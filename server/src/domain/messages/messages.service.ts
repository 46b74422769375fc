import { createHash } from 'node:crypto';
import type { ChannelRow, InboundContact, InboundEvent, MessageContent, OutboundFile, SentMessage, TemplateRef } from '../../channels/types.js';
import { SendError } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { transact, type Uow } from '../../db/unit-of-work.js';
import { AppError } from '../../http/errors.js';
import { runInOrderPerKey } from '../../jobs/in-order-per-key.js';
import type { JobRun } from '../../jobs/queue.js';
import { presentContact } from '../contacts/contact.presenter.js';
import { adoptProviderAddress, startContactChannel } from '../contacts/contact-channels.service.js';
import { requestContactProfile } from '../contacts/contact-profile.service.js';
import { insertContact } from '../contacts/contacts.repo.js';
import { contactSearchText } from '../contacts/search-text.js';
import { normalisePhone } from '../contacts/phone.js';
import { inboundUrlOf } from '../channels/channel.presenter.js';
import { findTemplate } from '../channels/channels.repo.js';
import { markDisconnected } from '../channels/channels.service.js';
import { byActor, recordContactChange, type By, type TimelineDraft } from '../conversations/contact-change.js';
import { lockContact, lockVisibleContact, updateConversation } from '../conversations/conversations.repo.js';
import * as lifecycle from '../conversations/lifecycle.js';
import { storedAttachment, type NewFile } from '../files/message-files.js';
import { requestHash, withIdempotency } from '../idempotency/idempotency.js';
import { presentTimelineEvent } from '../inbox/inbox.presenter.js';
import type { Actor } from '../visibility/actor.js';
import { authorize } from '../visibility/policy.js';
import { presentMessage } from './message.presenter.js';
import { collectPart, overdueMessage, type OverdueParts } from './message-parts.js';
import { replyWindowClosesAt, replyWindowMsOf } from './reply-window.js';
import * as repo from './messages.repo.js';
import { nextStatus, type ReportedStatus } from './status.js';

/** Outbound retries: about a minute and a half of back-off before a transient failure becomes final. */
const SEND_RETRY = { retryLimit: 6, retryDelay: 1, retryBackoff: true } as const;
/** Provider media links and ids live for minutes to days: a few minutes of retries, then the failure is shown. */
const MEDIA_RETRY = { retryLimit: 5, retryDelay: 2, retryBackoff: true } as const;

function emitMessageUpdated(uow: Uow, message: repo.MessageRow, contact: { assigneeId: number | null; teamId: number | null }) {
  uow.emit({
    workspaceId: message.workspaceId,
    type: 'message.updated',
    audience: { kind: 'contact', states: [{ assigneeId: contact.assigneeId, teamId: contact.teamId }] },
    payload: { message: presentMessage(message) },
  });
}

/**
 * Text, or (on channels with templates) an approved template, or a file with `text` as its caption; `replyToId`
 * quotes one of the contact's messages.
 */
export type SendInput = { channelId?: number; text?: string; replyToId?: number; template?: TemplateRef; file?: NewFile };

/**
 * An agent's or integration's reply (IN-8, P1): stored `pending` with its send job in one transaction.
 * Replying opens the conversation if needed and assigns an unassigned contact to the replying user.
 */
export async function sendMessage(ctx: Context, actor: Actor, contactId: number, input: SendInput, idempotencyKey?: string) {
  authorize(actor, 'conversation.reply');
  return transact(ctx, async (uow) => {
    const send = async () => {
      const contact = await lockVisibleContact(uow.tx, actor, contactId);
      if (!contact) throw new AppError('not_found');
      if (contact.blockedAt) throw new AppError('contact_blocked');
      const known = await repo.contactChannelFor(uow.tx, contact, input.channelId);
      // CT-3 "send first message": a channel the contact never used is started at their phone or email.
      const started = known || input.channelId === undefined ? undefined : await startContactChannel(ctx, uow.tx, contact, input.channelId);
      const identity = known ?? started?.identity;
      if (!identity) throw new AppError('no_channel');
      const channel = await repo.findChannel(uow.tx, identity.channelId);
      if (!channel || channel.removedAt || channel.status === 'disconnected') throw new AppError('channel_removed');
      const at = new Date();
      const adapter = ctx.channels.get(channel.type);
      if (input.template) {
        if (!adapter.listTemplates) throw new AppError('not_supported', [{ path: 'body.template', message: 'this channel has no templates' }]);
        const template = await findTemplate(uow.tx, channel.id, input.template.name, input.template.language);
        if (template?.status !== 'APPROVED') throw new AppError('template_not_approved');
      } else {
        const closesAt = replyWindowClosesAt(replyWindowMsOf(adapter, channel), identity.lastInboundAt);
        if (closesAt && closesAt <= at) throw new AppError('window_closed', { windowClosedAt: closesAt.getTime() === 0 ? null : closesAt.toISOString() });
      }
      const replyTo = input.replyToId === undefined ? undefined : await repo.lockMessage(uow.tx, input.replyToId);
      if (replyTo && (replyTo.contactId !== contact.id || replyTo.channelId !== channel.id || !replyTo.externalId)) {
        throw new AppError('validation_failed', [{ path: 'body.replyToId', message: 'not a message of this contact on this channel' }]);
      }
      if (input.replyToId !== undefined && !replyTo) throw new AppError('validation_failed', [{ path: 'body.replyToId', message: 'unknown message' }]);
      if (input.file) {
        const maxBytes = adapter.capabilities.files?.[input.file.type];
        if (maxBytes === undefined) throw new AppError('files_not_supported', { type: input.file.type, channelType: channel.type });
        if (input.file.bytes.length > maxBytes) throw new AppError('file_too_large', { maxBytes }, 413);
        if (input.text !== undefined && adapter.capabilities.uncaptionedFiles?.includes(input.file.type)) {
          throw new AppError('validation_failed', [{ path: 'body.text', message: `this channel sends ${input.file.type} files without a caption` }]);
        }
      }
      const stored = input.file && (await ctx.files.put(contact.workspaceId, input.file.bytes));

      const by = byActor(actor);
      const opened = await lifecycle.ensureOpen(uow, contact, by, at);
      const steps = [opened];
      if (actor.userId !== null && contact.assigneeId === null) {
        const current = { ...contact, ...opened.patch } as typeof contact;
        steps.push(await lifecycle.assign(uow, current, opened.conversation, { userId: actor.userId, teamId: current.teamId }, at));
      }
      const message = await repo.insertMessage(uow.tx, {
        workspaceId: contact.workspaceId,
        contactId: contact.id,
        conversationId: opened.conversation.id,
        channelId: channel.id,
        direction: 'out',
        senderKind: actor.kind === 'user' ? 'user' : 'api',
        senderUserId: actor.userId,
        text: input.text ?? null,
        content: input.template
          ? { kind: 'template', template: input.template }
          : input.file && stored
            ? { kind: input.file.type, attachments: [storedAttachment(input.file, stored)] }
            : null,
        replyToId: replyTo?.id ?? null,
        status: 'pending',
        statusTimes: { pending: at.toISOString() },
        createdAt: at,
      });
      if (actor.userId !== null) {
        await updateConversation(uow.tx, opened.conversation.id, {
          firstResponseAt: opened.conversation.firstResponseAt ?? at,
          lastResponseAt: at,
        });
      }
      await uow.enqueue('outbound', { messageId: message.id, contactId: message.contactId } satisfies SendJob, SEND_RETRY);
      const { patch, timeline } = lifecycle.combine(...steps);
      await recordContactChange(
        uow,
        contact,
        {
          ...patch,
          lastMessageId: message.id,
          lastMessageAt: at,
          lastChannelId: channel.id,
          lastInteractionAt: at,
          unansweredCount: 0,
        },
        by,
        started ? [...timeline, started.timeline(opened.conversation.id)] : timeline,
        at,
        { type: 'message.created', payload: { message: presentMessage(message) } },
      );
      return { id: String(message.id), status: message.status };
    };
    if (!idempotencyKey) return send();
    const { response } = await withIdempotency(
      uow.tx,
      { workspaceId: actor.workspaceId, scope: 'messages.send', key: idempotencyKey, requestHash: requestHash({ contactId, ...input, file: input.file && fileFingerprint(input.file) }) },
      send,
    );
    return response;
  });
}

export type InboundOutcome = 'recorded' | Awaited<ReturnType<typeof applyStatus>>;

/**
 * Records what a channel's webhook said (CH-2): new messages once each, statuses forward only. Returns one outcome
 * per event, so the caller can tell a status about an unknown message (which no retry will fix).
 */
export async function ingestInbound(ctx: Context, channel: ChannelRow, events: InboundEvent[]): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  for (const event of events) {
    switch (event.kind) {
      case 'message':
        if (event.echo) {
          outcomes.push(await ingestEcho(ctx, channel, event));
          break;
        }
        // A part of a long message is kept until the message is whole (or its wait ends): there may be nothing to record yet.
        await ingestMessage(ctx, channel, event.contact.externalId, async (uow) =>
          event.part ? collectPart(uow, channel, event, event.part, ctx.config.inboundPartsWaitSeconds) : event,
        );
        outcomes.push('recorded');
        break;
      case 'watermark':
        outcomes.push(await applyWatermark(ctx, channel, event));
        break;
      case 'status':
        outcomes.push(await applyStatus(ctx, channel, event.message, event.status, event.error, event.at ?? new Date()));
        break;
      case 'revoked':
      case 'edited':
        outcomes.push(await applyContactChangeToMessage(ctx, channel, event));
        break;
      case 'identity_changed':
        outcomes.push(await addIdentity(ctx, channel, event));
        break;
      case 'notice':
        outcomes.push('unchanged');
        break;
    }
  }
  return outcomes;
}

/** The parts job: a long message whose other parts did not come in time is recorded with the parts that did. */
export async function recordOverdueParts(ctx: Context, run: JobRun<OverdueParts>) {
  const channel = await repo.findChannel(ctx.db, run.data.channelId);
  if (!channel) return;
  await ingestMessage(ctx, channel, run.data.contactExternalId, (uow) => overdueMessage(uow, run.data.firstPartId));
}

/** Records the contact's message that `take` gives once it holds their identity lock (none: nothing to record). */
async function ingestMessage(
  ctx: Context,
  channel: ChannelRow,
  contactExternalId: string,
  take: (uow: Uow) => Promise<Extract<InboundEvent, { kind: 'message' }> | undefined>,
) {
  await transact(ctx, async (uow) => {
    const { tx } = uow;
    // Deliveries of one contact's messages (retries included) queue here, so the duplicate check below is exact.
    await repo.lockIdentity(tx, channel.id, contactExternalId);
    const event = await take(uow);
    if (!event || (await repo.messageIdByExternalId(tx, channel.id, event.externalId))) return;
    const contact =
      (await repo.lockContactByIdentity(tx, channel.id, event.contact.externalId)) ??
      (await createChannelContact(ctx, uow, channel, event.contact));
    const at = new Date();
    await repo.touchIdentity(tx, channel.id, event.contact.externalId, event.sentAt ?? at);
    const replyToId = event.replyToExternalId ? await repo.messageIdByExternalId(tx, channel.id, event.replyToExternalId) : undefined;
    const by: By = { kind: 'contact', id: contact.id };
    const opened = contact.blockedAt ? undefined : await lifecycle.ensureOpen(uow, contact, by, at);
    const message = await repo.insertMessage(tx, {
      workspaceId: contact.workspaceId,
      contactId: contact.id,
      conversationId: opened?.conversation.id ?? null,
      channelId: channel.id,
      direction: 'in',
      senderKind: 'contact',
      externalId: event.externalId,
      replyToId: replyToId ?? null,
      text: event.text ?? null,
      content: event.content ?? null,
      status: 'received',
      statusTimes: { sent: (event.sentAt ?? at).toISOString() },
      createdAt: at,
    });
    if (event.content?.attachments?.some((a) => a.providerMediaId) && ctx.channels.get(channel.type).fetchMedia) {
      await uow.enqueue('media-fetch', { messageId: message.id }, MEDIA_RETRY);
    }
    // CT-6: a blocked contact's messages are kept but neither shown nor reopen anything.
    if (!opened) return;
    const notes: TimelineDraft[] = (event.notes ?? []).map((n) => ({
      type: n.type,
      conversationId: opened.conversation.id,
      data: { ...n.data, messageId: String(message.id) },
    }));
    await recordContactChange(
      uow,
      contact,
      {
        ...opened.patch,
        lastMessageId: message.id,
        lastMessageAt: at,
        lastInboundAt: at,
        lastChannelId: channel.id,
        lastInteractionAt: at,
        unreadCount: contact.unreadCount + 1,
        unansweredCount: contact.unansweredCount + 1,
      },
      by,
      [...opened.timeline, ...notes],
      at,
      { type: 'message.created', payload: { message: presentMessage(message) } },
    );
  });
}

/** How long an event that may be about a send of ours waits for that send's answer to be recorded. */
const SEND_RACE_MS = 60_000;
/** How far apart the two provider messages of one send (a file, then its text) can arrive. */
const SPLIT_SEND_MS = 10 * 60_000;

/** When a message went out: our sends when they were made, an echo when the provider says it was sent. */
const sentTimeOf = (m: repo.MessageRow) => new Date(Math.min(m.createdAt.getTime(), Date.parse(m.statusTimes.sent ?? '') || Infinity));

/** Whether an event this recent may be about a send whose provider answer is not recorded yet. */
const mayRaceSend = (at: Date | undefined) => Date.now() - (at ?? new Date()).getTime() < SEND_RACE_MS;

/**
 * A message the business sent outside Conversa (Meta's echo, e.g. from the Page inbox): recorded once as an outbound
 * `echo` message, sent, and never sent again. Our own sends come back as echoes too: an echo with a provider id we
 * stored is ours; while a send to the contact awaits the provider's answer the echo may be its copy, so it is retried
 * until that answer is recorded; and the text of a send that went out as a file plus a text is part of that send.
 */
async function ingestEcho(ctx: Context, channel: ChannelRow, event: Extract<InboundEvent, { kind: 'message' }>): Promise<InboundOutcome> {
  return transact(ctx, async (uow) => {
    const { tx } = uow;
    await repo.lockIdentity(tx, channel.id, event.contact.externalId);
    const known = await repo.lockContactByIdentity(tx, channel.id, event.contact.externalId);
    // Asked before the id is looked up: a send answered in between is then seen with its id.
    if (known && mayRaceSend(event.sentAt) && (await repo.sendInFlight(tx, channel.id, known.id))) {
      throw new Error(`echo ${event.externalId} may be the copy of a send not recorded yet; retrying`);
    }
    if (await repo.messageIdByExternalId(tx, channel.id, event.externalId)) return 'unchanged';
    const contact = known ?? (await createChannelContact(ctx, uow, channel, event.contact));
    const sentAt = event.sentAt ?? new Date();
    if (event.text !== undefined && !event.content?.attachments?.length) {
      const splitSends = await repo.fileSendsWithTextSince(tx, channel.id, contact.id, new Date(sentAt.getTime() - SPLIT_SEND_MS));
      if (splitSends.some((m) => m.text === event.text)) return 'unchanged';
    }
    const at = new Date();
    const replyToId = event.replyToExternalId ? await repo.messageIdByExternalId(tx, channel.id, event.replyToExternalId) : undefined;
    const current = contact.conversationStatus && contact.conversationStatus !== 'closed' ? contact.conversationId : null;
    const message = await repo.insertMessage(tx, {
      workspaceId: contact.workspaceId,
      contactId: contact.id,
      // An echo answers within the current conversation; it does not reopen a closed one.
      conversationId: current,
      channelId: channel.id,
      direction: 'out',
      senderKind: 'echo',
      externalId: event.externalId,
      replyToId: replyToId ?? null,
      text: event.text ?? null,
      content: event.content ?? null,
      status: 'sent',
      statusTimes: { sent: sentAt.toISOString() },
      createdAt: at,
    });
    if (event.content?.attachments?.some((a) => a.providerMediaId) && ctx.channels.get(channel.type).fetchMedia) {
      await uow.enqueue('media-fetch', { messageId: message.id }, MEDIA_RETRY);
    }
    if (contact.blockedAt) return 'recorded';
    await recordContactChange(
      uow,
      contact,
      { lastMessageId: message.id, lastMessageAt: at, lastChannelId: channel.id, lastInteractionAt: at, unansweredCount: 0 },
      { kind: 'system' },
      [],
      at,
      { type: 'message.created', payload: { message: presentMessage(message) } },
    );
    return 'recorded';
  });
}

/**
 * The contact's app received or read everything up to a watermark: each outbound message to them on the channel sent
 * at or before it moves forward (statuses never go back). While a send to the contact awaits its answer, a recent
 * watermark may cover it, so it is retried until that answer is recorded.
 */
async function applyWatermark(ctx: Context, channel: ChannelRow, event: Extract<InboundEvent, { kind: 'watermark' }>): Promise<InboundOutcome> {
  return transact(ctx, async (uow) => {
    const { tx } = uow;
    await repo.lockIdentity(tx, channel.id, event.contact.externalId);
    const contact = await repo.lockContactByIdentity(tx, channel.id, event.contact.externalId);
    if (!contact) return 'unknown_message';
    if (mayRaceSend(event.at) && (await repo.sendInFlight(tx, channel.id, contact.id))) {
      throw new Error(`a ${event.status} watermark may cover a send not recorded yet; retrying`);
    }
    let upTo: Date;
    if ('externalId' in event.upTo) {
      const through = await repo.lockChannelMessage(tx, channel.id, { externalId: event.upTo.externalId });
      if (!through || through.contactId !== contact.id || through.direction !== 'out') return 'unknown_message';
      upTo = sentTimeOf(through);
    } else {
      upTo = event.upTo.at;
    }
    const at = event.at ?? upTo;
    const covered = await repo.lockOutboundUpTo(tx, channel.id, contact.id, event.status, upTo, event.externalIds ?? []);
    for (const message of covered) {
      const next = nextStatus(message, event.status, at);
      if (!next.changed) continue;
      emitMessageUpdated(uow, await repo.updateMessage(tx, message.id, { status: next.status, statusTimes: next.statusTimes }), contact);
    }
    return covered.length > 0 ? 'applied' : 'unchanged';
  });
}

async function createChannelContact(ctx: Context, uow: Uow, channel: ChannelRow, identity: InboundContact) {
  const phone = identity.phone ? normalisePhone(identity.phone) : undefined;
  const fields = {
    firstName: null,
    lastName: null,
    displayName: identity.name ?? null,
    email: identity.email ?? null,
    phone: phone?.e164 ?? null,
  };
  const contact = await insertContact(uow.tx, {
    workspaceId: channel.workspaceId,
    ...fields,
    country: phone?.country ?? null,
    searchText: contactSearchText(fields),
  });
  await repo.insertContactChannel(uow.tx, {
    workspaceId: channel.workspaceId,
    contactId: contact.id,
    channelId: channel.id,
    externalId: identity.externalId,
  });
  await requestContactProfile(ctx, uow, channel, contact.id, identity);
  uow.emit({
    workspaceId: channel.workspaceId,
    type: 'contact.created',
    audience: { kind: 'contact', states: [{ assigneeId: null, teamId: null }] },
    payload: { contact: presentContact(contact, []) },
  });
  return contact;
}

/**
 * The contact deleted or edited a message they sent (providers tell, e.g. WhatsApp coexistence numbers). The message
 * stays stored: a deletion marks it deleted, an edit replaces its text; the timeline keeps what it said before.
 * Applying the same notice again changes nothing.
 */
async function applyContactChangeToMessage(
  ctx: Context,
  channel: ChannelRow,
  event: Extract<InboundEvent, { kind: 'revoked' | 'edited' }>,
): Promise<InboundOutcome> {
  return transact(ctx, async (uow) => {
    await repo.lockIdentity(uow.tx, channel.id, event.contact.externalId);
    const contact = await repo.lockContactByIdentity(uow.tx, channel.id, event.contact.externalId);
    const message = contact && (await repo.lockChannelMessage(uow.tx, channel.id, { externalId: event.targetExternalId }));
    if (!contact || !message || message.direction !== 'in' || message.contactId !== contact.id) return 'unknown_message';
    const at = event.at ?? new Date();
    let patch: Partial<repo.MessageRow>;
    let timeline: TimelineDraft;
    if (event.kind === 'revoked') {
      if (message.deletedAt) return 'unchanged';
      patch = { deletedAt: at };
      timeline = { type: 'message_revoked', conversationId: message.conversationId, data: { messageId: String(message.id) } };
    } else {
      const text = event.text ?? null;
      const content = event.content ?? null;
      if (text === message.text && JSON.stringify(content) === JSON.stringify(message.content)) return 'unchanged';
      patch = { text, content };
      timeline = {
        type: 'message_edited',
        conversationId: message.conversationId,
        data: { messageId: String(message.id), previous: { text: message.text, content: message.content } },
      };
    }
    const updated = await repo.updateMessage(uow.tx, message.id, patch);
    await recordContactChange(uow, contact, {}, { kind: 'contact', id: contact.id }, [timeline], new Date(), {
      type: 'message.updated',
      payload: { message: presentMessage(updated) },
    });
    return 'applied';
  });
}

/** The contact now writes from another identity on the channel (a new phone number): it leads to the same contact. */
async function addIdentity(ctx: Context, channel: ChannelRow, event: Extract<InboundEvent, { kind: 'identity_changed' }>): Promise<InboundOutcome> {
  return transact(ctx, async (uow) => {
    const [first, second] = [event.contact.externalId, event.newExternalId].sort();
    await repo.lockIdentity(uow.tx, channel.id, first!);
    await repo.lockIdentity(uow.tx, channel.id, second!);
    const contact = await repo.lockContactByIdentity(uow.tx, channel.id, event.contact.externalId);
    if (!contact) return 'unknown_message';
    if (await repo.lockContactByIdentity(uow.tx, channel.id, event.newExternalId)) return 'unchanged';
    await repo.insertContactChannel(uow.tx, { workspaceId: contact.workspaceId, contactId: contact.id, channelId: channel.id, externalId: event.newExternalId });
    const data = { channelId: String(channel.id), from: event.contact.externalId, to: event.newExternalId, ...event.data };
    await recordContactChange(uow, contact, {}, { kind: 'contact', id: contact.id }, [
      { type: 'contact_identity_changed', conversationId: contact.conversationId, data },
    ], event.at ?? new Date());
    return 'applied';
  });
}

/** A delivery status from the provider; unknown messages are ignored (and reported to the caller). */
export async function applyStatus(
  ctx: Context,
  channel: ChannelRow,
  ref: { id: number } | { externalId: string },
  reported: ReportedStatus,
  error: { code: string; message: string } | undefined,
  at: Date,
): Promise<'applied' | 'unchanged' | 'unknown_message'> {
  return transact(ctx, async (uow) => {
    const message = await repo.lockChannelMessage(uow.tx, channel.id, ref);
    if (!message || message.direction !== 'out') return 'unknown_message';
    const next = nextStatus(message, reported, at);
    if (!next.changed) return 'unchanged';
    const failedNow = next.status === 'failed' && message.status !== 'failed';
    const updated = await repo.updateMessage(uow.tx, message.id, {
      status: next.status,
      statusTimes: next.statusTimes,
      ...(failedNow ? { errorCode: error?.code ?? 'provider_error', errorMessage: error?.message ?? null } : {}),
    });
    const contact = await lockContact(uow.tx, message.contactId);
    emitMessageUpdated(uow, updated, contact!);
    return 'applied';
  });
}

async function markFailed(ctx: Context, messageId: number, code: string, text: string) {
  await transact(ctx, async (uow) => {
    const message = await repo.lockMessage(uow.tx, messageId);
    if (!message) return;
    const next = nextStatus(message, 'failed', new Date());
    const updated = await repo.updateMessage(uow.tx, messageId, { status: next.status, statusTimes: next.statusTimes, errorCode: code, errorMessage: text });
    emitMessageUpdated(uow, updated, (await lockContact(uow.tx, message.contactId))!);
  });
}

/** An outbound job: the message to send, and its contact (sends to one contact go out in order). */
export type SendJob = { messageId: number; contactId: number };
/** How many outbound jobs a worker takes at once, and how many contacts' sends it makes side by side. */
export const OUTBOUND_BATCH = 64;
const OUTBOUND_PARALLEL = 32;

/**
 * The outbound job, for a batch: one send at a time made about 34 sends/s (bench B4), each waiting on its provider
 * call. Sends to one contact go out one after another in the order they were written; the others side by side.
 */
export function deliverMessages(ctx: Context, runs: JobRun<SendJob>[]): Promise<(Error | undefined)[]> {
  const how = { orderOf: (run: JobRun<SendJob>) => run.data.messageId, keysOf: (run: JobRun<SendJob>) => [String(run.data.contactId)], parallel: OUTBOUND_PARALLEL };
  return runInOrderPerKey(runs, how, (run) => deliverMessage(ctx, run));
}

/**
 * The outbound job (P1). The attempt is counted and committed before the provider is called: if we crash after
 * the provider accepted, the retry either resends with the same idempotency key (providers that dedupe on it)
 * or stops and marks the message failed as uncertain, so the contact never receives it twice.
 */
async function deliverMessage(ctx: Context, run: JobRun<SendJob>) {
  const claim = await transact(ctx, async (uow) => {
    const message = await repo.lockMessage(uow.tx, run.data.messageId);
    if (!message || message.status !== 'pending' || message.deletedAt) return null;
    const channel = message.channelId ? await repo.findChannel(uow.tx, message.channelId) : undefined;
    const externalContactId = channel && (await repo.contactExternalId(uow.tx, message.contactId, channel.id));
    if (!channel || channel.removedAt || channel.status === 'disconnected' || !externalContactId) return { fail: 'channel_removed' as const, message };
    const adapter = ctx.channels.get(channel.type);
    if (message.sendAttempts > 0 && !adapter.capabilities.idempotentSend) return { fail: 'delivery_uncertain' as const, message };
    await repo.updateMessage(uow.tx, message.id, { sendAttempts: message.sendAttempts + 1 });
    const replyTo = message.replyToId ? await repo.lockMessage(uow.tx, message.replyToId) : undefined;
    const parent = replyTo ?? (adapter.capabilities.threadsReplies ? await repo.newestInboundOnChannel(uow.tx, message.contactId, channel.id) : undefined);
    return {
      message,
      channel,
      adapter,
      externalContactId,
      replyToExternalId: replyTo?.externalId ?? undefined,
      parent: parent?.externalId ? { externalId: parent.externalId, content: parent.content } : undefined,
      template: message.content?.template,
    };
  });
  if (!claim) return;
  let file: OutboundFile | null | undefined;
  try {
    file = claim.fail ? undefined : await outboundFile(ctx, claim.message);
  } catch (err) {
    // The file store failed before the provider was called: certainly not sent, so the attempt does not count.
    await releaseAttempt(ctx, claim.message);
    throw err;
  }
  if (claim.fail || file === null) {
    const fail = claim.fail ?? 'file_missing';
    const reasons = {
      channel_removed: 'The channel was removed or disconnected.',
      delivery_uncertain: 'The provider may have received this message; it was not sent again to avoid a duplicate.',
      file_missing: 'The file to send is no longer stored.',
    };
    return markFailed(ctx, claim.message.id, fail, reasons[fail]);
  }
  let sent: SentMessage;
  try {
    sent = await claim.adapter.send(
      claim.channel,
      {
        id: claim.message.id,
        text: claim.message.text ?? '',
        contactExternalId: claim.externalContactId,
        replyToExternalId: claim.replyToExternalId,
        parent: claim.parent,
        template: claim.template,
        file,
        webhookUrl: inboundUrlOf(claim.channel, ctx.config.publicUrl),
      },
      ctx.config.outboundTimeoutMs,
    );
  } catch (err) {
    const sendError = err instanceof SendError ? err : new SendError('transient', 'network_error', (err as Error).message);
    if (sendError.credentialsRejected) await markDisconnected(ctx, claim.channel.id, sendError.code);
    const final = sendError.kind === 'permanent' || sendError.kind === 'window_closed' || sendError.credentialsRejected || run.lastAttempt;
    if (final) return markFailed(ctx, claim.message.id, sendError.code, sendError.message);
    if (sendError.kind === 'rate_limited' || sendError.notSent) {
      // A rate-limit refusal or a connection that never opened proves the provider did not take the message: the
      // attempt does not count toward "uncertain". When the provider says how long to wait (Retry-After, Telegram's
      // retry_after), the send is tried again exactly then, without using up a retry.
      const retryAt = sendError.retryAfterMs === undefined ? undefined : new Date(Date.now() + sendError.retryAfterMs);
      await releaseAttempt(ctx, claim.message, retryAt);
      if (retryAt) return;
    }
    throw sendError; // pg-boss retries with back-off
  }
  await transact(ctx, async (uow) => {
    const message = (await repo.lockMessage(uow.tx, claim.message.id))!;
    if (sent.contactExternalId && sent.contactExternalId !== claim.externalContactId) {
      await adoptProviderAddress(uow.tx, message.contactId, claim.channel.id, claim.externalContactId, sent.contactExternalId);
    }
    const next = nextStatus(message, 'sent', new Date());
    const content = sent.content ? { kind: message.content?.kind ?? ('text' as const), ...message.content, ...sent.content } : undefined;
    const updated = await repo.updateMessage(uow.tx, message.id, { externalId: sent.externalId, status: next.status, statusTimes: next.statusTimes, ...(content ? { content } : {}) });
    emitMessageUpdated(uow, updated, (await lockContact(uow.tx, message.contactId))!);
  });
}

/** Takes back a send attempt that certainly did not reach the provider; with `retryAt`, the send is tried again then. */
async function releaseAttempt(ctx: Context, message: repo.MessageRow, retryAt?: Date) {
  await transact(ctx, async (uow) => {
    await repo.updateMessage(uow.tx, message.id, { sendAttempts: message.sendAttempts });
    if (retryAt) await uow.enqueue('outbound', { messageId: message.id, contactId: message.contactId } satisfies SendJob, { ...SEND_RETRY, startAfter: retryAt });
  });
}

/** The file an outbound message carries, read from the store (null: its bytes are gone); undefined for none. */
async function outboundFile(ctx: Context, message: repo.MessageRow): Promise<OutboundFile | null | undefined> {
  const attachment = message.content?.attachments?.[0];
  if (!attachment?.file) return undefined;
  const opened = await ctx.files.open(attachment.file.key);
  if (!opened) return null;
  const bytes = Buffer.concat(await opened.stream.toArray());
  return { type: attachment.type, mimeType: attachment.file.mimeType, filename: attachment.filename ?? 'file', bytes };
}

/** A file as the idempotency hash sees it: a retry sends the same bytes under the same name. */
function fileFingerprint(file: NewFile) {
  return { filename: file.filename, mimeType: file.mimeType, sha256: createHash('sha256').update(file.bytes).digest('hex') };
}

/**
 * IN-12: Owners and Managers delete a message the platform sent. It stays stored, marked deleted, for audit;
 * where the channel can, it is also removed for the contact (in a job).
 */
export async function deleteMessage(ctx: Context, actor: Actor, messageId: number) {
  authorize(actor, 'message.delete');
  return transact(ctx, async (uow) => {
    const found = await repo.lockVisibleMessage(uow.tx, actor, messageId);
    if (!found || found.message.workspaceId !== actor.workspaceId) throw new AppError('not_found');
    const { message, contact } = found;
    if (message.direction !== 'out' || message.senderKind === 'echo') throw new AppError('not_deletable');
    if (message.deletedAt) throw new AppError('already_deleted');
    const at = new Date();
    const updated = await repo.updateMessage(uow.tx, message.id, { deletedAt: at, deletedById: actor.userId });
    const channel = message.channelId ? await repo.findChannel(uow.tx, message.channelId) : undefined;
    const capability = channel ? ctx.channels.get(channel.type).capabilities.deleteForContact : false;
    const forContact =
      !capability || !message.externalId
        ? 'unsupported'
        : capability.maxAgeMs !== undefined && at.getTime() - message.createdAt.getTime() > capability.maxAgeMs
          ? 'too_old'
          : 'requested';
    if (forContact === 'requested') await uow.enqueue('message-delete', { messageId: message.id }, SEND_RETRY);
    await recordContactChange(
      uow,
      contact,
      {},
      byActor(actor),
      [{ type: 'message_deleted', conversationId: message.conversationId, data: { messageId: String(message.id), forContact } }],
      at,
      { type: 'message.updated', payload: { message: presentMessage(updated) } },
    );
    return presentMessage(updated);
  });
}

/** The deletion job: removes the message for the contact on channels that support it. */
export async function deleteForContact(ctx: Context, run: JobRun<{ messageId: number }>) {
  const message = await repo.lockMessage(ctx.db, run.data.messageId);
  const channel = message?.channelId ? await repo.findChannel(ctx.db, message.channelId) : undefined;
  if (!message?.externalId || !channel) return;
  const adapter = ctx.channels.get(channel.type);
  if (!adapter.deleteMessage) return;
  await adapter.deleteMessage(channel, message.externalId, ctx.config.outboundTimeoutMs);
}

/** IN-6: one history across channels, messages and timeline events interleaved, newest first. */
export async function listTimeline(ctx: Context, actor: Actor, contactId: number, before: repo.TimelineCursor | undefined, limit: number) {
  if (!(await repo.visibleContactExists(ctx.db, actor, contactId))) throw new AppError('not_found');
  const { messageRows, eventRows } = await repo.timelinePage(ctx.db, contactId, before, limit);
  const merged = [
    ...messageRows.map((m) => ({ at: m.createdAt, kind: 'message' as const, id: m.id, item: { kind: 'message' as const, ...presentMessage(m) } })),
    ...eventRows.map((e) => ({ at: e.createdAt, kind: 'event' as const, id: e.id, item: { kind: 'event' as const, ...presentTimelineEvent(e) } })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.kind === b.kind ? b.id - a.id : a.kind === 'message' ? -1 : 1));
  const page = merged.slice(0, limit);
  const last = page.at(-1);
  const nextCursor: repo.TimelineCursor | null = merged.length > limit && last ? { at: last.at.toISOString(), kind: last.kind, id: last.id } : null;
  return { items: page.map((p) => p.item), nextCursor };
}

/**
 * The media job: downloads each attachment of an inbound message through its channel (provider media id → bytes)
 * and stores it, so agents read it from us after the provider's links expire. Transient failures retry; a permanent
 * one (or the last try) is recorded on the attachment and the message stays.
 */
export async function fetchMessageMedia(ctx: Context, run: JobRun<{ messageId: number }>) {
  const message = await repo.findMessage(ctx.db, run.data.messageId);
  const channel = message?.channelId ? await repo.findChannel(ctx.db, message.channelId) : undefined;
  const adapter = channel && ctx.channels.get(channel.type);
  const attachments = message?.content?.attachments;
  if (!message || !channel || !adapter?.fetchMedia || !attachments) return;
  const results: MessageContent['attachments'] = [];
  for (const attachment of attachments) {
    if (attachment.file || attachment.fetchError || !attachment.providerMediaId) {
      results.push(attachment);
      continue;
    }
    try {
      const { body, mimeType } = await adapter.fetchMedia(channel, attachment.providerMediaId, ctx.config.outboundTimeoutMs);
      const stored = await ctx.files.put(message.workspaceId, body);
      results.push({ ...attachment, file: { ...stored, mimeType } });
    } catch (err) {
      const failure = err instanceof SendError ? err : new SendError('transient', 'network_error', (err as Error).message);
      if (failure.credentialsRejected) await markDisconnected(ctx, channel.id, failure.code);
      // Files stored before the failure are kept: the retry skips them.
      if (failure.kind !== 'permanent' && !failure.credentialsRejected && !run.lastAttempt) {
        await saveAttachments(ctx, message.id, [...results, ...attachments.slice(results.length)]);
        throw failure;
      }
      results.push({ ...attachment, fetchError: { code: failure.code, message: failure.message } });
    }
  }
  await saveAttachments(ctx, message.id, results);
}

async function saveAttachments(ctx: Context, messageId: number, attachments: NonNullable<MessageContent['attachments']>) {
  await transact(ctx, async (uow) => {
    const message = await repo.lockMessage(uow.tx, messageId);
    if (!message?.content) return;
    const updated = await repo.updateMessage(uow.tx, messageId, { content: { ...message.content, attachments } });
    emitMessageUpdated(uow, updated, (await lockContact(uow.tx, message.contactId))!);
  });
}

/** A stored attachment of a message the actor may see, for download. */
export async function openAttachment(ctx: Context, actor: Actor, messageId: number, index: number) {
  const message = await repo.findVisibleMessage(ctx.db, actor, messageId);
  const attachment = message?.content?.attachments?.[index];
  const opened = attachment?.file && (await ctx.files.open(attachment.file.key));
  if (!attachment?.file || !opened) throw new AppError('not_found');
  return { ...opened, mimeType: attachment.file.mimeType, filename: attachment.filename ?? null };
}

/**
 * The read job: an agent read the contact, so each channel that can be told (WhatsApp) marks the contact's newest
 * message read, which marks the earlier ones too.
 */
export async function markReadOnProviders(ctx: Context, run: JobRun<{ contactId: number }>) {
  for (const { channelId, externalId } of await repo.newestInboundPerChannel(ctx.db, run.data.contactId)) {
    const channel = await repo.findChannel(ctx.db, channelId!);
    const adapter = channel && ctx.channels.get(channel.type);
    if (!channel || channel.removedAt || channel.status === 'disconnected' || !adapter?.markRead) continue;
    try {
      await adapter.markRead(channel, externalId!, ctx.config.outboundTimeoutMs);
    } catch (err) {
      if (err instanceof SendError && err.credentialsRejected) await markDisconnected(ctx, channel.id, err.code);
      else if (!(err instanceof SendError && err.kind === 'permanent')) throw err;
    }
  }
}
