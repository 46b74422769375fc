/**
 * Dates and times in the user's language and the workspace's time zone, with Intl only.
 * Pure functions (unit-tested); components use `useFormatTime()` or `<Time>` from ./time.
 */

export type DateInput = Date | string | number;
export type FormatContext = {
  /** BCP 47 language tag: the UI language (`en`, `es`, `pt-BR`). */
  locale: string;
  /** IANA zone: the workspace's (GET /api/v1/workspace → timezone). */
  timeZone: string;
  /** "Now", for relative times (tests pass a fixed one). */
  now?: Date;
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (!value) cache.set(key, (value = make()));
  return value;
}

function dtf(locale: string, options: Intl.DateTimeFormatOptions) {
  return cached(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
}

function unit(locale: string, u: 'minute' | 'hour' | 'day', n: number) {
  return cached(`u|${locale}|${u}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short' })).format(n);
}

export function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The calendar day (yyyy-mm-dd) of a date in a zone. */
function dayKey(date: Date, timeZone: string) {
  return dtf('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/**
 * Short relative time for lists: "now", "5 min", "3 h", "2 days", then the date ("Nov 3", or "11/3/24" in
 * another year). Future dates (clock skew) read "now".
 */
export function formatRelative(value: DateInput, { locale, timeZone, now = new Date() }: FormatContext): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const ago = now.getTime() - date.getTime();
  if (ago < MINUTE) {
    return cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(0, 'second');
  }
  if (ago < HOUR) return unit(locale, 'minute', Math.floor(ago / MINUTE));
  if (ago < DAY) return unit(locale, 'hour', Math.floor(ago / HOUR));
  if (ago < 7 * DAY) return unit(locale, 'day', Math.floor(ago / DAY));
  const sameYear = dayKey(date, timeZone).slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return sameYear
    ? dtf(locale, { timeZone, month: 'short', day: 'numeric' }).format(date)
    : dtf(locale, { timeZone, dateStyle: 'short' }).format(date);
}

/** The browser's own zone, to tell whether the workspace zone needs naming. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * Full date and time for tooltips and details: "Sun, Nov 22, 2026, 4:56 AM". The zone is named ("GMT-6") when
 * the workspace zone differs from the browser's, so nobody misreads an hour.
 */
export function formatFull(value: DateInput, { locale, timeZone }: FormatContext): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const named = timeZone !== browserTimeZone();
  return dtf(locale, {
    timeZone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(named ? { timeZoneName: 'short' } : {}),
  }).format(date);
}

/** Time of day ("4:56 PM", "16:56"): for messages of today in a console. */
export function formatTime(value: DateInput, { locale, timeZone }: FormatContext): string {
  return dtf(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(toDate(value));
}

/** A day ("Sunday, November 22" / "Today" / "Yesterday"): day separators in a console. */
export function formatDay(value: DateInput, { locale, timeZone, now = new Date() }: FormatContext): string {
  const date = toDate(value);
  const days = Math.round((Date.parse(dayKey(now, timeZone)) - Date.parse(dayKey(date, timeZone))) / DAY);
  if (days === 0 || days === 1) {
    const text = cached(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(-days, 'day');
    return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
  }
  const sameYear = dayKey(date, timeZone).slice(0, 4) === dayKey(now, timeZone).slice(0, 4);
  return dtf(locale, { timeZone, weekday: 'long', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) }).format(date);
}
