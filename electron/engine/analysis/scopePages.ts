/**
 * The in-scope exports handed to scoping a page at a time: scoping keeps its `LogicalExport`
 * input, and never holds more than one page of exports (with their logged record ids).
 */
import type { LogicalExport } from '../../../shared/domain.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { readExportPage, readLoggedRecordIds } from './exportReader.js';

/** How many in-scope exports scoping receives at once. */
export const SCOPE_PAGE = 500;

interface Outcome<E, U> {
  exposures: E[];
  unresolved: U[];
  notes: string[];
}

type ScopeFn<E, U> = (db: CaseDb, exports: readonly LogicalExport[], logged: ReadonlyMap<string, readonly string[]>) => Promise<Outcome<E, U>>;

/** Runs `scope` over the exports of `in_scope_exports`, page by page, and joins the outcomes. */
export async function scopeInScopeExports<E, U>(db: CaseDb, scope: ScopeFn<E, U>): Promise<Outcome<E, U>> {
  const out: Outcome<E, U> = { exposures: [], unresolved: [], notes: [] };
  const where = sql`x.export_id IN (SELECT export_id FROM in_scope_exports)`;
  for (let offset = 0; ; offset += SCOPE_PAGE) {
    const page = await readExportPage(db, where, offset, SCOPE_PAGE);
    if (!page.length) break;
    const part = await scope(db, page, await readLoggedRecordIds(db, page.map((x) => x.id)));
    out.exposures.push(...part.exposures);
    out.unresolved.push(...part.unresolved);
    for (const n of part.notes) if (!out.notes.includes(n)) out.notes.push(n);
    if (page.length < SCOPE_PAGE) break;
  }
  return out;
}
