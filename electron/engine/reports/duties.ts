/**
 * duties.json: every notification duty with its due date, the awareness time it runs from and the profile
 * that chose the organisation regimes (docs/OUTPUTS.md).
 */
import { basename } from 'node:path';
import type { DutiesRun } from '../duties/stage.js';

/** The duties.json document, under the common output header. */
export function dutiesDocument(header: Record<string, unknown>, run: DutiesRun): string {
  const count = (required: string): number => run.duties.filter((d) => d.required === required).length;
  const due = run.duties.filter((d) => d.required !== 'no' && d.due !== null).sort((a, b) => (a.due ?? '').localeCompare(b.due ?? ''));
  const document = {
    ...header,
    awareAt: run.awareAt,
    awareAtSource: run.awareAtSource,
    asOf: run.asOf,
    timeZone: 'UTC',
    businessDays: 'weekdays (Monday to Friday, UTC); public holidays are subtracted only where a clock names a sourced calendar (US-SEC: US federal holidays, 5 U.S.C. 6103)',
    // The profile file by its name, never its absolute path.
    profile: { source: run.profileSource === null ? null : basename(run.profileSource), ...run.profile },
    regimes: run.regimes,
    summary: { duties: run.duties.length, yes: count('yes'), assess: count('assess'), no: count('no'), nextDue: due[0]?.due ?? null, overdue: due.filter((d) => d.overdue === true).length },
    notes: run.notes,
    duties: run.duties,
  };
  return JSON.stringify(document, null, 2) + '\n';
}
