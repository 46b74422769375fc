import { describe, expect, it } from 'vitest';
import type { InboxRow } from '../../api';
import { contactOf } from '../../test/fixtures';
import { applyRow, removeContact, rowMatches, type InboxPages, type ListQuery, type Viewer } from './listCache';

function row(id: string, lastActivityAt: string, over: Partial<InboxRow['contact']> = {}, rest: Partial<InboxRow> = {}): InboxRow {
  return {
    contact: contactOf(id, over),
    conversation: null,
    lastMessage: null,
    lastActivityAt,
    statusChangedAt: lastActivityAt,
    lastChannelId: null,
    unreadCount: 0,
    unansweredCount: 0,
    ...rest,
  };
}

const pages = (items: InboxRow[][], nextCursor: string | null = null): InboxPages => ({
  pageParams: items.map((_, i) => (i === 0 ? undefined : `c${i}`)),
  pages: items.map((p, i) => ({ items: p, nextCursor: i < items.length - 1 ? `c${i + 1}` : nextCursor })),
});
const ids = (d: InboxPages | undefined) => d!.pages.flatMap((p) => p.items.map((r) => r.contact.id));
const everyone: Viewer = { userId: '7', canSee: () => true };
const newestOpen: ListQuery = { view: 'all', status: 'open', sort: 'newest' };

describe('inbox list cache patching', () => {
  const a = row('1', '2026-01-01T10:00:00Z');
  const b = row('2', '2026-01-01T09:00:00Z');
  const c = row('3', '2026-01-01T08:00:00Z');

  it('moves a row with a new message to the top of a newest-first list', () => {
    const data = pages([[a, b], [c]]);
    const updated = applyRow(data, row('3', '2026-01-01T11:00:00Z'), newestOpen, everyone);
    expect(ids(updated)).toEqual(['3', '1', '2']);
    expect(updated!.pages.map((p) => p.items.length)).toEqual([2, 1]);
  });

  it('puts it at the bottom of an oldest-first list, or leaves it to the next page when more remain', () => {
    const oldest: ListQuery = { ...newestOpen, sort: 'oldest' };
    const fresh = row('9', '2026-01-01T12:00:00Z');
    expect(ids(applyRow(pages([[c, b, a]]), fresh, oldest, everyone))).toEqual(['3', '2', '1', '9']);
    expect(ids(applyRow(pages([[c, b, a]], 'more'), fresh, oldest, everyone))).toEqual(['3', '2', '1']);
  });

  it('sorts longest/shortest by the time the status changed', () => {
    const longest: ListQuery = { ...newestOpen, sort: 'longest' };
    const justReopened = row('2', '2026-01-01T09:00:00Z', {}, { statusChangedAt: '2026-01-02T00:00:00Z' });
    expect(ids(applyRow(pages([[c, b, a]]), justReopened, longest, everyone))).toEqual(['3', '1', '2']);
    expect(ids(applyRow(pages([[a, b, c]]), justReopened, { ...longest, sort: 'shortest' }, everyone))).toEqual(['2', '1', '3']);
  });

  it('removes a row that left the status filter (closed) or the view (assigned away from Unassigned)', () => {
    const data = pages([[a, b, c]]);
    expect(ids(applyRow(data, row('2', b.lastActivityAt, { conversationStatus: 'closed' }), newestOpen, everyone))).toEqual(['1', '3']);
    const unassigned: ListQuery = { ...newestOpen, view: 'unassigned' };
    expect(ids(applyRow(data, row('1', a.lastActivityAt, { assigneeId: '7' }), unassigned, everyone))).toEqual(['2', '3']);
  });

  it('inserts a row that entered the view (assigned to me → Mine) at its position', () => {
    const mine: ListQuery = { ...newestOpen, view: 'mine' };
    const data = pages([[row('1', a.lastActivityAt, { assigneeId: '7' }), row('3', c.lastActivityAt, { assigneeId: '7' })]]);
    expect(ids(applyRow(data, row('2', b.lastActivityAt, { assigneeId: '7' }), mine, everyone))).toEqual(['1', '2', '3']);
    expect(ids(applyRow(data, row('2', b.lastActivityAt, { assigneeId: '8' }), mine, everyone))).toEqual(['1', '3']);
  });

  it('matches team views by team and drops rows out of the user\'s sight', () => {
    const team: ListQuery = { ...newestOpen, view: 'team:5' };
    expect(rowMatches(row('1', a.lastActivityAt, { teamId: '5' }), team, everyone)).toBe(true);
    expect(rowMatches(row('1', a.lastActivityAt, { teamId: '6' }), team, everyone)).toBe(false);
    const onlyMine: Viewer = { userId: '7', canSee: (r) => r.contact.assigneeId === '7' };
    expect(ids(applyRow(pages([[a, b]]), row('1', a.lastActivityAt, { assigneeId: '8' }), newestOpen, onlyMine))).toEqual(['2']);
  });

  it('replaces a row in place (new counts) and never adds rows to a search list', () => {
    const data = pages([[a, b]]);
    const read = applyRow(data, { ...a, unreadCount: 0, unansweredCount: 3 }, newestOpen, everyone);
    expect(read!.pages[0]!.items[0]!.unansweredCount).toBe(3);
    expect(ids(applyRow(data, row('9', '2026-01-02T00:00:00Z'), { ...newestOpen, q: 'ana' }, everyone))).toEqual(['1', '2']);
  });

  it('removes a deleted contact, and leaves unloaded lists alone', () => {
    expect(ids(removeContact(pages([[a, b], [c]]), '2'))).toEqual(['1', '3']);
    expect(applyRow(undefined, a, newestOpen, everyone)).toBeUndefined();
  });
});
