/**
 * Loads one CSV source into its own raw table inside DuckDB (every column VARCHAR, exactly as
 * written), capturing malformed rows as quarantine records instead of failing or dropping them.
 * The source is exposed as a view `src_<id>` whose `_rec` column is each kept row's 1-based
 * data-record number in the file (DuckDB keeps insertion order, so the committed row id is the
 * kept-row ordinal; rejected records are added back in). The raw table is never modified after
 * it is created, and must be created outside an explicit transaction (uncommitted rows have
 * provisional row ids).
 */
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql } from '../store/sql.js';

export interface LoadOutcome {
  table: string;
  rows: number;
  rejected: number;
  columns: string[];
}

/** Reads `filePath` with DuckDB's CSV reader into `raw_<id>` and the view `src_<id>`. */
export async function loadCsvSource(db: CaseDb, sourceId: number, filePath: string): Promise<LoadOutcome> {
  const store = `raw_${sourceId}`;
  const view = `src_${sourceId}`;
  const rejects = `rej_${sourceId}`;
  await db.run(`DROP VIEW IF EXISTS ${view}`);
  await db.run(`DROP TABLE IF EXISTS ${store}`);
  await db.run(
    `CREATE TABLE ${store} AS SELECT * FROM read_csv(${literal(filePath).text},
       all_varchar = true, header = true, delim = ',', quote = '"', escape = '"',
       store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${rejects}_scan',
       max_line_size = 67108864)`,
  );
  await db.run(
    sql`INSERT INTO quarantine SELECT ${sourceId}, line, min(byte_position), string_agg(DISTINCT column_name, ', '),
      string_agg(DISTINCT error_type, ', '), any_value(csv_line), string_agg(DISTINCT error_message, '; ')
      FROM ${raw(rejects)} GROUP BY line`,
  );
  const rejected = (await db.one<{ n: number }>(`SELECT count(DISTINCT line)::BIGINT AS n FROM ${rejects}`))?.n ?? 0;
  if (rejected === 0) {
    await db.run(`CREATE VIEW ${view} AS SELECT *, rowid + 1 AS _rec FROM ${store}`);
  } else {
    // A kept row with ordinal k comes after every rejected record r_i (i-th rejected, 1-based) with r_i - i < k.
    await db.run(
      `CREATE TABLE ${store}_gaps AS SELECT line - 1 - row_number() OVER (ORDER BY line) AS shift FROM (SELECT DISTINCT line FROM ${rejects})`,
    );
    await db.run(
      `CREATE VIEW ${view} AS SELECT t.*, t.rowid + 1 + (SELECT count(*) FROM ${store}_gaps g WHERE g.shift < t.rowid + 1) AS _rec FROM ${store} t`,
    );
  }
  await db.run(`DROP TABLE IF EXISTS ${rejects}`);
  await db.run(`DROP TABLE IF EXISTS ${rejects}_scan`);
  const rows = (await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${store}`))?.n ?? 0;
  const cols = await db.all<{ column_name: string }>(
    sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${store} ORDER BY ordinal_position`,
  );
  return { table: view, rows, rejected, columns: cols.map((c) => c.column_name) };
}
