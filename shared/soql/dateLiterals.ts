/**
 * SOQL date literals (TODAY, LAST_N_DAYS:7, …) as concrete half-open UTC intervals [startMs, endMs).
 *
 * Semantics follow Salesforce's "Date Formats and Date Literals in WHERE" table:
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm
 * What the table (and copies of it) say, and what we implement:
 * - Every range starts at 00:00:00 of a day. TODAY/YESTERDAY/TOMORROW are one 24-hour day.
 * - LAST_N_DAYS:n "starts with the current day and continues for the past n days. This includes the
 *   current day, not just previous days. For example, LAST_N_DAYS:1 includes yesterday and today."
 *   So LAST_N_DAYS:n = [today − n days, tomorrow): n + 1 calendar days. LAST_90_DAYS = LAST_N_DAYS:90
 *   ("so it includes 91 days in total"). Older wording said otherwise, but observed behaviour includes
 *   today (https://salesforce.stackexchange.com/questions/190643/does-last-n-days1-include-today).
 * - NEXT_N_DAYS:n / NEXT_90_DAYS start 00:00:00 of the next day and last n days (today excluded).
 * - N_DAYS_AGO:n (and N_WEEKS/MONTHS/QUARTERS/YEARS_AGO:n) is the single day/period n units back.
 * - THIS/LAST/NEXT_WEEK: seven days from the first day of the week; "first day of the week is
 *   determined by your locale" (Sunday for en_US, Monday for most European locales). We default to
 *   Sunday and let the caller pass Monday when the querying user's locale is known.
 * - LAST_N_WEEKS/MONTHS/QUARTERS/YEARS:n are the n whole periods before the current one (the current
 *   week/month/quarter/year is excluded); NEXT_N_…:n are the n whole periods after the current one.
 * - Quarters are calendar quarters. Fiscal literals (THIS_FISCAL_QUARTER, LAST_N_FISCAL_YEARS:n …) use
 *   the standard fiscal year starting on the 1st of the Organization's FiscalYearStartMonth; quarters
 *   are three-month blocks from that month. (Custom fiscal years defined period by period are not known.)
 *
 * Time zone: Salesforce evaluates date literals in the querying user's time zone. The ranges here are
 * in calendar days of that zone (`dateLiteralDays`); timeZone.ts turns a day into the UTC instant of
 * its local midnight, so DST changes move the boundaries as they did in the org.
 */

const DAY_MS = 86_400_000;

/** Literals taking no `:n` argument. */
export const PLAIN_DATE_LITERALS = [
  'YESTERDAY', 'TODAY', 'TOMORROW',
  'LAST_WEEK', 'THIS_WEEK', 'NEXT_WEEK',
  'LAST_MONTH', 'THIS_MONTH', 'NEXT_MONTH',
  'LAST_90_DAYS', 'NEXT_90_DAYS',
  'LAST_QUARTER', 'THIS_QUARTER', 'NEXT_QUARTER',
  'LAST_YEAR', 'THIS_YEAR', 'NEXT_YEAR',
] as const;

/** Literals written `NAME:n`. */
export const N_DATE_LITERALS = [
  'LAST_N_DAYS', 'NEXT_N_DAYS', 'N_DAYS_AGO',
  'LAST_N_WEEKS', 'NEXT_N_WEEKS', 'N_WEEKS_AGO',
  'LAST_N_MONTHS', 'NEXT_N_MONTHS', 'N_MONTHS_AGO',
  'LAST_N_QUARTERS', 'NEXT_N_QUARTERS', 'N_QUARTERS_AGO',
  'LAST_N_YEARS', 'NEXT_N_YEARS', 'N_YEARS_AGO',
] as const;

/** Fiscal literals taking no `:n` argument. */
export const PLAIN_FISCAL_LITERALS = [
  'LAST_FISCAL_QUARTER', 'THIS_FISCAL_QUARTER', 'NEXT_FISCAL_QUARTER', 'LAST_FISCAL_YEAR', 'THIS_FISCAL_YEAR', 'NEXT_FISCAL_YEAR',
] as const;

