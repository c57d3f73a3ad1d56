/**
 * One DuckDB `read_csv` over a group of same-header files into raw tables, with malformed rows
 * sent to quarantine and every row's record number kept. Files with the same header are read by
 * one statement into `raw_g<k>` (every column VARCHAR, exactly as written, plus the file name):
 * DuckDB keeps insertion order, so a file's rows are contiguous and the row id minus the file's
 * first row id is the kept-row ordinal; removed records (rejected by DuckDB, or cut out before by
 * the fallback pass) are added back in from `gaps_g<k>`, as stretches of rows in `segs_g<k>`. A wide file (more than WIDE_SLICE
 * columns) is read in column slices `raw_g<k>`, `raw_g<k>_c2`, … joined by position: DuckDB
 * holds a block per column of the row group being written, which for 900 columns is more than
 * the memory limit. Raw tables are never modified after they are created, and are created
 * outside explicit transactions (uncommitted rows have provisional row ids).
 */
import type { CaseDb } from '../store/duck.js';
import { literal, quoteIdentifier as q, raw as rawSql, sql, type SqlFragment } from '../store/sql.js';
import { FILE, REC, ROW, SOURCE_ID, storedName } from './internalColumns.js';

export interface GroupFile {
  sourceId: number;
  /** The file DuckDB reads (the original, its UTF-8 working copy, or the fallback's clean copy). */
  path: string;
}

/** How the group's files are written: their column names (from intake's header parse) and delimiter. */
export interface CsvShape {
  columns: readonly string[];
  delimiter: string;
  /**
   * Computed columns (a select-list over the columns): computed as the raw table loads and kept in it; only a file of
   * more than WIDE_SLICE columns (read in slices) keeps them in `der_g<k>`, in the raw table's row order.
   */
  derived?: { sql: string; names: readonly string[] };
  /** Longest record to read (default MAX_RECORD_BYTES); DuckDB's read buffer is twice that. */
  maxRecordBytes?: number;
}

export interface ReadResult {
  view: string;
  stats: Map<number, { rows: number; rejected: number }>;
}

/** Columns per raw table slice: enough for every log file, few enough for DuckDB's memory per row group. */
export const WIDE_SLICE = 200;
/** Longest record DuckDB reads in the first read (its max_line_size); a file with longer ones is read again by the fallback. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
/** Longest record the fallback's read takes (fields of tens of MB); longer ones are quarantined with their size. */
export const LONG_RECORD_BYTES = 64 * 1024 * 1024;

/** The tables and views one group owns (dropped together when a load is abandoned). */
export function groupObjects(k: string, columns: number): { views: string[]; tables: string[] } {
  const slices = Array.from({ length: Math.max(0, Math.ceil(columns / WIDE_SLICE) - 1) }, (_, i) => `raw_g${k}_c${i + 2}`);
  const rej = [`rej_g${k}`, ...slices.map((s) => `rej_${s}`)];
  return {
    views: [`grp_${k}`, `rows_g${k}`],
    tables: [`raw_g${k}`, ...slices, `der_g${k}`, `segs_g${k}`, `files_g${k}`, `gaps_g${k}`, `bad_g${k}`, `cut_g${k}`, ...rej, ...rej.map((r) => `${r}_scan`)],
  };
}

/**
 * Reads the files into the group's tables and creates `src_<id>` per file and `grp_<k>` over all;
 * `cut` names a table (source_id, rec) of records removed before reading, by their number in the original file.
 */
