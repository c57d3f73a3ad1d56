/**
 * Loads CSV sources into DuckDB, many files per statement (csvRead.ts), and proves for every file
 * that no record was lost: the records counted from the file's bytes (its lines, counted while it
 * was hashed; where they differ, its records counted by the quote-aware scanner) must equal rows
 * loaded + records quarantined. A file DuckDB's reader gives up on, or whose count does not add
 * up, is read again through the fallback pass (isolate.ts): bad records quarantined, the rest
 * loaded, record numbers those of the original file. A file is never passed over silently: one
 * that still does not add up is loaded with its count marked as not adding up.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { groupObjects, LONG_RECORD_BYTES, MAX_RECORD_BYTES, readCsvGroup, type CsvShape } from './csvRead.js';
import { countLines } from './hash.js';
import { columnNames } from './internalColumns.js';
import { countRecords, isolateBadRecords } from './isolate.js';

export { columnNames } from './internalColumns.js';

export interface GroupFile {
  sourceId: number;
  path: string;
  /** Physical lines of the file, counted while it was hashed (counted here if absent). */
  lines?: number;
}

/** How the group's files are written: their common header (parsed by intake) and delimiter. */
export interface CsvLayout {
  header: readonly string[];
  delimiter?: string;
  /**
   * Computed columns (a select-list over the header's columns), e.g. the typed columns of events: computed as the raw
   * table loads and kept in it (a file read in column slices keeps them in a side table `der_g<k>`), offered by the group
   * view, not by `src_<id>`.
   */
  derived?: { sql: string; names: readonly string[] };
}

/** The count check of one file: records seen in its bytes against rows loaded + records quarantined. */
export interface RecordCount {
  seen: number;
  /** How the records were counted: `lines` (one per line), `records` (quote-aware scan), `fallback` (read record by record). */
  method: 'lines' | 'records' | 'fallback';
  ok: boolean;
  /** Why the fallback was used, or why the count does not add up. */
  note: string | null;
}

export interface FileLoad {
  rows: number;
  rejected: number;
  count: RecordCount;
}

export interface GroupLoad {
  /** A view over the group's rows with `__ls_source_id` and `__ls_rec`; null if nothing could be loaded. */
  view: string | null;
  columns: string[];
  loaded: Map<number, FileLoad>;
  /** Sources that could not be read at all, with the reason. */
  failed: Map<number, string>;
}

/**
 * Loads a group of same-header CSV files; a file that breaks the group, or whose count does not add
 * up, is loaded alone, through the fallback pass if need be. When the import is cancelled, the
 * group's partial tables are dropped and the cancellation propagates.
 */
export async function loadCsvGroup(
  db: CaseDb, groupId: string, files: readonly GroupFile[], layout: CsvLayout, signal?: AbortSignal, workDir?: string,
): Promise<GroupLoad> {
  const shape: CsvShape = { columns: columnNames(layout.header), delimiter: layout.delimiter ?? ',', derived: layout.derived };
  let reason: string;
  try {
    // Leftovers of an import cancelled before recording this group (its `src_<id>` views are replaced below).
    await abandon(db, groupId, files, shape, false);
    const read = await readCsvGroup(db, groupId, files, shape);
    const loaded = new Map<number, FileLoad>();
    for (const f of files) {
      const st = read.stats.get(f.sourceId) ?? { rows: 0, rejected: 0 };
      loaded.set(f.sourceId, { ...st, count: await checkCount(f, st.rows + st.rejected, shape.delimiter, signal) });
    }
    const short = [...loaded.entries()].filter(([, l]) => !l.count.ok);
    const long = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM quarantine
      WHERE source_id IN (${raw(files.map((f) => Math.trunc(f.sourceId)).join(', '))}) AND error_type LIKE ${'%LINE SIZE%'}`);
    if (!short.length && !long?.n) return { view: read.view, columns: [...shape.columns], loaded, failed: new Map() };
    const first = short[0]?.[1];
    reason = !first
      ? `it holds records longer than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`
      : first.count.note
        ? `it has ${first.count.note}, which would shift record numbers`
        : `its rows and rejects (${first.rows + first.rejected}) do not add up to its ${first.count.seen} records`;
  } catch (e) {
    if (signal?.aborted) {
      await abandon(db, groupId, files, shape);
      throw e;
    }
    reason = `DuckDB's reader gave up on it (${message(e)})`;
  }
  await abandon(db, groupId, files, shape);
  if (files.length === 1) return loadIsolated(db, groupId, files[0]!, shape, reason, signal, workDir);
  return loadEachAlone(db, groupId, files, layout, signal, workDir);
}

