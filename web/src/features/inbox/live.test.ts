import { InfiniteQueryObserver, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { queryKeys, type InboxRow, type Page } from '../../api';
import { contactOf } from '../../test/fixtures';
import type { InboxPages, ListQuery, Viewer } from './listCache';
import { applyRowEverywhere } from './live';

const row = (id: string): InboxRow => ({
  contact: contactOf(id, { conversationStatus: 'open' }),
  conversation: null,
  lastMessage: null,
  lastActivityAt: '2026-01-01T10:00:00Z',
  statusChangedAt: '2026-01-01T10:00:00Z',
  lastChannelId: null,
  unreadCount: 1,
  unansweredCount: 1,
});
const everyone: Viewer = { userId: '7', canSee: () => true };
const query: ListQuery = { view: 'all', status: 'open', sort: 'newest' };
const ids = (d: InboxPages | undefined) => d?.pages.flatMap((p) => p.items.map((r) => r.contact.id));

describe('IN-17 a live row and a list fetch in flight', () => {
  it('a list answer that predates the event does not erase the row: the list is fetched again', async () => {
    const queryClient = new QueryClient();
    // The server's list: empty when the reload after `ready` was read, then holding the new contact.
    const answers: Page<InboxRow>[] = [{ items: [], nextCursor: null }, { items: [row('9')], nextCursor: null }];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let calls = 0;
    const observer = new InfiniteQueryObserver(queryClient, {
      queryKey: queryKeys.inboxList(query),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last: Page<InboxRow>) => last.nextCursor ?? undefined,
      queryFn: async () => {
        const answer = answers[Math.min(calls++, 1)]!;
        if (calls === 1) await firstHeld;
        return answer;
      },
    });
    const unsubscribe = observer.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 0));
    expect(queryClient.getQueryState(queryKeys.inboxList(query))?.fetchStatus).toBe('fetching');

    applyRowEverywhere(queryClient, row('9'), everyone);
    releaseFirst();
    await new Promise((r) => setTimeout(r, 20));

    expect(ids(queryClient.getQueryData<InboxPages>(queryKeys.inboxList(query)))).toEqual(['9']);
    expect(calls).toBe(2);
    unsubscribe();
    queryClient.clear();
  });

  it('a loaded list is patched in place, without a fetch', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData<InboxPages>(queryKeys.inboxList(query), { pages: [{ items: [], nextCursor: null }], pageParams: [undefined] });
    applyRowEverywhere(queryClient, row('9'), everyone);
    expect(ids(queryClient.getQueryData<InboxPages>(queryKeys.inboxList(query)))).toEqual(['9']);
    expect(queryClient.getQueryState(queryKeys.inboxList(query))?.fetchStatus).toBe('idle');
  });
});
