/** Due-date arithmetic, against dates counted by hand on a calendar. */
import { describe, expect, it } from 'vitest';
import { addBusinessDays, addCalendarDays, addHours, addMonths, endOfCalendarYear, timeLeft } from '../../shared/duties/clock.js';
import { dueDate } from '../../shared/duties/due.js';
import { isHoliday, usFederalHolidays } from '../../shared/duties/holidays.js';
import { noticeWords } from '../../shared/duties/summary.js';

const t = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('clock arithmetic (UTC)', () => {
  it('adds hours across midnight and month end', () => {
    expect(iso(addHours(t('2025-07-26T22:24:19Z'), 72))).toBe('2025-07-29T22:24:19.000Z');
    expect(iso(addHours(t('2025-07-31T20:00:00Z'), 6))).toBe('2025-08-01T02:00:00.000Z');
  });

  it('adds calendar days across month end and a leap day', () => {
    expect(iso(addCalendarDays(t('2025-01-20T10:00:00Z'), 15))).toBe('2025-02-04T10:00:00.000Z');
    expect(iso(addCalendarDays(t('2024-02-20T00:00:00Z'), 10))).toBe('2024-03-01T00:00:00.000Z');
    expect(iso(addCalendarDays(t('2025-02-20T00:00:00Z'), 10))).toBe('2025-03-02T00:00:00.000Z');
  });

  it('counts business days as weekdays, skipping the weekend', () => {
    // Thursday 31 July 2025 + 4: Fri 1, Mon 4, Tue 5, Wed 6 August.
    expect(iso(addBusinessDays(t('2025-07-31T20:00:00Z'), 4))).toBe('2025-08-06T20:00:00.000Z');
    // Saturday 26 July 2025 + 3: Mon 28, Tue 29, Wed 30.
    expect(iso(addBusinessDays(t('2025-07-26T12:00:00Z'), 3))).toBe('2025-07-30T12:00:00.000Z');
    // Friday 31 October 2025 + 3 across the month end: Mon 3, Tue 4, Wed 5 November.
    expect(iso(addBusinessDays(t('2025-10-31T09:00:00Z'), 3))).toBe('2025-11-05T09:00:00.000Z');
    // Monday + 5 = the next Monday.
    expect(iso(addBusinessDays(t('2025-07-28T09:00:00Z'), 5))).toBe('2025-08-04T09:00:00.000Z');
  });

  it('adds calendar months, clamping to a shorter month', () => {
    expect(iso(addMonths(t('2025-07-31T09:00:00Z'), 1))).toBe('2025-08-31T09:00:00.000Z');
    expect(iso(addMonths(t('2025-01-31T12:00:00Z'), 1))).toBe('2025-02-28T12:00:00.000Z');
    expect(iso(addMonths(t('2024-01-31T12:00:00Z'), 1))).toBe('2024-02-29T12:00:00.000Z');
    expect(iso(addMonths(t('2025-12-15T00:00:00Z'), 1))).toBe('2026-01-15T00:00:00.000Z');
  });

  it('states the time left, signed', () => {
    expect(timeLeft(t('2025-07-29T09:00:00Z'), t('2025-07-27T06:30:00Z'))).toBe('P2DT2H30M');
    expect(timeLeft(t('2025-07-29T09:00:00Z'), t('2025-07-29T14:15:00Z'))).toBe('-PT5H15M');
  });
});

