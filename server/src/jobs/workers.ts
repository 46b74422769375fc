import type { Context } from '../context.js';
import { processWebhookReceipt } from '../domain/channels/webhooks.service.js';
import { wakeSnoozed } from '../domain/conversations/conversations.service.js';
import { deleteForContact, deliverMessage, fetchMessageMedia, markReadOnProviders } from '../domain/messages/messages.service.js';
import { queues } from './queue.js';

/** Starts this node's job workers, in priority order: inbound webhooks, outbound sends, media and read receipts, then timers. */
export async function startWorkers(ctx: Context): Promise<void> {
  await ctx.jobs.work<{ receiptId: number }>(queues.inbound, (run) => processWebhookReceipt(ctx, run));
  await ctx.jobs.work<{ messageId: number }>(queues.outbound, (run) => deliverMessage(ctx, run));
  await ctx.jobs.work<{ messageId: number }>(queues.mediaFetch, (run) => fetchMessageMedia(ctx, run));
  await ctx.jobs.work<{ contactId: number }>(queues.providerRead, (run) => markReadOnProviders(ctx, run));
  await ctx.jobs.work<{ messageId: number }>(queues.messageDelete, (run) => deleteForContact(ctx, run));
  await ctx.jobs.work<{ conversationId: number; until: string }>(queues.snoozeWake, (run) => wakeSnoozed(ctx, run.data));
}
