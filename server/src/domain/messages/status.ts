import type { StatusTimes } from '../../db/schema.js';

export type MessageStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
export type ReportedStatus = 'sent' | 'delivered' | 'read' | 'failed';

const rank: Record<MessageStatus, number> = { received: 0, pending: 0, sent: 1, delivered: 2, read: 3, failed: 0 };

/**
 * Statuses arrive late, twice and out of order: a message only moves forward (sent < delivered < read), and
 * failed is terminal but cannot undo a delivery. The time of every reported step is kept even when it
 * arrives after a later one.
 */
export function nextStatus(
  current: { status: MessageStatus; statusTimes: StatusTimes },
  reported: ReportedStatus,
  at: Date,
): { status: MessageStatus; statusTimes: StatusTimes; changed: boolean } {
  const statusTimes = { ...current.statusTimes };
  statusTimes[reported] ??= at.toISOString();
  let status = current.status;
  if (current.status !== 'failed') {
    if (reported === 'failed') {
      if (rank[current.status] < rank.delivered) status = 'failed';
    } else if (rank[reported] > rank[current.status]) {
      status = reported;
    }
  }
  const changed = status !== current.status || statusTimes[reported] !== current.statusTimes[reported];
  return { status, statusTimes, changed };
}
