import type { Actor } from '../visibility/actor.js';
import { can } from '../visibility/policy.js';
import type { ChannelRow } from './channels.repo.js';

/** What everyone in the workspace sees of a channel (CH-6 health included); never its secret. */
export function presentChannel(channel: ChannelRow, publicUrl: string) {
  return {
    id: String(channel.id),
    type: channel.type,
    name: channel.name,
    status: channel.status,
    lastWebhookAt: channel.lastWebhookAt?.toISOString() ?? null,
    createdAt: channel.createdAt.toISOString(),
    // Where the provider posts this channel's webhooks.
    inboundUrl: `${publicUrl}/webhooks/${channel.type}/${channel.id}`,
  };
}

/** As `presentChannel`, plus its connection settings for those who manage channels (they may name internal hosts). */
export function presentChannelFor(viewer: Actor, channel: ChannelRow, publicUrl: string) {
  const shown = presentChannel(channel, publicUrl);
  return can(viewer, 'settings.manage') ? { ...shown, config: channel.config } : shown;
}
