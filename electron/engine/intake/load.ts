/**
 * Loads CSV sources into DuckDB, many files per statement: files with the same header are read
 * by one `read_csv` into one raw table (every column VARCHAR, exactly as written), so thousands
 * of hourly files cost one scan, not thousands. Malformed rows become quarantine records instead
 * of failing the load or being dropped. Each source gets a view `src_<id>` over its rows whose
 * `_rec` is the row's 1-based data-record number in its file: DuckDB keeps insertion order, so a
 * file's rows are contiguous and the committed row id minus the file's first row id is the
 * kept-row ordinal; rejected records are added back in. Raw tables are never modified after
 * they are created, and are created outside explicit transactions (uncommitted rows have
 * provisional row ids).
 */
import type { CaseDb } from '../store/duck.js';
import { literal } from '../store/sql.js';

export interface GroupFile {
  sourceId: number;
  path: string;
}

/** How the group's files are written: their common header (parsed by intake) and delimiter. */
export interface CsvLayout {
  header: readonly string[];
  delimiter?: string;
  /**
   * Computed columns (a select-list over the header's columns), e.g. the typed columns of events: kept
   * in a side table `der_g<k>` in the raw table's row order and offered by the group view, not by `src_<id>`.
   */
  derived?: { sql: string; names: readonly string[] };
}

export interface GroupLoad {
  /** A view over the group's rows with `__source_id` and `_rec`; null if nothing could be loaded. */
  view: string | null;
  columns: string[];
  loaded: Map<number, { rows: number; rejected: number }>;
  /** Sources that could not be read at all, with DuckDB's reason. */
  failed: Map<number, string>;
}

/**
 * Loads a group of same-header CSV files; a file that breaks the group is retried alone. When the
 * import is cancelled, the group's partial tables are dropped and the cancellation propagates.
 */
export async function loadCsvGroup(db: CaseDb, groupId: string, files: readonly GroupFile[], layout: CsvLayout, signal?: AbortSignal): Promise<GroupLoad> {
  try {
    await dropGroup(db, groupId); // leftovers of an import that was cancelled before recording this group
    return await loadTogether(db, groupId, files, layout);
  } catch (e) {
    await dropGroup(db, groupId);
    if (signal?.aborted) throw e;
    if (files.length === 1) {
      return { view: null, columns: [], loaded: new Map(), failed: new Map([[files[0]!.sourceId, message(e)]]) };
    }
    const out: GroupLoad = { view: null, columns: [], loaded: new Map(), failed: new Map() };
    const views: string[] = [];
    for (const [i, f] of files.entries()) {
      const one = await loadCsvGroup(db, `${groupId}_${i}`, [f], layout, signal);
      one.loaded.forEach((v, k) => out.loaded.set(k, v));
      one.failed.forEach((v, k) => out.failed.set(k, v));
      if (one.view) views.push(one.view);
      if (one.columns.length && !out.columns.length) out.columns = one.columns;
    }
    if (views.length) {
      out.view = `grp_${groupId}`;
      await db.run(`CREATE OR REPLACE VIEW ${out.view} AS ${views.map((v) => `SELECT * FROM ${v}`).join(' UNION ALL BY NAME ')}`);
    }
    return out;
  }
}

