/**
 * When a notice is due: its clock applied to the awareness time, to the end of the awareness year, or to
 * the latest date of the notice it follows; null with the reason when the law sets no fixed period.
 */
import { assertNever } from '../result.js';
import { addBusinessDays, addCalendarDays, addHours, addMonths, endOfCalendarYear } from './clock.js';
import type { NoticeClock } from './types.js';

export interface DueDate {
  due: number | null;
  reason: string | null;
}

const OPEN_WORDS: Record<string, string> = {
  without_undue_delay: 'no fixed period: without undue delay',
  with_individual_notice: 'no fixed period: concurrent with individual notice',
  before_individual_notice: 'no fixed period: before individual notice',
};

/**
 * Applies a clock. `awareAt` is the awareness time (a `determination` clock is computed from it too, the
 * earliest a determination can be); `dueOf` gives the due instant of another recipient's notice for `after:` clocks.
 */
export function dueDate(clock: NoticeClock, awareAt: number, dueOf: (recipient: string) => DueDate | undefined): DueDate {
  if (clock.kind === 'none') {
    const words = OPEN_WORDS[clock.reason ?? 'without_undue_delay'] ?? 'no fixed period';
    return { due: null, reason: `${words} (${clock.text})` };
  }
  let start = awareAt;
  let startWords = 'the awareness time';
  if (clock.start === 'determination') startWords = 'the awareness time, as the earliest possible determination';
  else if (clock.start === 'calendar_year_end') {
    start = endOfCalendarYear(awareAt);
    startWords = 'the end of the calendar year of awareness';
  } else if (clock.start.startsWith('after:')) {
    const recipient = clock.start.slice('after:'.length);
    const before = dueOf(recipient);
    if (before === undefined || before.due === null) {
      return { due: null, reason: `${clock.value} ${unit(clock)} after the notice to ${recipient}, which has no fixed date: due once that notice is given` };
    }
    start = before.due;
    startWords = `the latest date of the notice to ${recipient} (earlier if that notice is given earlier)`;
  }
  return { due: applyClock(clock, start), reason: `${clock.value} ${unit(clock)} from ${startWords}` };
}

function applyClock(clock: NoticeClock, start: number): number {
  const value = clock.value ?? 0;
  switch (clock.kind) {
    case 'hours':
      return addHours(start, value);
    case 'calendar_days':
      return addCalendarDays(start, value);
    case 'business_days':
      return addBusinessDays(start, value, clock.holidays);
    case 'months':
      return addMonths(start, value);
    case 'none':
      return start;
    default:
      return assertNever(clock.kind, 'clock kind');
  }
}

function unit(clock: NoticeClock): string {
  switch (clock.kind) {
    case 'hours':
      return 'hours';
    case 'calendar_days':
      return 'calendar days';
    case 'business_days':
      return clock.holidays === undefined ? 'business days (weekdays; public holidays not subtracted)' : `business days (weekdays less ${clock.holidays} holidays)`;
    case 'months':
      return 'months';
    case 'none':
      return '';
    default:
      return assertNever(clock.kind, 'clock kind');
  }
}
