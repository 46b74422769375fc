import type { ChannelRow, InboundEvent } from '../../channels/types.js';
import type { Uow } from '../../db/unit-of-work.js';
import * as repo from './message-parts.repo.js';

/**
 * Long inbound messages that arrive in parts (concatenated SMS, `part` on a message event). Both functions run under
 * the contact's identity lock, inside the transaction that records the message they return, so parts delivered at
 * once, repeated or out of order make exactly one message.
 */

type InboundMessage = Extract<InboundEvent, { kind: 'message' }>;
type Part = NonNullable<InboundMessage['part']>;

/** The parts job: the first part of a message that was still waiting for its others when the wait ended. */
export type OverdueParts = { channelId: number; contactExternalId: string; firstPartId: number };

/** The parts job is retried like an inbound webhook: whatever arrived is recorded, even across a database restart. */
const PARTS_RETRY = { retryLimit: 10, retryDelay: 1, retryBackoff: true } as const;

/**
 * Keeps a part (once: a provider's retry of it changes nothing, even after its message was recorded) and returns the
 * message to record now: the whole one when this part completes it. The first part of a message starts the wait for
 * the others. A part whose place is taken by another part waiting under the same reference belongs to a later message
 * (a handset reuses its references): the waiting one gets no more parts, so it is recorded as it is, and this part
 * starts the next.
 */
export async function collectPart(uow: Uow, channel: ChannelRow, event: InboundMessage, part: Part, waitSeconds: number): Promise<InboundMessage | undefined> {
  if (await repo.partKnown(uow.tx, channel.id, event.externalId)) return undefined;
  const group = { channelId: channel.id, contactExternalId: event.contact.externalId, group: part.group, total: part.total };
  const waiting = await repo.waitingParts(uow.tx, group);
  const superseded = waiting.some((p) => p.index === part.index);
  const kept = { contact: event.contact, text: event.text, content: event.content, sentAt: event.sentAt?.toISOString() };
  const row = await repo.insertPart(uow.tx, { ...group, index: part.index, externalId: event.externalId, part: kept });
  if (superseded || waiting.length === 0) await startWait(uow, row, waitSeconds);
  if (superseded) return take(uow, waiting);
  const parts = [...waiting, row];
  return parts.length === part.total ? take(uow, parts) : undefined;
}

/** The parts job: the message whose first part is `firstPartId`, with the parts that came, unless it was recorded already. */
export async function overdueMessage(uow: Uow, firstPartId: number): Promise<InboundMessage | undefined> {
  const first = await repo.findPart(uow.tx, firstPartId);
  if (!first || first.recordedAt) return undefined;
  return take(uow, await repo.waitingParts(uow.tx, first));
}

async function startWait(uow: Uow, first: repo.PartRow, waitSeconds: number) {
  const data: OverdueParts = { channelId: first.channelId, contactExternalId: first.contactExternalId, firstPartId: first.id };
  await uow.enqueue('inbound-parts', data, { ...PARTS_RETRY, startAfter: new Date(Date.now() + waitSeconds * 1000) });
}

/**
 * The parts (one per index) as one message under the first one's id, marked recorded: their texts joined in order,
 * sent when the earliest was. When some never came, `content.error` says which; the text is what came.
 */
async function take(uow: Uow, parts: repo.PartRow[]): Promise<InboundMessage> {
  await repo.markRecorded(uow.tx, parts.map((p) => p.id), new Date());
  const ordered = [...parts].sort((a, b) => a.index - b.index);
  const kept = ordered.map((p) => p.part!);
  const total = ordered[0]!.total;
  const texts = kept.filter((k) => k.text !== undefined);
  const content = kept.find((k) => k.content)?.content;
  const sentAt = kept.map((k) => k.sentAt).filter((at) => at !== undefined).sort()[0];
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !ordered.some((p) => p.index === index));
  const plural = (n: number) => (n > 1 ? 's' : '');
  const error = missing.length > 0 && {
    code: 'parts_missing',
    message: `Part${plural(missing.length)} ${missing.join(', ')} of ${total} never arrived; the text is part${plural(ordered.length)} ${ordered.map((p) => p.index).join(', ')}.`,
  };
  return {
    kind: 'message',
    externalId: ordered[0]!.externalId,
    contact: kept[0]!.contact,
    ...(texts.length > 0 ? { text: texts.map((k) => k.text).join('') } : {}),
    ...(content || error ? { content: { kind: 'text' as const, ...content, ...(error ? { error } : {}) } } : {}),
    ...(sentAt ? { sentAt: new Date(sentAt) } : {}),
  };
}
