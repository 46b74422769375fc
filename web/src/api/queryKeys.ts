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
  templates: (channelId: string) => ['channels', channelId, 'templates'] as const,
  inboxCounts: ['inbox', 'counts'] as const,
  /** Every inbox list: invalidate `['inbox', 'list']` to refresh them all. */
  inboxList: (query: object = {}) => ['inbox', 'list', query] as const,
  contact: (id: string) => ['contact', id] as const,
  /** A contact's history (messages and events), newest first, `before`-paginated. */
  timeline: (contactId: string) => ['timeline', contactId] as const,
  contactChannels: (contactId: string) => ['contact', contactId, 'channels'] as const,
  tags: ['tags'] as const,
  customFields: ['customFields'] as const,
  closingCategories: ['closingCategories'] as const,
  invitations: ['invitations'] as const,
  apiTokens: ['apiTokens'] as const,
};
