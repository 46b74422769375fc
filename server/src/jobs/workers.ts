import type { Context } from '../context.js';
import { INBOUND_BATCH, processWebhookReceipts } from '../domain/channels/webhooks.service.js';
import { fetchContactProfile, type ProfileJob } from '../domain/contacts/contact-profile.service.js';
import { wakeSnoozed } from '../domain/conversations/conversations.service.js';
import type { OverdueParts } from '../domain/messages/message-parts.js';
import { deleteForContact, deliverMessages, fetchMessageMedia, markReadOnProviders, OUTBOUND_BATCH, recordOverdueParts, type SendJob } from '../domain/messages/messages.service.js';
import { queues } from './queue.js';

/** Starts this node's job workers, in priority order: inbound webhooks (then the parts of long messages that waited too long), outbound sends, media, contact profiles and read receipts, then timers. */
export async function startWorkers(ctx: Context): Promise<void> {
  await ctx.jobs.workBatch<{ receiptId: number }>(queues.inbound, INBOUND_BATCH, (runs) => processWebhookReceipts(ctx, runs));
  await ctx.jobs.work<OverdueParts>(queues.inboundParts, (run) => recordOverdueParts(ctx, run));
  await ctx.jobs.workBatch<SendJob>(queues.outbound, OUTBOUND_BATCH, (runs) => deliverMessages(ctx, runs));
  await ctx.jobs.work<{ messageId: number }>(queues.mediaFetch, (run) => fetchMessageMedia(ctx, run));
  await ctx.jobs.work<ProfileJob>(queues.contactProfile, (run) => fetchContactProfile(ctx, run));
  await ctx.jobs.work<{ contactId: number }>(queues.providerRead, (run) => markReadOnProviders(ctx, run));
  await ctx.jobs.work<{ messageId: number }>(queues.messageDelete, (run) => deleteForContact(ctx, run));
  await ctx.jobs.work<{ conversationId: number; until: string }>(queues.snoozeWake, (run) => wakeSnoozed(ctx, run.data));
}
