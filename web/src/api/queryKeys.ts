/**
 * react-query keys, in one place so realtime handlers and mutations invalidate the right data.
 * Convention: `[domain, ...params]`; invalidating `[domain]` refreshes every query of that domain.
 */
export const queryKeys = {
  me: ['me'] as const,
  workspace: ['workspace'] as const,
  users: ['users'] as const,
  teams: ['teams'] as const,
  channels: ['channels'] as const,
  inboxCounts: ['inbox', 'counts'] as const,
  /** Every inbox list: invalidate `['inbox', 'list']` to refresh them all. */
  inboxList: (query: object = {}) => ['inbox', 'list', query] as const,
};
