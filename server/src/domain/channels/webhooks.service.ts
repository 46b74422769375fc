import type { InboundEvent, WebhookRequest } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { WriteBatcher } from '../../db/write-batcher.js';
import { notFound } from '../../http/errors.js';
import { runInOrderPerKey } from '../../jobs/in-order-per-key.js';
import type { JobRun } from '../../jobs/queue.js';
import { ingestInbound } from '../messages/messages.service.js';
import * as repo from './channels.repo.js';

/**
 * A stored webhook is normalised again until it succeeds: up to ~34 minutes of back-off outlasts a database restart.
 * One that still fails stays unprocessed with its error, to be replayed.
 */
const INBOUND_RETRY = { retryLimit: 10, retryDelay: 1, retryBackoff: true } as const;
/** How long a status may wait for the send that it reports to be recorded. */
const STATUS_RACE_MS = 60_000;

/**
 * A GET on the webhook URL: a provider's handshake (WhatsApp: echo `hub.challenge` when the verify token matches), or
 * a callback that carries its fields in the query (SMS delivery reports), taken in like a POST with the query as body.
 */
export async function answerGet(
  ctx: Context,
  type: string,
  channelId: number,
  query: Record<string, unknown>,
  request: WebhookRequest & { url: string },
): Promise<{ challenge: string } | { ok: true }> {
  const channel = await repo.findWebhookChannel(ctx.db, channelId);
  if (!channel || channel.type !== type) throw notFound();
  const adapter = ctx.channels.get(channel.type);
  if (channel.removedAt) {
    // A removed channel verifies no new subscription, but its deliveries are answered so the provider stops retrying.
    if (adapter.verifyHandshake) throw notFound();
    return { ok: true };
  }
  if (adapter.verifyHandshake) return { challenge: adapter.verifyHandshake(channel, query) };
  if (!adapter.webhookGet) throw notFound();
  await intake(ctx, channel, request, Buffer.from(new URL(request.url).search.slice(1)));
  return { ok: true };
}

/**
 * CH-2 intake (P1): verify the provider's signature on the raw bytes, reject a malformed body, then store the
 * body and its processing job in one transaction and answer. Nothing is stored for a rejected request, and
 * nothing accepted is lost: the job is committed with the receipt.
 */
export async function receiveWebhook(ctx: Context, type: string, channelId: number, request: WebhookRequest) {
  const channel = await repo.findWebhookChannel(ctx.db, channelId);
  if (!channel || channel.type !== type) throw notFound();
  // CH-5: what still arrives for a removed channel is answered (the provider stops retrying) and ignored.
  if (channel.removedAt) return ctx.channels.get(channel.type).webhookAnswer;
  await intake(ctx, channel, request, request.rawBody);
  // What the provider expects back, where `{"ok": true}` is not it (Twilio: TwiML).
  return ctx.channels.get(channel.type).webhookAnswer;
}

/** Verifies a webhook request, then stores `payload` (what the adapter parses: the body, or a GET's query) with its job. */
async function intake(ctx: Context, channel: repo.ChannelRow, request: WebhookRequest, payload: Buffer) {
  const adapter = ctx.channels.get(channel.type);
  await adapter.verifyWebhook(channel, request, ctx.config.webhookMaxSkewSeconds);
  // Parsed here only to refuse a malformed body before anything is stored; the job parses the stored copy.
  adapter.parseWebhook(channel, payload);
  await receiptWriterOf(ctx).add({ workspaceId: channel.workspaceId, channelId: channel.id, body: payload.toString('utf8'), receivedAt: request.now });
}

type NewReceipt = { workspaceId: number; channelId: number; body: string; receivedAt: Date };

/** Most webhooks written in one transaction. */
const RECEIPT_BATCH = 200;
const receiptWriters = new WeakMap<Context, WriteBatcher<NewReceipt>>();

/**
 * This node's receipt writer: webhooks that arrive while a write is in flight are stored together, in one
 * transaction with their jobs. One at a time, intake's four statements per webhook were a third of the server's
 * database round trips in bench B1. A failed write fails its whole batch: none of them is acknowledged, so the
 * providers send them again.
 */
function receiptWriterOf(ctx: Context): WriteBatcher<NewReceipt> {
  let writer = receiptWriters.get(ctx);
  if (!writer) {
    writer = new WriteBatcher((receipts) => storeReceipts(ctx, receipts), RECEIPT_BATCH);
    receiptWriters.set(ctx, writer);
  }
  return writer;
}

async function storeReceipts(ctx: Context, receipts: NewReceipt[]) {
  await transact(ctx, async (uow) => {
    const ids = await repo.insertReceipts(uow.tx, receipts);
    const latest = new Map<number, Date>();
    for (const { channelId, receivedAt } of receipts) {
      const seen = latest.get(channelId);
      if (!seen || receivedAt > seen) latest.set(channelId, receivedAt);
    }
    for (const [channelId, at] of latest) await repo.touchLastWebhook(uow.tx, channelId, at);
    await uow.enqueueAll('inbound', ids.map((receiptId) => ({ receiptId })), INBOUND_RETRY);
  });
}

