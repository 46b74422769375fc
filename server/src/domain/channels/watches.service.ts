import type { ChannelRow, WatchBatch } from '../../channels/types.js';
import type { Context } from '../../context.js';
import { ingestInbound } from '../messages/messages.service.js';
import { messageIdByExternalId } from '../messages/messages.repo.js';
import { touchLastWebhook } from './channels.repo.js';
import * as repo from './watches.repo.js';

/** This node no longer holds the channel: what it read is recorded, but it must stop reading. */
export class LeaseLostError extends Error {
  constructor(channelId: number) {
    super(`The lease on channel ${channelId} passed to another node.`);
  }
}

/**
 * CH-2 for channels read over a connection (email): what the adapter read is recorded through the same ingestion as
 * webhooks (a message once per external id, so reading again after a crash stores nothing twice), then the cursor is
 * saved, so a restart resumes after what was recorded. The channel's "last webhook" time is its last arrival.
 */
export async function recordWatched(ctx: Context, channel: ChannelRow, holder: string, batch: WatchBatch) {
  if (batch.events.length > 0) {
    await ingestInbound(ctx, channel, batch.events);
    for (const event of batch.events) {
      if (event.kind === 'notice') ctx.log.info({ channelId: channel.id, code: event.code }, event.message);
    }
    await touchLastWebhook(ctx.db, channel.id, new Date());
  }
  if (!(await repo.saveCursor(ctx.db, channel.id, holder, batch.cursor))) throw new LeaseLostError(channel.id);
}

export async function isRecorded(ctx: Context, channelId: number, externalId: string): Promise<boolean> {
  return (await messageIdByExternalId(ctx.db, channelId, externalId)) !== undefined;
}
