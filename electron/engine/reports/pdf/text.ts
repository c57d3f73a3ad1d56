/**
 * How values from the evidence are written into report.pdf: control and bidirectional-override characters shown as
 * visible escapes (a name cannot reorder or hide the text around it), long values cut with a visible mark, and the
 * figures and times in one fixed form (no locale, no time zone but UTC), so the same case gives the same bytes.
 */

/** Bidi embedding/override/isolate controls, zero-width and other invisible format characters, C0/C1 controls (but line feeds). */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this must find
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/gu;

/**
 * Evidence text made safe to print: invisible and direction-changing characters become `\u202E`-style escapes, so a
 * name cannot reorder or hide what follows it; line feeds stay only where the report's own text puts them.
 */
export function visible(value: unknown, keepLines = false): string {
  if (value === null || value === undefined) return '';
  const lines = String(value).split(/\r\n|\r|\n/);
  const shown = lines.map((l) => l.replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`));
  return shown.join(keepLines ? '\n' : ' ');
}

/** At most `max` characters (whole code points), with a mark saying how many were cut. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max).join('')}… (+${chars.length - max} characters)`;
}

/** A count with thousands separators, the same on every machine. */
export function count(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return '—';
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** An ISO time as `2025-07-26 22:24:31 UTC` (seconds kept: evidence times are exact). */
export function utc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** Hours as `3.5 h` or `2 d 4.5 h`. */
export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '—';
  const rounded = Math.round(h * 100) / 100;
  if (rounded < 48) return `${rounded} h`;
  const days = Math.floor(rounded / 24);
  return `${days} d ${Math.round((rounded - days * 24) * 100) / 100} h`;
}

/** The first characters of a SHA-256, enough to match a file by eye; the full hash is in the sources appendix. */
export function shaPrefix(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 12) : '—';
}
