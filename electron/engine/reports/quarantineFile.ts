/**
 * quarantine.csv written by DuckDB `COPY … TO` straight from the `quarantine` table: every quarantined row with its
 * file, line and reason, however many, in the same bytes csv.ts would write (every value quoted, cells made inert).
 */
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql } from '../store/sql.js';
import { inertCellSql } from './affectedFiles.js';

/** The columns of quarantine.csv, in order, with the expression over `q` (quarantine) and `s` (sources) behind each. */
const COLUMNS: readonly [string, string][] = [
  ['SourceId', 'q.source_id'], ['File', 's.name'], ['Line', 'q.line'],
  // The reason is the error class and the message, the blank ones left out (as readQuarantine joins them).
  ['Reason', "concat_ws(': ', nullif(q.error_type, ''), nullif(q.message, ''))"], ['RawText', 'q.raw_text'],
];

/** Writes `file` (quarantine.csv) with every quarantined row of the case, by source and line. */
export async function writeQuarantineCsv(db: CaseDb, file: string): Promise<void> {
  const select = COLUMNS.map(([header, expr]) => `${inertCellSql(expr)} AS "${header}"`).join(', ');
  await db.run(sql`COPY (SELECT ${raw(select)} FROM quarantine q JOIN sources s ON s.id = q.source_id ORDER BY q.source_id, q.line)
    TO ${literal(file)} (FORMAT csv, HEADER true, FORCE_QUOTE *, QUOTE '"', ESCAPE '"', NEW_LINE '\n')`);
}