/** Records seen in a file against what DuckDB returned for it; cheap when every line is one record. */
async function checkCount(f: GroupFile, got: number, delimiter: string, signal: AbortSignal | undefined): Promise<RecordCount> {
  const lines = f.lines ?? (await countLines(f.path));
  if (Math.max(0, lines - 1) === got) return { seen: got, method: 'lines', ok: true, note: null };
  const exact = await countRecords(f.path, delimiter, signal);
  if (exact.records === got && exact.interiorBlankLines === 0) return { seen: got, method: 'records', ok: true, note: null };
  return { seen: exact.records, method: 'records', ok: false, note: exact.interiorBlankLines ? `${exact.interiorBlankLines} blank line(s) between records` : null };
}

/** Reads one file through the fallback pass: bad records quarantined, a clean copy loaded. */
async function loadIsolated(
  db: CaseDb, k: string, file: GroupFile, shape: CsvShape, reason: string, signal: AbortSignal | undefined, workDir: string | undefined,
): Promise<GroupLoad> {
  const dir = workDir ?? (db.path === ':memory:' ? os.tmpdir() : path.join(path.dirname(db.path), 'work', 'clean'));
  await mkdir(dir, { recursive: true });
  const clean = path.join(dir, `clean-g${k}-${file.sourceId}.csv`);
  const cut = `cut_g${k}`;
  try {
    const iso = await isolateBadRecords(db, file.sourceId, file.path, clean, cut,
      { delimiter: shape.delimiter, fields: shape.columns.length, maxRecordBytes: LONG_RECORD_BYTES }, signal);
    // Records up to LONG_RECORD_BYTES were kept: read them with a line size (and buffer) that fits the longest.
    const fits = { ...shape, maxRecordBytes: iso.longest > MAX_RECORD_BYTES ? LONG_RECORD_BYTES : MAX_RECORD_BYTES };
    const read = await readCsvGroup(db, k, [{ sourceId: file.sourceId, path: clean }], fits, cut);
    const st = read.stats.get(file.sourceId) ?? { rows: 0, rejected: 0 };
    const ok = iso.records === st.rows + st.rejected;
    const note = ok
      ? `read record by record: ${reason}`
      : `does not add up even record by record: ${iso.records} records, ${st.rows} loaded + ${st.rejected} quarantined (${reason})`;
    return { view: read.view, columns: [...shape.columns], loaded: new Map([[file.sourceId, { ...st, count: { seen: iso.records, method: 'fallback', ok, note } }]]), failed: new Map() };
  } catch (e) {
    await abandon(db, k, [file], shape);
    if (signal?.aborted) throw e;
    return { view: null, columns: [], loaded: new Map(), failed: new Map([[file.sourceId, `${message(e)} (after ${reason})`]]) };
  } finally {
    await rm(clean, { force: true });
    await db.run(sql`DROP TABLE IF EXISTS ${raw(cut)}`);
  }
}

/** Loads each file of a group on its own (each with its own count check and fallback), under one group view. */
async function loadEachAlone(
  db: CaseDb, k: string, files: readonly GroupFile[], layout: CsvLayout, signal: AbortSignal | undefined, workDir: string | undefined,
): Promise<GroupLoad> {
  const out: GroupLoad = { view: null, columns: [], loaded: new Map(), failed: new Map() };
  const views: string[] = [];
  for (const [i, f] of files.entries()) {
    const one = await loadCsvGroup(db, `${k}_${i}`, [f], layout, signal, workDir);
    one.loaded.forEach((v, id) => out.loaded.set(id, v));
    one.failed.forEach((v, id) => out.failed.set(id, v));
    if (one.view) views.push(one.view);
    if (one.columns.length && !out.columns.length) out.columns = one.columns;
  }
  if (views.length) {
    out.view = `grp_${k}`;
    await db.run(sql`CREATE OR REPLACE VIEW ${raw(out.view)} AS ${raw(views.map((v) => `SELECT * FROM ${v}`).join(' UNION ALL BY NAME '))}`);
  }
  return out;
}

/** Drops what a group's attempt left: its tables and views, the files' quarantine rows and (unless told not to) views. */
async function abandon(db: CaseDb, k: string, files: readonly GroupFile[], shape: CsvShape, sourceViews = true): Promise<void> {
  const { views, tables } = groupObjects(k, shape.columns.length);
  const own = sourceViews ? files.map((f) => `src_${Math.trunc(f.sourceId)}`) : [];
  for (const v of [...views, ...own]) await db.run(sql`DROP VIEW IF EXISTS ${raw(v)}`).catch(() => undefined);
  for (const t of tables) await db.run(sql`DROP TABLE IF EXISTS ${raw(t)}`).catch(() => undefined);
  const ids = files.map((f) => Math.trunc(f.sourceId)).join(', ');
  await db.run(sql`DELETE FROM quarantine WHERE source_id IN (${raw(ids)})`);
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
