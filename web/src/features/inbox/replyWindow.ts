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

/** The channel a reply goes out on: the one picked, else the server's choice (the last one used, else the newest usable). */
export function replyChannel(channels: ContactChannel[], picked: string, lastChannelId: string | null): ContactChannel | undefined {
  if (picked) return channels.find((c) => c.channelId === picked);
  const usable = channels.filter((c) => c.usable);
  return usable.find((c) => c.channelId === lastChannelId) ?? usable[0] ?? channels[0];
}
