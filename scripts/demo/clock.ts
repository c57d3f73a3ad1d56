/** The demo's calendar: the evidence period, the snapshot instant and timestamp renderings. */

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** First instant covered by the logs (UTC). */
export const PERIOD_FROM = Date.UTC(2025, 6, 1);
/** When the record snapshots were taken; the logs stop here too (collection time). */
export const SNAPSHOT_AT = Date.UTC(2025, 7, 4, 12, 0, 0);
/** Days of the period: 2025-07-01 … 2025-08-04. */
export const PERIOD_DAYS = 35;

/** Builds a UTC instant from calendar parts (month is 1-based, unlike Date.UTC). */
export function utc(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** ISO 8601 UTC with milliseconds, as TIMESTAMP_DERIVED and RTEM/Data Loader datetimes. */
export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

/** ELF `TIMESTAMP`: `yyyyMMddHHmmss.SSS` in GMT. */
export function elfTimestamp(ms: number): string {
  const iso = isoMillis(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}`;
}

/** `YYYY-MM-DD` of the UTC day, as used in daily log file names. */
export function dayKey(ms: number): string {
  return isoMillis(ms).slice(0, 10);
}

/** `YYYY-MM-DDTHH` of the UTC hour, as used in hourly log file names. */
export function hourKey(ms: number): string {
  return isoMillis(ms).slice(0, 13);
}

/** Start of the UTC day containing the instant. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** True Monday–Friday (UTC calendar day). */
export function isWeekday(ms: number): boolean {
  const dow = new Date(ms).getUTCDay();
  return dow !== 0 && dow !== 6;
}

/** The start of each day of the evidence period. */
export function periodDays(): number[] {
  const days: number[] = [];
  for (let i = 0; i < PERIOD_DAYS; i++) days.push(PERIOD_FROM + i * DAY);
  return days;
}
