/**
 * Scoping of a whole case: the in-scope exports read a page at a time (`in_scope_exports` numbered into `scope_work`),
 * each page scoped into the `exposures` table, then `affected` built from it in SQL. JavaScript holds one page of
 * exports at most.
 */
import type { UnresolvedExposure } from '../../../shared/domain.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { buildAffectedTable } from './affectedTable.js';
import { scopeExports } from './replay.js';
import { endScopeWork, readScopePage, startScopeWork } from './scopePages.js';

/** How many in-scope exports are scoped per page. */
export const SCOPE_PAGE = 500;

export interface CaseScoping {
  exposureCount: number;
  affectedCount: number;
  unresolved: UnresolvedExposure[];
  notes: string[];
  cancelled: boolean;
}

/** Scopes every in-scope export into `exposures` and rebuilds `affected`; progress per export, cancellable. */
export async function scopeCase(
  db: CaseDb,
  geo: JurisdictionData,
  options: { signal?: AbortSignal; canaryIds?: readonly string[]; onExport?: (done: number, total: number) => void } = {},
): Promise<CaseScoping> {
  const out: CaseScoping = { exposureCount: 0, affectedCount: 0, unresolved: [], notes: [], cancelled: false };
  const total = await startScopeWork(db);
  for (let offset = 0; ; offset += SCOPE_PAGE) {
    const page = offset === 0 || offset < total ? await readScopePage(db, offset, SCOPE_PAGE) : [];
    if (page.length === 0 && offset > 0) break;
    const part = await scopeExports(db, page, {
      signal: options.signal, canaryIds: options.canaryIds, append: offset > 0,
      onExport: (done) => options.onExport?.(offset + done, total),
    });
    out.exposureCount = part.exposureCount;
    out.unresolved.push(...part.unresolved);
    for (const n of part.notes) if (!out.notes.includes(n)) out.notes.push(n);
    if (part.cancelled) {
      out.cancelled = true;
      break;
    }
    if (page.length < SCOPE_PAGE) break;
  }
  await endScopeWork(db);
  out.affectedCount = await buildAffectedTable(db, geo);
  if (out.exposureCount === 0) out.notes.push(`No record was found exposed by the ${total} in-scope export(s): affected.json, affected/ and other-records.csv are empty for that reason.`);
  return out;
}