describe('dueDate', () => {
  const aware = t('2025-07-28T09:00:00Z');
  const none = (): undefined => undefined;

  it('runs a clock from the awareness time, and a determination clock from it too', () => {
    expect(iso(dueDate({ kind: 'hours', value: 72, start: 'awareness', text: '' }, aware, none).due)).toBe('2025-07-31T09:00:00.000Z');
    const sec = dueDate({ kind: 'business_days', value: 4, start: 'determination', text: '' }, aware, none);
    expect(iso(sec.due)).toBe('2025-08-01T09:00:00.000Z');
    expect(sec.reason).toContain('earliest possible determination');
  });

  it('runs a year-end clock from 31 December of the awareness year', () => {
    expect(iso(endOfCalendarYear(aware))).toBe('2025-12-31T23:59:59.999Z');
    expect(iso(dueDate({ kind: 'calendar_days', value: 60, start: 'calendar_year_end', text: '' }, aware, none).due)).toBe('2026-03-01T23:59:59.999Z');
  });

  it('chains a clock after another notice, and says why when that notice has no date', () => {
    const individuals = { due: t('2026-04-01T10:00:00Z'), reason: '' };
    const chained = dueDate({ kind: 'calendar_days', value: 15, start: 'after:individuals', text: '' }, aware, (r) => (r === 'individuals' ? individuals : undefined));
    expect(iso(chained.due)).toBe('2026-04-16T10:00:00.000Z');
    const open = dueDate({ kind: 'business_days', value: 5, start: 'after:individuals', text: '' }, aware, () => ({ due: null, reason: 'x' }));
    expect(open.due).toBeNull();
    expect(open.reason).toMatch(/after the notice to individuals, which has no fixed date/);
  });

  it('gives no date, with the reason, when the law sets no fixed period', () => {
    const concurrent = dueDate({ kind: 'none', value: null, start: 'awareness', reason: 'with_individual_notice', text: 'with the resident notices' }, aware, none);
    expect(concurrent).toEqual({ due: null, reason: 'no fixed period: concurrent with individual notice (with the resident notices)' });
  });
});

describe('US federal holidays (5 U.S.C. § 6103) for SEC business days', () => {
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

  it('lists the 2025 holidays as OPM publishes them', () => {
    expect(usFederalHolidays(2025).map(day)).toEqual([
      '2025-01-01', '2025-01-20', '2025-02-17', '2025-05-26', '2025-06-19', '2025-07-04', '2025-09-01', '2025-10-13', '2025-11-11', '2025-11-27', '2025-12-25',
    ]);
  });

  it('moves a Saturday holiday to the Friday before and a Sunday one to the Monday after', () => {
    expect(usFederalHolidays(2026).map(day)).toContain('2026-07-03'); // 4 July 2026 is a Saturday
    expect(usFederalHolidays(2023).map(day)).toContain('2023-01-02'); // 1 January 2023 is a Sunday
    expect(isHoliday(Date.parse('2021-12-31T15:00:00Z'), 'US-federal')).toBe(true); // 1 January 2022 is a Saturday
  });

  it('skips the holidays when the clock names the calendar', () => {
    // Thursday 3 July 2025 + 4: Fri 4 July is a holiday → Mon 7, Tue 8, Wed 9, Thu 10.
    expect(iso(addBusinessDays(t('2025-07-03T20:00:00Z'), 4, 'US-federal'))).toBe('2025-07-10T20:00:00.000Z');
    expect(iso(addBusinessDays(t('2025-07-03T20:00:00Z'), 4))).toBe('2025-07-09T20:00:00.000Z');
    // Wednesday 26 November 2025 + 2: Thanksgiving skipped → Fri 28, Mon 1 December.
    expect(iso(addBusinessDays(t('2025-11-26T12:00:00Z'), 2, 'US-federal'))).toBe('2025-12-01T12:00:00.000Z');
  });
});

describe('noticeWords', () => {
  it('words a jurisdiction notice summary', () => {
    expect(noticeWords([{ recipient: 'individuals', required: 'no', due: null }])).toBe('no notice required');
    expect(noticeWords([])).toBe('no notice rule');
    expect(noticeWords([{ recipient: 'individuals', required: 'yes', due: null }, { recipient: 'attorney_general', required: 'assess', due: '2025-08-27T09:00:00.000Z' }]))
      .toBe('notify individuals; assess attorney general by 2025-08-27 09:00 UTC');
    expect(noticeWords([{ recipient: 'unknown', required: 'assess', due: null }])).toBe('assess: no recorded law places these people');
  });
});
