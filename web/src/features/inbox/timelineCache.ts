/**
 * The message console's data (IN-6, IN-11): the contact's history pages (newest first, as the API returns
 * them) patched by realtime events, and optimistic sends reconciled with the server's messages so one send is
 * always one bubble. Pure functions (unit-tested).
 */
import type { InfiniteData } from '@tanstack/react-query';
import type { Message, Page, TimelineEvent, TimelineItem } from '../../api';

export type TimelinePages = InfiniteData<Page<TimelineItem>, string | undefined>;

const time = (item: { createdAt: string }) => Date.parse(item.createdAt);

/** Newest first: by time, then messages before events of the same instant, then by id (the server's order). */
function newerFirst(a: TimelineItem, b: TimelineItem): number {
  const d = time(b) - time(a);
  if (d !== 0) return d;
  if (a.kind !== b.kind) return a.kind === 'message' ? -1 : 1;
  return Number(b.id) - Number(a.id);
}

/**
 * Inserts or replaces one item (a new message, a status change, a timeline event). Replacing keeps its place;
 * a new item goes at its position in the first page (realtime items are new), or is dropped when it is older
 * than everything loaded while older pages remain (scrolling up loads it).
 */
export function upsertItem(data: TimelinePages | undefined, item: TimelineItem): TimelinePages | undefined {
  if (!data) return data;
  let replaced = false;
  const pages = data.pages.map((page) => {
    const i = page.items.findIndex((x) => x.kind === item.kind && x.id === item.id);
    if (i === -1) return page;
    replaced = true;
    const items = page.items.slice();
    items[i] = item;
    return { ...page, items };
  });
  if (replaced) return { ...data, pages };
  const all = data.pages.flatMap((p) => p.items);
  const oldest = all.at(-1);
  if (oldest && newerFirst(item, oldest) > 0 && data.pages.at(-1)?.nextCursor) return data;
  const [first, ...rest] = data.pages;
  const items = [...(first?.items ?? []), item].sort(newerFirst);
  return { ...data, pages: [{ ...(first ?? { nextCursor: null }), items }, ...rest] };
}

export const messageItem = (message: Message): TimelineItem => ({ kind: 'message', ...message });
export const eventItem = (event: TimelineEvent): TimelineItem => ({ kind: 'event', ...event });

/** A message being sent: shown at once, keyed by its Idempotency-Key (which a retry reuses). */
export type PendingSend = {
  key: string;
  contactId: string;
  text: string;
  channelId?: string;
  createdAt: string;
  state: 'sending' | 'failed';
  error?: string;
};

/** The message the POST created, for the timeline until its realtime event (same id) replaces it. */
export function sentMessage(send: PendingSend, answer: { id: string; status: Message['status'] }, userId: string | null): Message {
  return {
    id: answer.id,
    contactId: send.contactId,
    conversationId: null,
    channelId: send.channelId ?? null,
    direction: 'out',
    senderKind: 'user',
    senderUserId: userId,
    externalId: null,
    replyToId: null,
    text: send.text,
    status: answer.status,
    statusTimes: { [answer.status]: send.createdAt },
    error: null,
    createdAt: send.createdAt,
    deletedAt: null,
    deletedById: null,
  };
}

/**
 * Adds the POST's message only when the realtime event has not brought it already (that one is complete: its
 * conversation, channel and times are the server's).
 */
export function addSent(data: TimelinePages | undefined, message: Message): TimelinePages | undefined {
  if (data?.pages.some((p) => p.items.some((i) => i.kind === 'message' && i.id === message.id))) return data;
  return upsertItem(data, messageItem(message));
}
