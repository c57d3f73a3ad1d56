/**
 * Loads one CSV source into its own raw table inside DuckDB (every column VARCHAR, exactly as
 * written), capturing malformed rows as quarantine records instead of failing or dropping them.
 * Every kept row gets `_rec`, its 1-based data-record number in the source file.
 */
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql } from '../store/sql.js';

export interface LoadOutcome {
  table: string;
  rows: number;
  rejected: number;
  columns: string[];
}

/** Reads `filePath` with DuckDB's CSV reader into table `src_<sourceId>`. */
export async function loadCsvSource(db: CaseDb, sourceId: number, filePath: string): Promise<LoadOutcome> {
  const table = `src_${sourceId}`;
  const rejects = `rej_${sourceId}`;
  await db.run(`DROP TABLE IF EXISTS ${table}`);
  await db.run(
    `CREATE TABLE ${table} AS SELECT * EXCLUDE (ordinality), ordinality::BIGINT AS _ord FROM read_csv(${literal(filePath).text},
       all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
       store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan',
       max_line_size = 67108864) WITH ORDINALITY`,
  );
  // Map the reader's ordinal (counting kept rows) back to the record number in the file:
  // a kept row comes after every rejected record r_i (the i-th rejected, 1-based) with r_i - i < ordinal.
  await db.run(`ALTER TABLE ${table} ADD COLUMN _rec BIGINT`);
  await db.run(
    `UPDATE ${table} SET _rec = _ord + (
       SELECT count(*) FROM (SELECT line - 1 AS r, row_number() OVER (ORDER BY line) AS i FROM (SELECT DISTINCT line FROM ${rejects}))
       WHERE r - i < _ord)`,
  );
  await db.run(
    sql`INSERT INTO quarantine SELECT ${sourceId}, line, byte_position, column_name, error_type, csv_line, error_message FROM ${raw(rejects)}`,
  );
  const counts = await db.one<{ rows: number }>(`SELECT count(*)::BIGINT AS rows FROM ${table}`);
  const rej = await db.one<{ n: number }>(`SELECT count(DISTINCT line)::BIGINT AS n FROM ${rejects}`);
  const cols = await db.all<{ column_name: string }>(
    sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${table} ORDER BY ordinal_position`,
  );
  await db.run(`DROP TABLE IF EXISTS ${rejects}`);
  await db.run(`DROP TABLE IF EXISTS ${rejects}_scan`);
  return {
    table,
    rows: counts?.rows ?? 0,
    rejected: rej?.n ?? 0,
    columns: cols.map((c) => c.column_name).filter((c) => c !== '_ord' && c !== '_rec'),
  };
}
