/** Timestamps as they appear in Event Monitoring and sObject exports, all read as UTC. */

const ELF_TS = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?$/;
const ISO_TS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses ELF `TIMESTAMP` (`yyyyMMddHHmmss.SSS`, GMT) to epoch milliseconds; null if malformed. */
export function parseElfTimestamp(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = ELF_TS.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const millis = ms ? Number(ms.padEnd(3, '0')) : 0;
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis);
  return validDate(t, Number(y), Number(mo), Number(d)) ? t : null;
}

/**
 * Parses ISO 8601 as written by Salesforce (`2025-07-26T22:24:19.439Z`, `…+0000`, `…+00:00`)
 * and date-only values. A value without an offset is taken as UTC. Null if malformed.
 */
export function parseIsoTimestamp(text: string | null | undefined): number | null {
  if (!text) return null;
  const m = ISO_TS.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), millis);
  if (!validDate(t, Number(y), Number(mo), Number(d))) return null;
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return t;
}

/** Parses either timestamp form; used where a column may hold one or the other. */
export function parseAnyTimestamp(text: string | null | undefined): number | null {
  return parseElfTimestamp(text) ?? parseIsoTimestamp(text);
}

/** Formats epoch milliseconds as ISO 8601 UTC with milliseconds (`…Z`). */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

function validDate(t: number, y: number, mo: number, d: number): boolean {
  if (Number.isNaN(t)) return false;
  const dt = new Date(t);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}