/** Fiscal literals written `NAME:n`. */
export const N_FISCAL_LITERALS = [
  'LAST_N_FISCAL_QUARTERS', 'NEXT_N_FISCAL_QUARTERS', 'N_FISCAL_QUARTERS_AGO', 'LAST_N_FISCAL_YEARS', 'NEXT_N_FISCAL_YEARS', 'N_FISCAL_YEARS_AGO',
] as const;

/** Day of week a week starts on: 0 = Sunday (en_US), 1 = Monday. */
export type WeekStart = 0 | 1;

export interface DateRange {
  startMs: number;
  endMs: number;
}

/** True if `name` (upper case) is a date literal that needs a `:n` argument. */
export function takesN(name: string): boolean {
  return (N_DATE_LITERALS as readonly string[]).includes(name) || (N_FISCAL_LITERALS as readonly string[]).includes(name);
}

/** True if `name` (upper case) is a date literal Leakscope can evaluate. */
export function isDateLiteral(name: string): boolean {
  return takesN(name) || (PLAIN_DATE_LITERALS as readonly string[]).includes(name) || isFiscalDateLiteral(name);
}

/** Fiscal literals: evaluated from the Organization's fiscal year start month (standard fiscal years). */
export function isFiscalDateLiteral(name: string): boolean {
  return (PLAIN_FISCAL_LITERALS as readonly string[]).includes(name) || (N_FISCAL_LITERALS as readonly string[]).includes(name);
}

export interface DayRange {
  /** Days since 1970-01-01 in the querying user's calendar; the range is [startDay, endDay). */
  startDay: number;
  endDay: number;
}

export interface CalendarSettings {
  weekStart?: WeekStart;
  /** The Organization's FiscalYearStartMonth, 1 (January, the default) to 12. */
  fiscalStartMonth?: number;
}

/**
 * The calendar days a date literal denoted on the user's local day `today` (days since 1970-01-01),
 * so a replay selects the records the query selected then. Null for an unknown name or a bad n.
 */
