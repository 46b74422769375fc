import { createContext, useContext, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { browserTimeZone, formatDay, formatFull, formatRelative, formatTime, type DateInput, type FormatContext } from './format';

const TimeZoneContext = createContext<string | null>(null);

/** The workspace time zone for everything below (set by the signed-in shell from GET /workspace). */
export const TimeZoneProvider = TimeZoneContext.Provider;

/** The zone dates are shown in: the workspace's, or the browser's outside a workspace. */
export function useTimeZone(): string {
  return useContext(TimeZoneContext) ?? browserTimeZone();
}

/** The current time, refreshed every `intervalMs` (relative times stay right without a reload). */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export type TimeFormatters = {
  relative(value: DateInput, now?: Date): string;
  full(value: DateInput): string;
  time(value: DateInput): string;
  day(value: DateInput, now?: Date): string;
  context: FormatContext;
};

/** Formatters bound to the UI language and the workspace time zone. */
export function useFormatTime(): TimeFormatters {
  const { i18n } = useTranslation();
  const timeZone = useTimeZone();
  const locale = i18n.language;
  return useMemo(() => {
    const context = { locale, timeZone };
    return {
      context,
      relative: (value, now) => formatRelative(value, { ...context, now }),
      full: (value) => formatFull(value, context),
      time: (value) => formatTime(value, context),
      day: (value, now) => formatDay(value, { ...context, now }),
    };
  }, [locale, timeZone]);
}

/** A relative time ("5 min") that keeps itself current, with the full date and time as its tooltip. */
export function Time({ value, className }: { value: DateInput; className?: string }) {
  const format = useFormatTime();
  const now = useNow();
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return (
    <time dateTime={date.toISOString()} title={format.full(date)} className={className}>
      {format.relative(date, now)}
    </time>
  );
}
