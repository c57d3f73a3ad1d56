/**
 * Calendar days in a time zone (an IANA name such as Salesforce's TimeZoneSidKey `America/Los_Angeles`),
 * through the standard Intl API, so date literals are evaluated where the querying user was.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The Intl formatter of a zone, or null when the zone is not a known IANA name. */
function formatter(zone: string): Intl.DateTimeFormat | null {
  const cached = formatters.get(zone);
  if (cached) return cached;
  try {
    const f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(zone, f);
    return f;
  } catch {
    return null;
  }
}

/** True when `zone` is a time zone Leakscope can evaluate (IANA names; 'UTC', 'GMT'). */
export function isKnownTimeZone(zone: string): boolean {
  return formatter(zone) !== null;
}

/** Milliseconds the zone's wall clock is ahead of UTC at instant `ms`. */
function offsetMs(ms: number, f: Intl.DateTimeFormat): number {
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const wall = Date.UTC(parts['year'] ?? 1970, (parts['month'] ?? 1) - 1, parts['day'] ?? 1, parts['hour'] ?? 0, parts['minute'] ?? 0, parts['second'] ?? 0);
  return wall - Math.floor(ms / 1000) * 1000;
}

/** The local calendar day (days since 1970-01-01) of instant `ms` in `zone`; UTC days for an unknown zone. */
export function localDay(ms: number, zone: string): number {
  const f = formatter(zone);
  return Math.floor((ms + (f ? offsetMs(ms, f) : 0)) / DAY_MS);
}

/**
 * The UTC instant at which local day `day` begins in `zone` (00:00 local; where DST skips midnight,
 * the first instant of that day). Two fixed-point steps settle the offset across a DST change.
 */
export function localMidnightMs(day: number, zone: string): number {
  const f = formatter(zone);
  const wall = day * DAY_MS;
  if (!f) return wall;
  let t = wall - offsetMs(wall, f);
  t = wall - offsetMs(t, f);
  if (localDay(t, zone) < day) {
    // Midnight fell in a DST gap (e.g. America/Santiago in September): the day starts at the transition,
    // found to the minute within the next three hours.
    let lo = t;
    let hi = t + 3 * 3_600_000;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (localDay(mid, zone) < day) lo = mid;
      else hi = mid;
    }
    t = hi;
  }
  return t;
}
