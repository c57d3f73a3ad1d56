/**
 * The in-scope exports as scoping reads them: one pass over `exports` into the work table `scope_work` (numbered in
 * time order), then pages by number — each page a range the table's zone maps find without another scan of
 * `exports`, and without the evidence, flags and files scoping does not use.
 */
import type { LogicalExport } from '../../../shared/domain.js';
import { exportFields, type ExportColumns } from '../analysis/exportReader.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';

/** Numbers the exports of `in_scope_exports` in time order into `scope_work`; returns how many there are. */
export async function startScopeWork(db: CaseDb): Promise<number> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_work AS
    SELECT row_number() OVER (ORDER BY x.start_ts, x.export_id) AS seq, x.*
    FROM exports x WHERE x.export_id IN (SELECT export_id FROM in_scope_exports) ORDER BY seq`);
  return Number((await db.one<{ n: number | bigint }>(sql`SELECT count(*)::BIGINT AS n FROM scope_work`))?.n ?? 0);
}

/** The in-scope exports numbered after `offset`, at most `limit`, in time order (evidence left empty). */
export async function readScopePage(db: CaseDb, offset: number, limit: number): Promise<LogicalExport[]> {
  const rows = await db.all<ExportColumns & Record<string, unknown>>(sql`
    SELECT *, NULL AS reasons FROM scope_work WHERE seq > ${offset}::BIGINT AND seq <= ${offset + limit}::BIGINT ORDER BY seq`);
  return rows.map((r) => ({ ...exportFields(r), evidence: [] }));
}

/** Drops the work tables once every page is scoped (the numbered exports, and the last page's exports and logged ids). */
export async function endScopeWork(db: CaseDb): Promise<void> {
  for (const t of ['scope_work', 'scope_page', 'scope_logged']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}
