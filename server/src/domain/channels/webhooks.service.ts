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
    await repo.updateChannel(uow.tx, channel.id, { lastWebhookAt: request.now });
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
    const events = ctx.channels.get(channel.type).parseWebhook(channel, Buffer.from(receipt.body, 'utf8'));
    const outcomes = await ingestInbound(ctx, channel, events);
    const notes = events.flatMap((event, i) =>
      event.kind === 'status' && outcomes[i] === 'unknown_message'
        ? [`unknown_message: ${JSON.stringify(event.message)} is not an outbound message of this channel`]
        : [],
    );
    await repo.markReceiptProcessed(ctx.db, receipt.id, notes.length > 0 ? notes.join('\n') : null);
  } catch (err) {
    await repo.recordReceiptError(ctx.db, receipt.id, (err as Error).message);
    throw err;
  }
}
