/**
 * Dates in a replay, as Salesforce evaluates them: date literals (TODAY, LAST_N_DAYS:7,
 * THIS_FISCAL_QUARTER …) are calendar days of the querying user's time zone, so a datetime field is
 * compared with the UTC instants of that zone's local midnights (DST included), while a date field
 * (CloseDate, Birthdate: text `YYYY-MM-DD`, no time zone) is compared with the calendar days
 * themselves. Date functions (CALENDAR_YEAR(…) …) read datetimes in UTC unless wrapped in convertTimezone().
 */
import type { Expr, Literal } from '../../../shared/soql/ast.js';
import { dateLiteralDays, type WeekStart } from '../../../shared/soql/dateLiterals.js';
import { localDay, localMidnightMs } from '../../../shared/soql/timeZone.js';
import { parseIsoTimestamp } from '../../../shared/time.js';
import { sql, type SqlFragment } from '../store/sql.js';
import { cannot } from './replayTypes.js';
import type { FieldRef } from './relationships.js';

const DAY_MS = 86_400_000;

export interface DateSettings {
  referenceMs: number;
  timeZone: string;
  fiscalStartMonth: number;
  fiscalYearNamedByStart: boolean;
  weekStart: WeekStart;
}

export interface MsRange {
  startMs: number;
  endMs: number;
}

type DateValue = Literal & { kind: 'date' | 'datetime' | 'dateLiteral' };

/** A date value's interval for datetime fields and for date-only fields. */
export function literalRanges(value: DateValue, s: DateSettings): { dateTime: MsRange; dateOnly: MsRange } {
  switch (value.kind) {
    case 'date': {
      const start = parseIsoTimestamp(value.value);
      if (start === null) cannot(`invalid date ${value.value}`);
      const day = Math.floor(start / DAY_MS);
      return { dateOnly: { startMs: start, endMs: start + DAY_MS }, dateTime: zoned({ startDay: day, endDay: day + 1 }, s.timeZone) };
    }
    case 'datetime': {
      const at = parseIsoTimestamp(value.value);
      if (at === null) cannot(`invalid datetime ${value.value}`);
      return { dateOnly: { startMs: at, endMs: at + 1 }, dateTime: { startMs: at, endMs: at + 1 } };
    }
    case 'dateLiteral': {
      const today = localDay(s.referenceMs, s.timeZone);
      const days = dateLiteralDays(value.name, value.n, today, { weekStart: s.weekStart, fiscalStartMonth: s.fiscalStartMonth });
      if (!days) cannot(`date literal ${value.name}${value.n === null ? '' : `:${value.n}`} cannot be evaluated`);
      return { dateOnly: { startMs: days.startDay * DAY_MS, endMs: days.endDay * DAY_MS }, dateTime: zoned(days, s.timeZone) };
    }
  }
}

function zoned(days: { startDay: number; endDay: number }, zone: string): MsRange {
  return { startMs: localMidnightMs(days.startDay, zone), endMs: localMidnightMs(days.endDay, zone) };
}

/** `field op value` for a date value; NULL when the field holds no date (callers coalesce). */
export function dateCompareSql(f: FieldRef, op: '=' | '<' | '<=' | '>' | '>=', value: DateValue, s: DateSettings): SqlFragment {
  const r = literalRanges(value, s);
  const cmp = (range: MsRange): SqlFragment => {
    const ms = f.epochMs;
    const start = sql`CAST(${range.startMs} AS BIGINT)`;
    const end = sql`CAST(${range.endMs} AS BIGINT)`;
    switch (op) {
      case '=': return sql`(${ms} >= ${start} AND ${ms} < ${end})`;
      case '<': return sql`${ms} < ${start}`;
      case '<=': return sql`${ms} < ${end}`;
      case '>': return sql`${ms} >= ${end}`;
      case '>=': return sql`${ms} >= ${start}`;
    }
  };
  if (r.dateOnly.startMs === r.dateTime.startMs && r.dateOnly.endMs === r.dateTime.endMs) return cmp(r.dateTime);
  return sql`(CASE WHEN ${isDateOnly(f)} THEN ${cmp(r.dateOnly)} ELSE ${cmp(r.dateTime)} END)`;
}

/** True for a value written as a bare date (a Date field), which has no time zone. */
function isDateOnly(f: FieldRef): SqlFragment {
  return sql`(length(trim(${f.value})) = 10)`;
}

/** A date function over a field (`CALENDAR_YEAR(convertTimezone(CreatedDate))`) as a DuckDB number, or DAY_ONLY as epoch ms of the day. */
export function dateFunctionSql(fn: string, inner: Expr, f: FieldRef, s: DateSettings): SqlFragment {
  const local = inner.kind === 'call' && inner.fn === 'CONVERTTIMEZONE';
  const utc = sql`epoch_ms(CAST(${f.epochMs} AS BIGINT))`;
  const ts = local && s.timeZone !== 'UTC'
    ? sql`(CASE WHEN ${isDateOnly(f)} THEN ${utc} ELSE timezone(${s.timeZone}, timezone('UTC', ${utc})) END)`
    : utc;
  const fiscalMonth = sql`((month(${ts}) - ${s.fiscalStartMonth} + 12) % 12 + 1)`;
  switch (fn) {
    case 'CALENDAR_YEAR': return sql`year(${ts})`;
    case 'CALENDAR_QUARTER': return sql`quarter(${ts})`;
    case 'CALENDAR_MONTH': return sql`month(${ts})`;
    case 'DAY_IN_MONTH': return sql`day(${ts})`;
    case 'DAY_IN_WEEK': return sql`(dayofweek(${ts}) + 1)`; // Salesforce: 1 = Sunday; DuckDB: 0 = Sunday
    case 'DAY_IN_YEAR': return sql`dayofyear(${ts})`;
    case 'HOUR_IN_DAY': return sql`hour(${ts})`;
    case 'WEEK_IN_MONTH': return sql`((day(${ts}) - 1) // 7 + 1)`; // week 1 = days 1–7
    case 'WEEK_IN_YEAR': return sql`((dayofyear(${ts}) - 1) // 7 + 1)`; // week 1 = 1–7 January
    case 'FISCAL_MONTH': return fiscalMonth;
    case 'FISCAL_QUARTER': return sql`((${fiscalMonth} - 1) // 3 + 1)`;
    case 'FISCAL_YEAR': {
      // A fiscal year starting in month m > 1 is named after the year it ends in, unless the org names it by its start.
      if (s.fiscalStartMonth === 1) return sql`year(${ts})`;
      const shift = s.fiscalYearNamedByStart ? sql`- CASE WHEN month(${ts}) < ${s.fiscalStartMonth} THEN 1 ELSE 0 END` : sql`+ CASE WHEN month(${ts}) >= ${s.fiscalStartMonth} THEN 1 ELSE 0 END`;
      return sql`(year(${ts}) ${shift})`;
    }
    case 'DAY_ONLY': return sql`epoch_ms(CAST(CAST(${ts} AS DATE) AS TIMESTAMP))`;
    default: return cannot(`date function ${fn}() cannot be replayed`);
  }
}
