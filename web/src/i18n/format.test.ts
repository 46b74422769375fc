import { describe, expect, it } from 'vitest';
import { formatDay, formatFull, formatRelative, formatTime } from './format';

const now = new Date('2026-11-22T15:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const min = 60_000;
const tz = 'America/Sao_Paulo'; // UTC-3

describe('formatRelative', () => {
  it('"now" under a minute (and for times a skewed clock puts in the future)', () => {
    expect(formatRelative(ago(20_000), { locale: 'en', timeZone: tz, now })).toBe('now');
    expect(formatRelative(ago(-5_000), { locale: 'es', timeZone: tz, now })).toBe('ahora');
    expect(formatRelative(ago(0), { locale: 'pt-BR', timeZone: tz, now })).toBe('agora');
  });

  it('minutes, hours, days in each language', () => {
    expect(formatRelative(ago(5 * min), { locale: 'en', timeZone: tz, now })).toBe('5 min');
    expect(formatRelative(ago(5 * min), { locale: 'es', timeZone: tz, now })).toBe('5 min');
    expect(formatRelative(ago(5 * min), { locale: 'pt-BR', timeZone: tz, now })).toBe('5 min');
    expect(formatRelative(ago(3 * 60 * min + 59 * min), { locale: 'es', timeZone: tz, now })).toBe('3 h');
    expect(formatRelative(ago(2 * 24 * 60 * min), { locale: 'pt-BR', timeZone: tz, now })).toBe('2 dias');
    expect(formatRelative(ago(2 * 24 * 60 * min), { locale: 'es', timeZone: tz, now })).toBe('2 d');
  });

  it('a date after a week, with the year only for another year', () => {
    expect(formatRelative('2026-11-03T12:00:00Z', { locale: 'en', timeZone: tz, now })).toBe('Nov 3');
    expect(formatRelative('2026-11-03T12:00:00Z', { locale: 'es', timeZone: tz, now })).toBe('3 nov');
    expect(formatRelative('2025-11-03T12:00:00Z', { locale: 'pt-BR', timeZone: tz, now })).toBe('03/11/2025');
  });

  it('the workspace time zone decides the calendar day', () => {
    // 02:00 UTC on Jan 1 is still Dec 31 in São Paulo.
    const late = new Date('2027-01-01T02:00:00Z');
    const later = new Date('2027-01-20T02:00:00Z');
    expect(formatRelative(late, { locale: 'en', timeZone: tz, now: later })).toBe('12/31/26');
    expect(formatRelative(late, { locale: 'en', timeZone: 'UTC', now: later })).toBe('Jan 1');
  });

  it('an invalid date gives an empty string, not "Invalid Date"', () => {
    expect(formatRelative('nope', { locale: 'en', timeZone: tz, now })).toBe('');
    expect(formatFull('nope', { locale: 'en', timeZone: tz })).toBe('');
  });
});

describe('formatFull, formatTime, formatDay', () => {
  it('full date and time in the workspace zone', () => {
    const text = formatFull('2026-11-22T15:04:00Z', { locale: 'en', timeZone: tz });
    expect(text).toMatch(/^Sun, Nov 22, 2026, 12:04\sPM/);
    expect(formatFull('2026-11-22T15:04:00Z', { locale: 'pt-BR', timeZone: tz })).toMatch(/22 de nov\. de 2026.*12:04/);
  });

  it('time of day per locale', () => {
    expect(formatTime('2026-11-22T18:30:00Z', { locale: 'en', timeZone: tz })).toMatch(/^3:30\sPM$/);
    expect(formatTime('2026-11-22T18:30:00Z', { locale: 'es', timeZone: tz })).toBe('15:30');
  });

  it('today, yesterday, then the date', () => {
    expect(formatDay(ago(60 * min), { locale: 'en', timeZone: tz, now })).toBe('Today');
    expect(formatDay(ago(24 * 60 * min), { locale: 'es', timeZone: tz, now })).toBe('Ayer');
    expect(formatDay('2026-11-10T15:00:00Z', { locale: 'pt-BR', timeZone: tz, now })).toBe('terça-feira, 10 de novembro');
  });
});
