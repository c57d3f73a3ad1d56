/**
 * US federal holidays (5 U.S.C. § 6103(a), https://www.law.cornell.edu/uscode/text/5/6103), observed on the
 * Friday before when they fall on a Saturday and the Monday after on a Sunday (§ 6103(b) and Executive Order
 * 11582): the days SEC business days leave out (Regulation S-T Rule 11, 17 CFR 232.11).
 */

const DAY = 86_400_000;

/** The holiday calendars a clock may name. */
export const HOLIDAY_CALENDARS = ['US-federal'] as const;
export type HolidayCalendar = (typeof HOLIDAY_CALENDARS)[number];

/** The observed US federal holidays of a year, as UTC midnight epoch ms. */
export function usFederalHolidays(year: number): number[] {
  const fixed = (month: number, day: number): number => observed(Date.UTC(year, month, day));
  return [
    fixed(0, 1), // New Year's Day
    nthWeekday(year, 0, 1, 3), // Birthday of Martin Luther King, Jr.: third Monday of January
    nthWeekday(year, 1, 1, 3), // Washington's Birthday: third Monday of February
    lastWeekday(year, 4, 1), // Memorial Day: last Monday of May
    ...(year >= 2021 ? [fixed(5, 19)] : []), // Juneteenth (from 2021)
    fixed(6, 4), // Independence Day
    nthWeekday(year, 8, 1, 1), // Labor Day: first Monday of September
    nthWeekday(year, 9, 1, 2), // Columbus Day: second Monday of October
    fixed(10, 11), // Veterans Day
    nthWeekday(year, 10, 4, 4), // Thanksgiving Day: fourth Thursday of November
    fixed(11, 25), // Christmas Day
  ];
}

/** Whether the UTC day of `t` is a holiday of the calendar. */
export function isHoliday(t: number, calendar: HolidayCalendar): boolean {
  const day = Math.floor(t / DAY) * DAY;
  const year = new Date(day).getUTCFullYear();
  // 1 January on a Saturday is observed on 31 December of the year before.
  switch (calendar) {
    case 'US-federal':
      return [...usFederalHolidays(year), ...usFederalHolidays(year + 1)].includes(day);
  }
}

function observed(t: number): number {
  const weekday = new Date(t).getUTCDay();
  return weekday === 6 ? t - DAY : weekday === 0 ? t + DAY : t;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = Date.UTC(year, month, 1);
  const offset = (weekday - new Date(first).getUTCDay() + 7) % 7;
  return first + (offset + (n - 1) * 7) * DAY;
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = Date.UTC(year, month + 1, 0);
  const offset = (new Date(last).getUTCDay() - weekday + 7) % 7;
  return last - offset * DAY;
}