export function dateLiteralDays(name: string, n: number | null, today: number, settings: CalendarSettings = {}): DayRange | null {
  const upper = name.toUpperCase();
  if (takesN(upper) !== (n !== null)) return null;
  if (n !== null && (!Number.isInteger(n) || n < 0)) return null;
  const k = n ?? 0;
  const weekStart = settings.weekStart ?? 0;
  const fiscalStart = (settings.fiscalStartMonth ?? 1) - 1;
  const d = new Date(today * DAY_MS);
  const month = d.getUTCFullYear() * 12 + d.getUTCMonth(); // months since year 0
  const quarterMonth = month - (d.getUTCMonth() % 3);
  const fyMonth = month - ((d.getUTCMonth() - fiscalStart + 12) % 12);
  const fqMonth = month - ((d.getUTCMonth() - fiscalStart + 12) % 3);
  const weekStartDay = today - ((((((today + 4) % 7) + 7) % 7) - weekStart + 7) % 7); // 1970-01-01 was a Thursday (4)
  const span = (first: number, size: number) => (from: number, count: number): DayRange =>
    size === 1 ? { startDay: first + from, endDay: first + from + count } : { startDay: first + from * size, endDay: first + (from + count) * size };
  const monthly = (first: number, size: number) => (from: number, count: number): DayRange =>
    ({ startDay: monthStartDay(first + from * size), endDay: monthStartDay(first + (from + count) * size) });
  const days = span(today, 1);
  const weeks = span(weekStartDay, 7);
  const months = monthly(month, 1);
  const quarters = monthly(quarterMonth, 3);
  const years = monthly(month - d.getUTCMonth(), 12);
  const fquarters = monthly(fqMonth, 3);
  const fyears = monthly(fyMonth, 12);
  switch (upper) {
    case 'YESTERDAY': return days(-1, 1);
    case 'TODAY': return days(0, 1);
    case 'TOMORROW': return days(1, 1);
    case 'LAST_90_DAYS': return days(-90, 91);
    case 'NEXT_90_DAYS': return days(1, 90);
    case 'LAST_N_DAYS': return days(-k, k + 1);
    case 'NEXT_N_DAYS': return days(1, k);
    case 'N_DAYS_AGO': return days(-k, 1);
    case 'LAST_WEEK': return weeks(-1, 1);
    case 'THIS_WEEK': return weeks(0, 1);
    case 'NEXT_WEEK': return weeks(1, 1);
    case 'LAST_N_WEEKS': return weeks(-k, k);
    case 'NEXT_N_WEEKS': return weeks(1, k);
    case 'N_WEEKS_AGO': return weeks(-k, 1);
    case 'LAST_MONTH': return months(-1, 1);
    case 'THIS_MONTH': return months(0, 1);
    case 'NEXT_MONTH': return months(1, 1);
    case 'LAST_N_MONTHS': return months(-k, k);
    case 'NEXT_N_MONTHS': return months(1, k);
    case 'N_MONTHS_AGO': return months(-k, 1);
    case 'LAST_QUARTER': return quarters(-1, 1);
    case 'THIS_QUARTER': return quarters(0, 1);
    case 'NEXT_QUARTER': return quarters(1, 1);
    case 'LAST_N_QUARTERS': return quarters(-k, k);
    case 'NEXT_N_QUARTERS': return quarters(1, k);
    case 'N_QUARTERS_AGO': return quarters(-k, 1);
    case 'LAST_YEAR': return years(-1, 1);
    case 'THIS_YEAR': return years(0, 1);
    case 'NEXT_YEAR': return years(1, 1);
    case 'LAST_N_YEARS': return years(-k, k);
    case 'NEXT_N_YEARS': return years(1, k);
    case 'N_YEARS_AGO': return years(-k, 1);
    case 'LAST_FISCAL_QUARTER': return fquarters(-1, 1);
    case 'THIS_FISCAL_QUARTER': return fquarters(0, 1);
    case 'NEXT_FISCAL_QUARTER': return fquarters(1, 1);
    case 'LAST_N_FISCAL_QUARTERS': return fquarters(-k, k);
    case 'NEXT_N_FISCAL_QUARTERS': return fquarters(1, k);
    case 'N_FISCAL_QUARTERS_AGO': return fquarters(-k, 1);
    case 'LAST_FISCAL_YEAR': return fyears(-1, 1);
    case 'THIS_FISCAL_YEAR': return fyears(0, 1);
    case 'NEXT_FISCAL_YEAR': return fyears(1, 1);
    case 'LAST_N_FISCAL_YEARS': return fyears(-k, k);
    case 'NEXT_N_FISCAL_YEARS': return fyears(1, k);
    case 'N_FISCAL_YEARS_AGO': return fyears(-k, 1);
    default: return null;
  }
}

/**
 * The UTC interval a date literal denoted when the query ran at `referenceMs`, with UTC as the
 * user's time zone (days are UTC days). Null for an unknown name or a missing/invalid n.
 */
export function dateLiteralRange(
  name: string,
  n: number | null,
  referenceMs: number,
  weekStart: WeekStart = 0,
  fiscalStartMonth = 1,
): DateRange | null {
  const r = dateLiteralDays(name, n, Math.floor(referenceMs / DAY_MS), { weekStart, fiscalStartMonth });
  return r ? { startMs: r.startDay * DAY_MS, endMs: r.endDay * DAY_MS } : null;
}

function monthStartDay(monthsSinceYear0: number): number {
  return Date.UTC(Math.floor(monthsSinceYear0 / 12), ((monthsSinceYear0 % 12) + 12) % 12, 1) / DAY_MS;
}
