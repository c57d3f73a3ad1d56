/** Expands coverage runs into one state per hour, grouped by UTC day, for the hour strips. */
import type { CoverageState, TypeCoverage } from '../../../../shared/coverage.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A cell's look: a coverage state, a missing hour a listing says exists, or an hour outside the range. */
export type CellKind = CoverageState | 'missing_listed' | 'outside';

export interface DayCells {
  day: string; // YYYY-MM-DD
  cells: CellKind[]; // 24, hour 00 first
}

/** The UTC days the range touches, as epoch ms of their midnights. */
export function rangeDays(from: string, to: string): number[] {
  const start = Math.floor(Date.parse(from) / DAY) * DAY;
  const end = Date.parse(to);
  const days: number[] = [];
  for (let d = start; d < end; d += DAY) days.push(d);
  return days;
}

/** One type's hours, day by day; hours outside the range are 'outside'. */
export function dayCells(t: TypeCoverage, days: readonly number[]): DayCells[] {
  const byHour = new Map<number, CellKind>();
  for (const r of t.runs) {
    const kind: CellKind = r.state === 'missing' && r.listed ? 'missing_listed' : r.state;
    for (let h = Date.parse(r.from); h < Date.parse(r.to); h += HOUR) byHour.set(h, kind);
  }
  return days.map((d) => ({
    day: new Date(d).toISOString().slice(0, 10),
    cells: Array.from({ length: 24 }, (_, i) => byHour.get(d + i * HOUR) ?? 'outside'),
  }));
}

/** "3 present, 21 empty" for a day's tooltip. */
export function dayTitle(eventType: string, day: DayCells, label: (k: CellKind) => string): string {
  const counts = new Map<CellKind, number>();
  day.cells.forEach((c) => counts.set(c, (counts.get(c) ?? 0) + 1));
  const parts = [...counts.entries()].filter(([k]) => k !== 'outside').map(([k, n]) => `${n} h ${label(k)}`);
  return `${eventType} · ${day.day} (UTC): ${parts.join(', ')}`;
}
