/**
 * Due-date arithmetic for notification clocks, in UTC: hours, calendar days, weekdays and calendar months
 * from a start instant, and the signed time left until a due instant.
 */
import { isHoliday, type HolidayCalendar } from './holidays.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The instant `hours` after `start` (epoch ms). */
export function addHours(start: number, hours: number): number {
  return start + hours * HOUR;
}

/** The same UTC time of day `days` calendar days after `start`. */
export function addCalendarDays(start: number, days: number): number {
  return start + days * DAY;
}

/**
 * The same UTC time of day on the `days`-th business day after `start`: Saturdays and Sundays are skipped, and
 * the holidays of `calendar` when one is named (else none: weekdays only), so a start on a weekend counts from Monday.
 */
export function addBusinessDays(start: number, days: number, calendar?: HolidayCalendar): number {
  let t = start;
  let left = days;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && (calendar === undefined || !isHoliday(t, calendar))) left--;
  }
  return t;
}

/** The same UTC day and time `months` calendar months later, clamped to the last day of a shorter month (31 Jan + 1 → 28/29 Feb). */
export function addMonths(start: number, months: number): number {
  const d = new Date(start);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** 31 December 23:59:59.999 UTC of the start's year: the start of clocks that run "after the end of the calendar year". */
export function endOfCalendarYear(start: number): number {
  return Date.UTC(new Date(start).getUTCFullYear(), 11, 31, 23, 59, 59, 999);
}

/** The signed ISO 8601 duration from `asOf` to `due` in days, hours and minutes (`P2DT3H0M`, `-PT5H30M` when overdue). */
export function timeLeft(due: number, asOf: number): string {
  const diff = due - asOf;
  const minutes = Math.floor(Math.abs(diff) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  return `${diff < 0 ? '-' : ''}P${days > 0 ? `${days}D` : ''}T${hours}H${mins}M`;
}
