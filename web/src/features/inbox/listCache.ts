/**
 * Live inbox lists (IN-4, IN-17): realtime events carry the contact's new inbox `row`; this puts it where it
 * belongs in every loaded list — replaced, moved to its sort position, inserted, or removed when it left the
 * view, the status filter or the user's sight — without refetching. Pure functions (unit-tested).
 */
import type { InfiniteData } from '@tanstack/react-query';
import type { InboxQuery, InboxRow, Page } from '../../api';

export type ListQuery = Required<Pick<InboxQuery, 'view' | 'status' | 'sort'>> & { q?: string };
export type InboxPages = InfiniteData<Page<InboxRow>, string | undefined>;

/** What the signed-in user is: to tell Mine, and whether a row is still within their sight (WS-3). */
export type Viewer = { userId: string | null; canSee: (row: InboxRow) => boolean };

/** Whether the row belongs in the list of `query` (view + status filter); search lists are not judged here. */
export function rowMatches(row: InboxRow, query: ListQuery, viewer: Viewer): boolean {
  const c = row.contact;
  if (!viewer.canSee(row)) return false;
  if (c.conversationStatus !== query.status) return false;
  if (query.view === 'all') return true;
  if (query.view === 'mine') return viewer.userId !== null && c.assigneeId === viewer.userId;
  if (query.view === 'unassigned') return c.assigneeId === null;
  return c.teamId === query.view.slice('team:'.length);
}

/** The sort key of a row: last message time (newest/oldest) or time in the current status (longest/shortest). */
function sortKey(row: InboxRow, sort: ListQuery['sort']): number {
  const value = sort === 'newest' || sort === 'oldest' ? row.lastActivityAt : row.statusChangedAt;
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? 0 : time;
}

/** Negative when `a` comes before `b` in the list (ties by contact id, as the server's keyset does). */
export function compareRows(a: InboxRow, b: InboxRow, sort: ListQuery['sort']): number {
  const descending = sort === 'newest' || sort === 'shortest';
  const ka = sortKey(a, sort);
  const kb = sortKey(b, sort);
  if (ka !== kb) return descending ? kb - ka : ka - kb;
  const ia = Number(a.contact.id);
  const ib = Number(b.contact.id);
  return descending ? ib - ia : ia - ib;
}

/**
 * The list after `row` changed. A row that no longer belongs is removed; one that belongs is placed at its sort
 * position among the loaded rows — unless it sorts after the last loaded row while more pages remain (the
 * next page will bring it). In a search list rows are only updated or removed, never added.
 */
export function applyRow(data: InboxPages | undefined, row: InboxRow, query: ListQuery, viewer: Viewer): InboxPages | undefined {
  if (!data) return data;
  const id = row.contact.id;
  const rows = data.pages.flatMap((p) => p.items);
  const index = rows.findIndex((r) => r.contact.id === id);
  const belongs = rowMatches(row, query, viewer);
  if (!belongs && index === -1) return data;
  if (query.q && index === -1) return data;
  const without = index === -1 ? rows : [...rows.slice(0, index), ...rows.slice(index + 1)];
  if (!belongs) return repage(data, without);
  let at = without.findIndex((r) => compareRows(row, r, query.sort) < 0);
  const hasMore = !!data.pages.at(-1)?.nextCursor;
  if (at === -1) {
    if (hasMore) return repage(data, without);
    at = without.length;
  }
  return repage(data, [...without.slice(0, at), row, ...without.slice(at)]);
}

/** The list without the contact (deleted, or no longer visible). */
export function removeContact(data: InboxPages | undefined, contactId: string): InboxPages | undefined {
  if (!data) return data;
  const rows = data.pages.flatMap((p) => p.items);
  if (!rows.some((r) => r.contact.id === contactId)) return data;
  return repage(data, rows.filter((r) => r.contact.id !== contactId));
}

/**
 * Puts `rows` back into the pages' shape: each page keeps its size except the last, which absorbs the
 * difference, and every page keeps its cursor (the server's keyset cursors stay valid: they are positions).
 */
function repage(data: InboxPages, rows: InboxRow[]): InboxPages {
  const pages: Page<InboxRow>[] = [];
  let offset = 0;
  data.pages.forEach((page, i) => {
    const last = i === data.pages.length - 1;
    const items = last ? rows.slice(offset) : rows.slice(offset, offset + page.items.length);
    offset += items.length;
    pages.push({ ...page, items });
  });
  return { ...data, pages };
}
