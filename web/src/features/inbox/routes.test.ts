import { describe, expect, it } from 'vitest';
import { snoozePresets, zonedTime } from './ConversationActions';
import { conversationPath, parseInboxPath } from './routes';

describe('inbox routes', () => {
  it('parses an inbox with or without an open contact', () => {
    expect(parseInboxPath(['mine'])).toEqual({ view: 'mine', contactId: null });
    expect(parseInboxPath(['all', '42'])).toEqual({ view: 'all', contactId: '42' });
    expect(parseInboxPath(['team', '7'])).toEqual({ view: 'team:7', contactId: null });
    expect(parseInboxPath(['team', '7', '42'])).toEqual({ view: 'team:7', contactId: '42' });
    expect(parseInboxPath(['all', 'x'])).toBeNull();
    expect(parseInboxPath(['team', '7', '42', '1'])).toBeNull();
    expect(conversationPath('team:7', '42')).toBe('/inbox/team/7/42');
  });
});

describe('snooze presets', () => {
  it('are wall-clock times in the workspace zone', () => {
    expect(zonedTime(2026, 11, 23, 9, 'America/Sao_Paulo').toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(zonedTime(2026, 11, 23, 9, 'America/Mexico_City').toISOString()).toBe('2026-11-23T15:00:00.000Z');
    // Saturday 2026-11-21 23:30 in São Paulo: tomorrow is Sunday the 22nd, next week Monday the 23rd.
    const presets = snoozePresets(new Date('2026-11-22T02:30:00Z'), 'America/Sao_Paulo');
    expect(presets.map((p) => p.until.toISOString())).toEqual([
      '2026-11-22T03:30:00.000Z',
      '2026-11-22T05:30:00.000Z',
      '2026-11-22T12:00:00.000Z',
      '2026-11-23T12:00:00.000Z',
    ]);
  });
});