/** How many inbound jobs a worker takes at once, and how many groups of them it processes side by side. */
export const INBOUND_BATCH = 32;
const INBOUND_PARALLEL = 4;

type LoadedReceipt = { receipt: repo.ReceiptRow; channel: repo.ChannelRow; events?: InboundEvent[]; parseError?: unknown };

/**
 * The inbound job, for a batch of stored webhooks (one at a time stored about 40 messages/s, bench B1). Receipts
 * about the same contact are processed one after another in the order they were received, so a contact's messages keep
 * their order; the others run side by side. Returns each job's failure, for pg-boss to retry that job alone.
 */
export async function processWebhookReceipts(ctx: Context, runs: JobRun<{ receiptId: number }>[]): Promise<(Error | undefined)[]> {
  const found = await repo.findReceipts(ctx.db, runs.map((run) => run.data.receiptId));
  const loaded = runs.map((run): LoadedReceipt | undefined => {
    const row = found.get(run.data.receiptId);
    if (!row || row.receipt.processedAt) return undefined;
    try {
      return { ...row, events: ctx.channels.get(row.channel.type).parseWebhook(row.channel, Buffer.from(row.receipt.body, 'utf8')) };
    } catch (parseError) {
      return { ...row, parseError };
    }
  });
  const processed: { id: number; notes: string | null }[] = [];
  const failures = await runInOrderPerKey(
    loaded,
    {
      // pg-boss hands a batch over in no particular order; receipt ids follow the order webhooks were received in.
      orderOf: (item) => item?.receipt.id ?? 0,
      keysOf: (item) => (item?.events ? item.events.flatMap((e) => contactKeyOf(item.channel.id, e)) : []),
      parallel: INBOUND_PARALLEL,
    },
    async (item) => {
      if (item) processed.push({ id: item.receipt.id, notes: await processReceipt(ctx, item) });
    },
  );
  // Closed together at the end (one statement, not one per receipt): one left open by a crash is recorded again, once.
  await repo.markReceiptsProcessed(ctx.db, processed);
  return failures;
}

/**
 * Normalises one stored webhook through its channel's adapter and records it (idempotent on the provider's message
 * id, so a retry after a partial failure stores nothing twice). A failure is noted on the receipt and rethrown for
 * pg-boss to retry; a status about a message that is not ours can never apply, so it is noted and the receipt closed.
 * Returns the notes the receipt is closed with (null: none).
 */
async function processReceipt(ctx: Context, { receipt, channel, events, parseError }: LoadedReceipt): Promise<string | null> {
  try {
    if (!events) throw parseError;
    const adapter = ctx.channels.get(channel.type);
    const outcomes = await ingestInbound(ctx, channel, events);
    // A status naming the provider's id can beat our send job to the database (Meta reports within milliseconds): while
    // the receipt is young it is tried again (everything in it applies once), after that it is noted.
    const early = events.some((e, i) => e.kind === 'status' && 'externalId' in e.message && outcomes[i] === 'unknown_message');
    if (early && Date.now() - receipt.receivedAt.getTime() < STATUS_RACE_MS) throw new Error('a status names a message not stored yet; retrying');
    const notes = events.flatMap((event, i) => {
      if (event.kind === 'notice') return [`${event.code}: ${event.message}`];
      if (outcomes[i] !== 'unknown_message') return [];
      if (event.kind === 'status') return [`unknown_message: ${JSON.stringify(event.message)} is not an outbound message of this channel`];
      return [`unknown_message: ${event.kind} names ${JSON.stringify('targetExternalId' in event ? event.targetExternalId : event.contact.externalId)}, unknown on this channel`];
    });
    // Recorded is what matters; a lost acknowledgement (a button's spinner) is logged, never a reason to retry.
    if (adapter.acknowledge) {
      for (const event of events) {
        await adapter.acknowledge(channel, event, ctx.config.outboundTimeoutMs).catch((err: Error) => ctx.log.warn({ err, channelId: channel.id }, 'provider acknowledgement failed'));
      }
    }
    return notes.length > 0 ? notes.join('\n') : null;
  } catch (err) {
    await repo.recordReceiptError(ctx.db, receipt.id, (err as Error).message);
    throw err;
  }
}

/** The contact an event is about, as `channel:externalId`; statuses name a message, not a contact (their order is free). */
function contactKeyOf(channelId: number, event: InboundEvent): string[] {
  if (event.kind === 'identity_changed') return [`${channelId}:${event.contact.externalId}`, `${channelId}:${event.newExternalId}`];
  return 'contact' in event ? [`${channelId}:${event.contact.externalId}`] : [];
}
