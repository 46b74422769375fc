import { describe, expect, it } from 'vitest';
import type { ContactChannel } from '../../api';
import { deleteForContact } from './deleteForContact';
import { firstMessageChannel, replyChannel, replyWindowOf, sendableChannels } from './replyWindow';

const now = new Date('2026-03-10T12:00:00Z');
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString();
const channel = (id: string, extra: Partial<ContactChannel> = {}): ContactChannel => ({
  channelId: id,
  channelType: 'whatsapp_cloud',
  channelName: `WA ${id}`,
  state: 'active',
  externalId: '34600000000',
  usable: true,
  startsWith: 'phone',
  connectedAt: '2026-03-01T09:00:00Z',
  conversationUrl: null,
  lastInboundAt: null,
  replyWindow: null,
  unavailableReason: null,
  ...extra,
});

describe('reply window', () => {
  it('is judged against the clock now, not the open flag fetched earlier', () => {
    expect(replyWindowOf(channel('1', { replyWindow: { open: true, closesAt: inHours(-0.1) } }), now)).toEqual({ state: 'closed', closedAt: inHours(-0.1) });
    expect(replyWindowOf(channel('1', { replyWindow: { open: true, closesAt: inHours(10) } }), now)).toEqual({ state: 'open', closesAt: inHours(10), soon: false });
    expect(replyWindowOf(channel('1', { replyWindow: { open: true, closesAt: inHours(2) } }), now)).toEqual({ state: 'open', closesAt: inHours(2), soon: true });
  });

  it('never opened when the contact never wrote; none on channels without a window', () => {
    expect(replyWindowOf(channel('1', { replyWindow: { open: false, closesAt: null } }), now)).toEqual({ state: 'closed', closedAt: null });
    expect(replyWindowOf(channel('1', { channelType: 'telegram' }), now)).toEqual({ state: 'none' });
    expect(replyWindowOf(undefined, now)).toEqual({ state: 'none' });
  });

  it('follows the channel the server would send on: the picked one, else the last used if usable, else the newest usable', () => {
    const list = [channel('3', { usable: false }), channel('2'), channel('1')];
    expect(replyChannel(list, '1', '2')?.channelId).toBe('1');
    expect(replyChannel(list, '', '1')?.channelId).toBe('1');
    expect(replyChannel(list, '', '3')?.channelId).toBe('2');
    expect(replyChannel(list, '', null)?.channelId).toBe('2');
    expect(replyChannel([channel('3', { usable: false })], '', null)?.channelId).toBe('3');
  });

  it('CT-3 never picks a channel to start by itself; the composer starts one only when no active channel works', () => {
    const inactive = channel('9', { state: 'inactive', connectedAt: null, replyWindow: { open: false, closesAt: null } });
    const unavailable = channel('8', { state: 'unavailable', usable: false, externalId: null, startsWith: null, unavailableReason: 'contact_starts' });
    expect(sendableChannels([channel('1'), inactive, unavailable]).map((c) => c.channelId)).toEqual(['1', '9']);
    expect(replyChannel([channel('1'), inactive], '', null)?.channelId).toBe('1');
    expect(replyChannel([channel('1'), inactive], '9', null)?.channelId).toBe('9');
    expect(firstMessageChannel([channel('1'), inactive])).toBe('');
    expect(firstMessageChannel([channel('1', { usable: false }), inactive])).toBe('9');
    expect(firstMessageChannel([inactive])).toBe('9');
    expect(firstMessageChannel([])).toBe('');
    expect(firstMessageChannel(undefined)).toBe('');
  });
});

describe('delete for the contact', () => {
  const sent = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
  const caps = (deleteForContact: false | { maxAgeMs: number | null }) => ({ capabilities: { deleteForContact, replyWindowMs: null } });

  it('never on WhatsApp; on Telegram only under 48 hours; always on web chat; unknown channel: no', () => {
    expect(deleteForContact(caps(false), sent(1), now.getTime())).toEqual({ state: 'no' });
    expect(deleteForContact(caps({ maxAgeMs: 48 * 3_600_000 }), sent(47), now.getTime())).toEqual({ state: 'yes', hours: 48 });
    expect(deleteForContact(caps({ maxAgeMs: 48 * 3_600_000 }), sent(49), now.getTime())).toEqual({ state: 'tooOld', hours: 48 });
    expect(deleteForContact(caps({ maxAgeMs: null }), sent(1000), now.getTime())).toEqual({ state: 'yes', hours: null });
    expect(deleteForContact(undefined, sent(1), now.getTime())).toEqual({ state: 'no' });
  });
});