async function loadTogether(db: CaseDb, groupId: string, files: readonly GroupFile[], layout: CsvLayout): Promise<GroupLoad> {
  const raw = `raw_g${groupId}`;
  const map = `files_g${groupId}`;
  const gaps = `gaps_g${groupId}`;
  const rej = `rej_g${groupId}`;
  const list = `[${files.map((f) => literal(f.path).text).join(', ')}]`;
  // The columns come from the header intake already parsed: no sniffing, so a file whose rows are
  // too broken to sniff still loads its good rows, and every file of the group reads the same way.
  const columns = `{${columnNames(layout.header).map((c) => `${literal(c).text}: 'VARCHAR'`).join(', ')}}`;
  await db.run(
    `CREATE TABLE ${raw} AS SELECT * FROM read_csv(${list}, columns = ${columns}, auto_detect = false,
       header = true, delim = ${literal(layout.delimiter ?? ',').text}, quote = '"', escape = '"', filename = '__file',
       store_rejects = true, rejects_table = '${rej}', rejects_scan = '${rej}_scan', max_line_size = 8388608)`,
  );
  // Typed columns go to a narrow side table in the raw table's row order (read back with a
  // POSITIONAL JOIN): one scan of the few columns they need, and the raw table stays as read.
  const der = `der_g${groupId}`;
  if (layout.derived) await db.run(`CREATE TABLE ${der} AS SELECT ${layout.derived.sql} FROM ${raw}`);
  await db.run(`CREATE TABLE ${map} (file VARCHAR, source_id INTEGER, first_row BIGINT, rows BIGINT)`);
  await db.appendRows(map, files.map((f) => [f.path, String(f.sourceId), null, null]));
  await db.run(`UPDATE ${map} SET first_row = coalesce(s.lo, 0), rows = coalesce(s.n, 0)
    FROM (SELECT m.file, min(t.rowid) AS lo, count(t.rowid) AS n FROM ${map} m LEFT JOIN ${raw} t ON t.__file = m.file GROUP BY m.file) s
    WHERE ${map}.file = s.file`);
  await db.run(`CREATE TABLE ${gaps} AS
    SELECT m.source_id, r.line - 1 - row_number() OVER (PARTITION BY m.source_id ORDER BY r.line) AS shift
    FROM (SELECT DISTINCT scan_id, file_id, line FROM ${rej}) r
    JOIN ${rej}_scan s ON s.scan_id = r.scan_id AND s.file_id = r.file_id
    JOIN ${map} m ON m.file = s.file_path`);
  // One row per bad line: DuckDB reports some errors once per column (e.g. each extra column); the
  // message of the last one states the whole count.
  await db.run(`INSERT INTO quarantine SELECT m.source_id, r.line, min(r.byte_position), string_agg(DISTINCT r.column_name, ', '),
      string_agg(DISTINCT r.error_type, ', '), any_value(r.csv_line), arg_max(r.error_message, coalesce(r.column_idx, 0))
    FROM ${rej} r JOIN ${rej}_scan s ON s.scan_id = r.scan_id AND s.file_id = r.file_id JOIN ${map} m ON m.file = s.file_path
    GROUP BY m.source_id, r.line`);
  await db.run(`DROP TABLE ${rej}`);
  await db.run(`DROP TABLE ${rej}_scan`);
  const hasGaps = ((await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${gaps}`))?.n ?? 0) > 0;
  const rec = (first: string, source: string, row = 't.rowid'): string =>
    hasGaps
      ? `${row} - ${first} + 1 + (SELECT count(*) FROM ${gaps} g WHERE g.source_id = ${source} AND g.shift < ${row} - ${first} + 1)`
      : `${row} - ${first} + 1`;
  const stats = await db.all<{ source_id: number; first_row: number; rows: number; rejected: number }>(
    `SELECT m.source_id, m.first_row, m.rows, (SELECT count(*) FROM ${gaps} g WHERE g.source_id = m.source_id)::BIGINT AS rejected FROM ${map} m`,
  );
  for (const s of stats) {
    const file = files.find((f) => f.sourceId === s.source_id)!;
    await db.run(
      `CREATE OR REPLACE VIEW src_${s.source_id} AS SELECT t.* EXCLUDE (__file), ${rec(String(s.first_row), String(s.source_id))} AS _rec
       FROM ${raw} t WHERE t.__file = ${literal(file.path).text}`,
    );
  }
  const view = `grp_${groupId}`;
  const rows = layout.derived ? `(SELECT r.*, r.rowid AS __row, d.* FROM ${raw} r POSITIONAL JOIN ${der} d)` : `(SELECT r.*, r.rowid AS __row FROM ${raw} r)`;
  await db.run(
    `CREATE OR REPLACE VIEW ${view} AS SELECT t.* EXCLUDE (__file, __row), m.source_id AS __source_id, ${rec('m.first_row', 'm.source_id', 't.__row')} AS _rec
     FROM ${rows} t JOIN ${map} m ON t.__file = m.file`,
  );
  return {
    view,
    columns: (await db.columns(raw)).filter((c) => c !== '__file'),
    loaded: new Map(stats.map((s) => [s.source_id, { rows: s.rows, rejected: s.rejected }])),
    failed: new Map(),
  };
}

/** Column names for DuckDB: blanks named by position, repeats numbered (`NAME`, `NAME_2`). */
export function columnNames(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const base = raw.trim() || `column_${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

async function dropGroup(db: CaseDb, groupId: string): Promise<void> {
  await db.run(`DROP VIEW IF EXISTS grp_${groupId}`).catch(() => undefined);
  for (const t of [`raw_g${groupId}`, `der_g${groupId}`, `files_g${groupId}`, `gaps_g${groupId}`, `rej_g${groupId}`, `rej_g${groupId}_scan`]) {
    await db.run(`DROP TABLE IF EXISTS ${t} CASCADE`).catch(() => undefined);
  }
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
