import type { ChannelAdapter, ChannelRow } from '../../channels/types.js';

/**
 * When a channel's reply window closes for a contact (WhatsApp: 24 hours after their last message): epoch 0 when they
 * never wrote on it; undefined on channels without a window.
 */
export function replyWindowClosesAt(windowMs: number | undefined, lastInboundAt: Date | null): Date | undefined {
  if (windowMs === undefined) return undefined;
  return new Date(lastInboundAt ? lastInboundAt.getTime() + windowMs : 0);
}

/** A channel's reply window: its own when its config decides it (Meta's HUMAN_AGENT tag), else its type's. */
export function replyWindowMsOf(adapter: Pick<ChannelAdapter, 'capabilities' | 'replyWindowMsFor'>, channel: ChannelRow): number | undefined {
  return adapter.replyWindowMsFor?.(channel) ?? adapter.capabilities.replyWindowMs;
}

/** The window as the API shows it: `closesAt` null when the contact never wrote on the channel. */
export function presentReplyWindow(closesAt: Date | undefined, now: Date) {
  return closesAt ? { open: closesAt > now, closesAt: closesAt.getTime() === 0 ? null : closesAt.toISOString() } : null;
}
