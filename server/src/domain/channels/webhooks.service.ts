import type { WebhookRequest } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { transact } from '../../db/unit-of-work.js';
import { notFound } from '../../http/errors.js';
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

/** A provider's GET handshake on the webhook URL (WhatsApp: echo `hub.challenge` when the verify token matches). */
export async function answerHandshake(ctx: Context, type: string, channelId: number, query: Record<string, unknown>): Promise<string> {
  const channel = await repo.findWebhookChannel(ctx.db, channelId);
  if (!channel || channel.type !== type) throw notFound();
  const adapter = ctx.channels.get(channel.type);
  if (!adapter.verifyHandshake) throw notFound();
  return adapter.verifyHandshake(channel, query);
}

/**
 * CH-2 intake (P1): verify the provider's signature on the raw bytes, reject a malformed body, then store the
 * body and its processing job in one transaction and answer. Nothing is stored for a rejected request, and
 * nothing accepted is lost: the job is committed with the receipt.
 */
export async function receiveWebhook(ctx: Context, type: string, channelId: number, request: WebhookRequest) {
  const channel = await repo.findWebhookChannel(ctx.db, channelId);
  if (!channel || channel.type !== type) throw notFound();
  const adapter = ctx.channels.get(channel.type);
  adapter.verifyWebhook(channel, request, ctx.config.webhookMaxSkewSeconds);
  // Parsed here only to refuse a malformed body before anything is stored; the job parses the stored copy.
  adapter.parseWebhook(channel, request.rawBody);
  await transact(ctx, async (uow) => {
    const receipt = await repo.insertReceipt(uow.tx, {
      workspaceId: channel.workspaceId,
      channelId: channel.id,
      body: request.rawBody.toString('utf8'),
      receivedAt: request.now,
    });
    await repo.touchLastWebhook(uow.tx, channel.id, request.now);
    await uow.enqueue('inbound', { receiptId: receipt.id }, INBOUND_RETRY);
  });
}

/**
 * The inbound job: normalises a stored webhook through its channel's adapter and records it (idempotent on the
 * provider's message id, so a retry after a partial failure stores nothing twice). A failure is noted on the
 * receipt and rethrown for pg-boss to retry; a status about a message that is not ours can never apply, so it is
 * noted and the receipt closed.
 */
export async function processWebhookReceipt(ctx: Context, run: JobRun<{ receiptId: number }>) {
  const found = await repo.findReceipt(ctx.db, run.data.receiptId);
  if (!found || found.receipt.processedAt) return;
  const { receipt, channel } = found;
  try {
    const adapter = ctx.channels.get(channel.type);
    const events = adapter.parseWebhook(channel, Buffer.from(receipt.body, 'utf8'));
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
    await repo.markReceiptProcessed(ctx.db, receipt.id, notes.length > 0 ? notes.join('\n') : null);
    // Recorded is what matters; a lost acknowledgement (a button's spinner) is logged, never a reason to retry.
    if (adapter.acknowledge) {
      for (const event of events) {
        await adapter.acknowledge(channel, event, ctx.config.outboundTimeoutMs).catch((err: Error) => ctx.log.warn({ err, channelId: channel.id }, 'provider acknowledgement failed'));
      }
    }
  } catch (err) {
    await repo.recordReceiptError(ctx.db, receipt.id, (err as Error).message);
    throw err;
  }
}
