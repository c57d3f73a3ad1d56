/** Jurisdiction codes named in words for report.pdf, from the same rule tables the duties use. */
import { describeJurisdiction } from '../../../../shared/jurisdiction/rules.js';
import type { JurisdictionData } from '../../jurisdiction/loadTables.js';

/** A function naming a code ("US-CA" → "California"); the code itself when no table names it. */
export function jurisdictionNamer(geo: JurisdictionData): (code: string) => string {
  return (code) => describeJurisdiction(code, geo.rules, geo.tables).name || code;
}