export async function readCsvGroup(db: CaseDb, k: string, files: readonly GroupFile[], shape: CsvShape, cut?: string): Promise<ReadResult> {
  const stored = shape.columns.map(storedName);
  const slices: string[][] = [];
  for (let i = 0; i < stored.length; i += WIDE_SLICE) slices.push(stored.slice(i, i + WIDE_SLICE));
  const list = rawSql(`[${files.map((f) => literal(f.path).text).join(', ')}]`);
  // The columns come from the header intake already parsed: no sniffing, so a file whose rows are too
  // broken to sniff still loads its good rows, and every file of the group reads the same way.
  const columns = rawSql(`{${stored.map((c) => `${literal(c).text}: 'VARCHAR'`).join(', ')}}`);
  const longest = Math.trunc(shape.maxRecordBytes ?? MAX_RECORD_BYTES);
  const lineSize = longest > MAX_RECORD_BYTES ? `max_line_size = ${longest}, buffer_size = ${2 * longest}` : `max_line_size = ${longest}`;
  const options = (rej: string): ReturnType<typeof rawSql> => rawSql(`columns = ${columns.text}, auto_detect = false, header = true,
    delim = ${literal(shape.delimiter).text}, quote = '"', escape = '"', store_rejects = true, rejects_table = ${literal(rej).text},
    rejects_scan = ${literal(`${rej}_scan`).text}, ${lineSize}`);
  const rawT = `raw_g${k}`;
  const parts = slices.map((_, i) => (i === 0 ? rawT : `${rawT}_c${i + 1}`));
  // The computed columns go into the raw table as it loads, not into a side table joined back by position: DuckDB
  // scans a POSITIONAL JOIN on one thread, so every scan of `events` (and all the work fed by it) ran on one of the cores.
  const inline = shape.derived && slices.length === 1 ? shape.derived : null;
  for (const [i, cols] of slices.entries()) {
    const select = rawSql(slices.length === 1 ? (inline ? `*, ${inline.sql}` : '*') : [...cols.map(q), ...(i === 0 ? [FILE] : [])].join(', '));
    const fileOpt = rawSql(i === 0 ? `, filename = ${literal(FILE).text}` : '');
    await db.run(sql`CREATE TABLE ${rawSql(parts[i]!)} AS SELECT ${select} FROM read_csv(${list}, ${options(i === 0 ? `rej_g${k}` : `rej_${parts[i]}`)}${fileOpt})`);
  }
  if (parts.length > 1) await checkSlicesAgree(db, parts);
  // All of a row's columns, under their evidence names, with the raw row id.
  const rowsView = `rows_g${k}`;
  const present = [...shape.columns.map((c, i) => (stored[i] === c ? q(c) : `${q(stored[i]!)} AS ${q(c)}`)), ...(inline ? inline.names.map(q) : [])];
  const joined = parts.map((p, i) => (i === 0 ? p : `POSITIONAL JOIN ${p}`)).join(' ');
  await db.run(sql`CREATE OR REPLACE VIEW ${rawSql(rowsView)} AS SELECT ${rawSql([...present, FILE, `${rawT}.rowid AS ${ROW}`].join(', '))} FROM ${rawSql(joined)}`);
  const der = `der_g${k}`;
  const side = shape.derived && !inline ? shape.derived : null;
  if (side) await db.run(sql`CREATE TABLE ${rawSql(der)} AS SELECT ${rawSql(side.sql)} FROM ${rawSql(rowsView)}`);
  const map = `files_g${k}`;
  await db.run(sql`CREATE TABLE ${rawSql(map)} (file VARCHAR, source_id INTEGER, first_row BIGINT, rows BIGINT)`);
  await db.appendRows(map, files.map((f) => [f.path, String(f.sourceId), null, null]));
  await db.run(sql`UPDATE ${rawSql(map)} SET first_row = coalesce(s.lo, 0), rows = coalesce(s.n, 0)
    FROM (SELECT m.file, min(t.rowid) AS lo, count(t.rowid) AS n FROM ${rawSql(map)} m LEFT JOIN ${rawSql(rawT)} t ON t.${rawSql(FILE)} = m.file GROUP BY m.file) s
    WHERE ${rawSql(map)}.file = s.file`);
  await recordRemoved(db, k, parts, cut);
  const gaps = rawSql(`gaps_g${k}`);
  const hasGaps = ((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${gaps}`))?.n ?? 0) > 0;
  // Where records were removed, a row's record number is its kept-row ordinal plus the removed records before it (the
  // `n` of the largest shift below the ordinal): constant between two removals. `segs_g<k>` holds one row per such
  // stretch of raw rows [lo, hi) of a file, with what it adds; the views find a row's stretch by a hash join on the file
  // with the range as a further condition (the stretches are few), so scans stay parallel (a table of record numbers read
  // back by POSITIONAL JOIN made DuckDB scan the whole group on one thread).
  const segs = `segs_g${k}`;
  if (hasGaps) {
    await db.run(sql`CREATE TABLE ${rawSql(segs)} AS
      WITH st AS (
        SELECT m.file, m.source_id, m.first_row, m.rows, s.shift, max(s.n) AS add
        FROM ${rawSql(map)} m
        JOIN (SELECT source_id, shift, n FROM ${gaps} UNION ALL SELECT source_id, 0 AS shift, 0 AS n FROM ${rawSql(map)}) s ON s.source_id = m.source_id
        GROUP BY ALL)
      SELECT file, source_id, first_row, first_row + shift AS lo,
        coalesce(lead(first_row + shift) OVER (PARTITION BY file ORDER BY shift), first_row + rows) AS hi, add
      FROM st`);
  }
  const stats = await db.all<{ source_id: number; first_row: number; rows: number; rejected: number }>(
    sql`SELECT m.source_id, m.first_row, m.rows, coalesce((SELECT max(g.n) FROM ${gaps} g WHERE g.source_id = m.source_id), 0)::BIGINT AS rejected
      FROM ${rawSql(map)} m`,
  );
  const evidence = shape.columns.map((c) => `t.${q(c)}`).join(', ');
  const derivedCols = side ? side.names.map((n) => `, d.${q(n)}`).join('') : '';
  const sides = side ? ` POSITIONAL JOIN ${der} d` : '';
  const rows = `(SELECT r.*${derivedCols} FROM ${rowsView} r${sides})`;
  // The file's rows (and, where records were removed, each row's stretch) joined on the file name; `m` is a row of the
  // file map or of `segs_g<k>` (both have source_id and first_row; a stretch adds `add`).
  const byFile = (where: string): string => hasGaps
    ? `JOIN (SELECT * FROM ${segs} WHERE ${where}) m ON t.${FILE} = m.file AND t.${ROW} >= m.lo AND t.${ROW} < m.hi`
    : `JOIN (SELECT * FROM ${map} WHERE ${where}) m ON t.${FILE} = m.file`;
  const rec = `t.${ROW} - m.first_row + 1${hasGaps ? ' + m.add' : ''}`;
  for (const s of stats) {
    const file = files.find((f) => f.sourceId === s.source_id)!;
    await db.run(sql`CREATE OR REPLACE VIEW ${rawSql(`src_${Math.trunc(s.source_id)}`)} AS
      SELECT ${rawSql(evidence)}, ${rawSql(rec)} AS ${rawSql(REC)}
      FROM ${rawSql(rows)} t ${rawSql(byFile(`file = ${literal(file.path).text}`))}`);
  }
  const view = `grp_${k}`;
  await db.run(sql`CREATE OR REPLACE VIEW ${rawSql(view)} AS
    SELECT ${rawSql(evidence)}${rawSql(shape.derived ? shape.derived.names.map((n) => `, t.${q(n)}`).join('') : '')},
      m.source_id AS ${rawSql(SOURCE_ID)}, ${rawSql(rec)} AS ${rawSql(REC)}
    FROM ${rawSql(rows)} t ${rawSql(byFile('true'))}`);
  return { view, stats: new Map(stats.map((s) => [s.source_id, { rows: s.rows, rejected: s.rejected }])) };
}

/**
 * Removed records (source_id, rec) as steps: `shift` kept records come before the removed ones that
 * make the count reach `n` (one row per distinct shift, the highest `n`): a row whose kept-row
 * ordinal is j has j + n(largest shift < j) as its record number (an ASOF join, never quadratic).
 */
function shifts(removed: ReturnType<typeof rawSql>): SqlFragment {
  return sql`SELECT source_id, shift, max(k) AS n FROM (
      SELECT source_id, rec - row_number() OVER w AS shift, row_number() OVER w AS k FROM ${removed} WINDOW w AS (PARTITION BY source_id ORDER BY rec))
    GROUP BY ALL`;
}

/** Column slices of one file must hold the same rows, or joining them by position would mix records. */
async function checkSlicesAgree(db: CaseDb, parts: readonly string[]): Promise<void> {
  const counts = await db.all<{ n: number }>(sql`${rawSql(parts.map((p) => `SELECT count(*)::BIGINT AS n FROM ${p}`).join(' UNION ALL '))}`);
  if (new Set(counts.map((c) => c.n)).size > 1) throw new Error(`the column slices of a wide file read different numbers of rows (${counts.map((c) => c.n).join(', ')})`);
}

/**
 * Quarantines DuckDB's rejected lines and writes `gaps_g<k>`: every removed record (rejected now, or
 * cut before reading) as the number of kept records before it, from which `__ls_rec` is computed.
 */
async function recordRemoved(db: CaseDb, k: string, parts: readonly string[], cut: string | undefined): Promise<void> {
  const rej = rawSql(`rej_g${k}`);
  const scan = rawSql(`rej_g${k}_scan`);
  const map = rawSql(`files_g${k}`);
  const bad = rawSql(`bad_g${k}`);
  // One row per bad line: DuckDB reports some errors once per column (e.g. each extra column); the
  // message of the last one states the whole count. `rec` is the record's number in the file read.
  await db.run(sql`CREATE TABLE ${bad} AS SELECT m.source_id, r.line - 1 AS rec, min(r.byte_position) AS byte,
      string_agg(DISTINCT r.column_name, ', ' ORDER BY r.column_name) AS columns, string_agg(DISTINCT r.error_type, ', ' ORDER BY r.error_type) AS error_type,
      min(r.csv_line) AS raw_text, arg_max(r.error_message, (coalesce(r.column_idx, 0), r.error_message)) AS message
    FROM ${rej} r JOIN ${scan} s ON s.scan_id = r.scan_id AND s.file_id = r.file_id JOIN ${map} m ON m.file = s.file_path
    GROUP BY m.source_id, r.line`);
  if (cut) {
    // The file read was a clean copy: its record c is the original's c + (records cut before it).
    await db.run(sql`UPDATE ${bad} SET rec = ${bad}.rec + c.n FROM (
        SELECT b.source_id, b.rec, coalesce(x.n, 0) AS n FROM ${bad} b
        ASOF LEFT JOIN (${shifts(rawSql(cut))}) x ON b.source_id = x.source_id AND b.rec > x.shift) c
      WHERE ${bad}.source_id = c.source_id AND ${bad}.rec = c.rec`);
  }
  await db.run(sql`INSERT INTO quarantine SELECT source_id, rec + 1, byte, columns, error_type, raw_text, message FROM ${bad}`);
  const removed = cut ? `SELECT source_id, rec FROM ${bad.text} UNION ALL SELECT source_id, rec FROM ${cut}` : `SELECT source_id, rec FROM ${bad.text}`;
  await db.run(sql`CREATE TABLE ${rawSql(`gaps_g${k}`)} AS ${shifts(rawSql(`(${removed})`))}`);
  for (const t of [bad, rej, scan]) await db.run(sql`DROP TABLE ${t}`);
  // The other slices' rejects repeat the first slice's (the same lines, read the same way).
  for (const p of parts.slice(1)) for (const t of [`rej_${p}`, `rej_${p}_scan`]) await db.run(sql`DROP TABLE IF EXISTS ${rawSql(t)}`);
}
