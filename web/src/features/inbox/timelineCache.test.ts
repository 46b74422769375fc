import { describe, expect, it } from 'vitest';
import type { Message, TimelineEvent } from '../../api';
import { addSent, eventItem, messageItem, sentMessage, upsertItem, type PendingSend, type TimelinePages } from './timelineCache';

const message = (id: string, createdAt: string, over: Partial<Message> = {}): Message => ({
  id,
  contactId: '1',
  conversationId: '1',
  channelId: '1',
  direction: 'in',
  senderKind: 'contact',
  senderUserId: null,
  externalId: null,
  replyToId: null,
  text: `m${id}`,
  status: 'received',
  statusTimes: {},
  error: null,
  createdAt,
  deletedAt: null,
  deletedById: null,
  ...over,
});
const event = (id: string, createdAt: string): TimelineEvent => ({ id, contactId: '1', conversationId: '1', type: 'opened', actor: { kind: 'contact', id: '1' }, data: {}, createdAt });
const data = (nextCursor: string | null = null): TimelinePages => ({
  pageParams: [undefined],
  pages: [{ items: [messageItem(message('2', '2026-01-01T10:00:00Z')), eventItem(event('1', '2026-01-01T09:59:59Z'))], nextCursor }],
});
const keys = (d: TimelinePages | undefined) => d!.pages.flatMap((p) => p.items.map((i) => `${i.kind[0]}${i.id}`));

describe('timeline cache', () => {
  it('adds a new message at the newest end, and a status change in place', () => {
    const withNew = upsertItem(data(), messageItem(message('3', '2026-01-01T10:01:00Z')));
    expect(keys(withNew)).toEqual(['m3', 'm2', 'e1']);
    const delivered = upsertItem(withNew, messageItem(message('3', '2026-01-01T10:01:00Z', { status: 'delivered' })));
    expect(keys(delivered)).toEqual(['m3', 'm2', 'e1']);
    expect(delivered!.pages[0]!.items[0]).toMatchObject({ status: 'delivered' });
  });

  it('orders a message before the event of the same instant (as the server does)', () => {
    const at = '2026-01-01T10:05:00Z';
    const d = upsertItem(upsertItem(data(), eventItem(event('5', at))), messageItem(message('4', at)));
    expect(keys(d).slice(0, 2)).toEqual(['m4', 'e5']);
  });

  it('ignores an item older than everything loaded while older pages remain', () => {
    expect(keys(upsertItem(data('more'), messageItem(message('0', '2025-01-01T00:00:00Z'))))).toEqual(['m2', 'e1']);
  });
});

describe('optimistic send reconciliation', () => {
  const send: PendingSend = { key: 'k1', contactId: '1', text: 'Hola', createdAt: '2026-01-01T10:02:00Z', state: 'sending' };

  it('the POST answer adds the message once; the realtime event then replaces it (same id, one bubble)', () => {
    const afterPost = addSent(data(), sentMessage(send, { id: '9', status: 'pending' }, '7'));
    expect(keys(afterPost)).toEqual(['m9', 'm2', 'e1']);
    const afterEvent = upsertItem(afterPost, messageItem(message('9', '2026-01-01T10:02:00.123Z', { direction: 'out', status: 'sent', text: 'Hola' })));
    expect(keys(afterEvent)).toEqual(['m9', 'm2', 'e1']);
    expect(afterEvent!.pages[0]!.items[0]).toMatchObject({ status: 'sent' });
  });

  it('when the realtime event came first, the POST answer adds nothing', () => {
    const afterEvent = upsertItem(data(), messageItem(message('9', '2026-01-01T10:02:00.123Z', { direction: 'out', status: 'sent' })));
    const afterPost = addSent(afterEvent, sentMessage(send, { id: '9', status: 'pending' }, '7'));
    expect(afterPost).toBe(afterEvent);
    expect(keys(afterPost)).toEqual(['m9', 'm2', 'e1']);
  });
});
