/**
 * When a channel's reply window closes for a contact (WhatsApp: 24 hours after their last message): epoch 0 when they
 * never wrote on it; undefined on channels without a window.
 */
export function replyWindowClosesAt(windowMs: number | undefined, lastInboundAt: Date | null): Date | undefined {
  if (windowMs === undefined) return undefined;
  return new Date(lastInboundAt ? lastInboundAt.getTime() + windowMs : 0);
}

/** The window as the API shows it: `closesAt` null when the contact never wrote on the channel. */
export function presentReplyWindow(closesAt: Date | undefined, now: Date) {
  return closesAt ? { open: closesAt > now, closesAt: closesAt.getTime() === 0 ? null : closesAt.toISOString() } : null;
}
