import type { ContactChannel } from '../../api';

/** How close to closing an open window must be before the composer mentions it. */
export const CLOSING_SOON_MS = 3 * 3_600_000;

export type ReplyWindow =
  | { state: 'none' }
  | { state: 'open'; closesAt: string; soon: boolean }
  /** `closedAt` null: the contact never wrote on this channel, so it never opened. */
  | { state: 'closed'; closedAt: string | null };

/**
 * The reply window of the channel a reply would go out on, judged against the clock now (not when the list was
 * fetched): it closes while the agent is typing.
 */
export function replyWindowOf(channel: Pick<ContactChannel, 'replyWindow'> | undefined, now: Date): ReplyWindow {
  const window = channel?.replyWindow;
  if (!window) return { state: 'none' };
  if (!window.closesAt) return { state: 'closed', closedAt: null };
  const left = Date.parse(window.closesAt) - now.getTime();
  return left > 0 ? { state: 'open', closesAt: window.closesAt, soon: left <= CLOSING_SOON_MS } : { state: 'closed', closedAt: window.closesAt };
}

/**
 * The channel a reply goes out on: the one picked, else the server's choice among the contact's active channels (the
 * last one used, else the newest usable). The server never starts a channel by itself: see `firstMessageChannel`.
 */
export function replyChannel(channels: ContactChannel[], picked: string, lastChannelId: string | null): ContactChannel | undefined {
  if (picked) return channels.find((c) => c.channelId === picked);
  const usable = channels.filter((c) => c.usable && c.state === 'active');
  return usable.find((c) => c.channelId === lastChannelId) ?? usable[0] ?? channels[0];
}

/** The channels the composer can send on: active ones and those it can start (CT-3 inactive); the list is ordered that way. */
export const sendableChannels = (channels: ContactChannel[]) => channels.filter((c) => c.state !== 'unavailable');

/**
 * With no working active channel, the composer picks the first channel it can start (CT-3: a contact added by hand with a
 * phone is written to first on WhatsApp or SMS): '' when the server's choice applies.
 */
export function firstMessageChannel(channels: ContactChannel[] | undefined): string {
  if (!channels || channels.some((c) => c.state === 'active' && c.usable)) return '';
  return channels.find((c) => c.state === 'inactive')?.channelId ?? '';
}
