import type { StartAddress } from '../../channels/start-address.js';
import type { ChannelAdapter, ChannelRow } from '../../channels/types.js';
import { presentReplyWindow, replyWindowClosesAt, replyWindowMsOf } from '../messages/reply-window.js';
import type { IdentityRow } from './contact-channels.repo.js';

/** Why the business cannot write first on a channel (CT-3 "unavailable"). */
export type UnavailableReason =
  /** Only the contact can start it (Messenger, Instagram, Telegram, web chat, API). */
  | 'contact_starts'
  /** It starts with a phone or email the contact does not have (or that is not valid for it). */
  | 'no_phone'
  | 'no_email'
  /** Another contact already holds this address on the channel (a duplicate to merge, CT-5). */
  | 'address_in_use';

/** A workspace channel the contact has no identity on, with how it could be started (computed by the service). */
export type Candidate = { channel: ChannelRow; start: StartAddress; heldByOther: boolean };

const common = (channel: ChannelRow, adapter: ChannelAdapter) => ({
  channelId: String(channel.id),
  channelType: channel.type,
  channelName: channel.name,
  startsWith: adapter.startsWith?.address ?? null,
});

/**
 * CT-3: the contact's channels in three states, active first (newest first), then inactive and unavailable (in the
 * workspace's channel order). `externalId` is the identity's id, or for an inactive channel the one a first message
 * would create; `usable` says whether a message can be sent on it now.
 */
export function presentContactChannels(
  identities: { identity: IdentityRow; channel: ChannelRow }[],
  candidates: Candidate[],
  adapterOf: (type: string) => ChannelAdapter,
  now: Date,
) {
  // A contact whose number changed on a channel keeps both identities there; sends use the newest (listed first).
  const byChannel = new Map<number, { identity: IdentityRow; channel: ChannelRow; connectedAt: Date }>();
  for (const { identity, channel } of identities) {
    const seen = byChannel.get(channel.id);
    if (seen) seen.connectedAt = identity.createdAt < seen.connectedAt ? identity.createdAt : seen.connectedAt;
    else byChannel.set(channel.id, { identity, channel, connectedAt: identity.createdAt });
  }
  const active = [...byChannel.values()].map(({ identity, channel, connectedAt }) => {
    const adapter = adapterOf(channel.type);
    return {
      ...common(channel, adapter),
      state: 'active' as const,
      externalId: identity.externalId,
      usable: channel.removedAt === null && channel.status !== 'disconnected',
      connectedAt: connectedAt.toISOString(),
      conversationUrl: adapter.conversationUrl?.(channel, identity.externalId) ?? null,
      lastInboundAt: identity.lastInboundAt?.toISOString() ?? null,
      replyWindow: presentReplyWindow(replyWindowClosesAt(replyWindowMsOf(adapter, channel), identity.lastInboundAt), now),
      unavailableReason: null,
    };
  });
  const others = candidates.map(({ channel, start, heldByOther }) => {
    const adapter = adapterOf(channel.type);
    const inactive = start.kind === 'ready' && !heldByOther;
    const reason: UnavailableReason | null = inactive
      ? null
      : start.kind === 'contact_starts'
        ? 'contact_starts'
        : start.kind === 'missing'
          ? (`no_${start.address}` as const)
          : 'address_in_use';
    return {
      ...common(channel, adapter),
      state: inactive ? ('inactive' as const) : ('unavailable' as const),
      externalId: inactive ? start.externalId : null,
      usable: inactive,
      connectedAt: null,
      conversationUrl: null,
      lastInboundAt: null,
      // Never written on: a channel with a reply window is closed (only templates) until the contact answers.
      replyWindow: inactive ? presentReplyWindow(replyWindowClosesAt(replyWindowMsOf(adapter, channel), null), now) : null,
      unavailableReason: reason,
    };
  });
  return [...active, ...others.filter((o) => o.state === 'inactive'), ...others.filter((o) => o.state === 'unavailable')];
}

export type PresentedContactChannel = ReturnType<typeof presentContactChannels>[number];
