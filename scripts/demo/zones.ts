/**
 * Local calendar days in a user's time zone (Salesforce evaluates SOQL date literals such as
 * LAST_N_DAYS:n in the querying user's TimeZoneSidKey), worked out with the platform's Intl
 * time-zone database and no SOQL code, so the truth stays independent of the engine's replay.
 */

/** Offset of the zone from UTC at the instant, in milliseconds (local = utc + offset). */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms));
  const n = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return local - Math.floor(ms / 1000) * 1000;
}

/** The instant local midnight of the day `days` days before the local day of `at` begins in the zone. */
export function localDayStart(at: number, days: number, timeZone: string): number {
  const local = new Date(at + offsetAt(at, timeZone));
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - days);
  const guess = midnightAsUtc - offsetAt(midnightAsUtc, timeZone);
  return midnightAsUtc - offsetAt(guess, timeZone);
}
