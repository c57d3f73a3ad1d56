/** Adds to each affected.json jurisdiction entry the data categories exposed and the notice summary. */
import type { JurisdictionCount } from '../../../shared/domain.js';
import type { DutiesRun } from './stage.js';

/** The per-jurisdiction counts with `categories` and `notices` (recipient, required, due) from the duties run. */
export function withNoticeSummary(counts: readonly JurisdictionCount[], run: DutiesRun): JurisdictionCount[] {
  return counts.map((count) => ({
    ...count,
    categories: run.categoriesByJurisdiction[count.code] ?? [],
    notices: run.duties.filter((d) => d.jurisdiction === count.code).map((d) => ({ recipient: d.recipient, required: d.required, due: d.due })),
  }));
}
