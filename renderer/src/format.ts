/** Number and time formatting shared by every screen (tabular, locale-neutral, UTC). */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A count with thousands separators; a dash when unknown. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

/** An ISO instant as `YYYY-MM-DD HH:MM:SS UTC`, the way timelines are read in reports (suffix optional in UTC-headed columns). */
export function formatInstant(iso: string | null | undefined, suffix = true): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().slice(0, 19).replace('T', ' ') + (suffix ? ' UTC' : '');
}

/** Elapsed milliseconds as `m:ss`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Splits a comma- or newline-separated field into trimmed, non-empty entries. */
export function splitList(text: string, separator: RegExp = /[,\n]/): string[] {
  return text
    .split(separator)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
