import type { ChannelAdapter } from '../../channels/types.js';
import type { Actor } from '../visibility/actor.js';
import { replyWindowMsOf } from '../messages/reply-window.js';
import { can } from '../visibility/policy.js';
import type { ChannelRow, TemplateRow } from './channels.repo.js';

/** Where the provider posts this channel's webhooks. */
export const inboundUrlOf = (channel: Pick<ChannelRow, 'type' | 'id'>, publicUrl: string) => `${publicUrl}/webhooks/${channel.type}/${channel.id}`;

/** What everyone in the workspace sees of a channel (CH-6 health included); never its secret. */
export function presentChannel(channel: ChannelRow, publicUrl: string, adapter: ChannelAdapter) {
  const { capabilities } = adapter;
  return {
    id: String(channel.id),
    type: channel.type,
    name: channel.name,
    status: channel.status,
    // Why it is not connected (e.g. `token_expired`), and since when.
    statusReason: channel.statusReason,
    statusChangedAt: channel.statusChangedAt?.toISOString() ?? null,
    lastWebhookAt: channel.lastWebhookAt?.toISOString() ?? null,
    createdAt: channel.createdAt.toISOString(),
    // Where the provider posts this channel's webhooks.
    inboundUrl: inboundUrlOf(channel, publicUrl),
    // Channels browsers talk to (web chat) are named by it in the embed snippet; it is public by design.
    ...(channel.publicKey ? { publicKey: channel.publicKey } : {}),
    // What the channel can do, for the UI to say so (the delete dialog, the composer): null means "no limit" / "none".
    capabilities: {
      deleteForContact: capabilities.deleteForContact && { maxAgeMs: capabilities.deleteForContact.maxAgeMs ?? null },
      replyWindowMs: replyWindowMsOf(adapter, channel) ?? null,
      // Attachment types the channel can send, each with its size limit in bytes ({} when it sends no files).
      files: capabilities.files ?? {},
      uncaptionedFiles: capabilities.uncaptionedFiles ?? [],
    },
  };
}

/** As `presentChannel`, plus its connection settings for those who manage channels (they may name internal hosts). */
export function presentChannelFor(viewer: Actor, channel: ChannelRow, publicUrl: string, adapter: ChannelAdapter) {
  const shown = presentChannel(channel, publicUrl, adapter);
  return can(viewer, 'settings.manage') ? { ...shown, config: channel.config } : shown;
}

/** A message template synced from the provider, as the composer offers it. */
export function presentTemplate(t: TemplateRow) {
  return { name: t.name, language: t.language, status: t.status, category: t.category, components: t.components, syncedAt: t.syncedAt.toISOString() };
}
