/**
 * The text the secrets scan reads: every text field of every exposed record that has a snapshot row, unpivoted
 * in DuckDB into one row per (record, field), keeping only fields that hold a rule keyword (one RE2 pass over the
 * text). The exposed record's 18-character id is matched to the snapshot's 15- or 18-character Id.
 */
import { epochMsColumn } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql } from '../store/sql.js';
import { re2Literal } from './secretsTables.js';

/** What was read from one snapshot. */
export interface SnapshotScan {
  object: string;
  records: number;
  fields: number;
  /** Why this snapshot was not read (no Id column, no text column). */
  skipped: string | null;
}

/** Creates `ls_secret_cells` empty: cell, object, record id, field, text (and lower-cased), snapshot source and record, keywords found. */
export async function startCells(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_cells_raw (object VARCHAR, record_id VARCHAR, field VARCHAR, value VARCHAR,
    lvalue VARCHAR, source_id BIGINT, rec BIGINT, found VARCHAR[])`);
}

/** Whether a snapshot column can hold free text: not internal, not the record or a reference id, not a parsed date. */
export function isTextColumn(column: string, all: readonly string[]): boolean {
  if (column.startsWith('_')) return false;
  if (column.toLowerCase() === 'id' || /[a-z0-9]Id$/.test(column)) return false;
  return !all.includes(epochMsColumn(column));
}

/** Reads one snapshot's exposed records into the cells that hold a keyword; returns what was read. */
export async function readSnapshotCells(db: CaseDb, object: string, table: string, keywords: readonly string[]): Promise<SnapshotScan> {
  const all = await db.columns(table);
  const idCol = all.find((c) => c.toLowerCase() === 'id');
  if (!idCol) return { object, records: 0, fields: 0, skipped: `the ${object} snapshot has no Id column` };
  const text = all.filter((c) => isTextColumn(c, all));
  if (text.length === 0) return { object, records: 0, fields: 0, skipped: `the ${object} snapshot has no text column` };
  // The exposure's 18-character id meets the snapshot's 15- or 18-character Id on the case-sensitive 15 characters.
  const exposed = sql`SELECT e.record_id AS __ls_rid, s."__ls_source_id" AS __ls_src, s."__ls_rec" AS __ls_row,
      ${raw(text.map((c) => `CAST(s.${ident(c).text} AS VARCHAR) AS ${ident(c).text}`).join(', '))}
    FROM ${ident(table)} s
    JOIN (SELECT DISTINCT record_id FROM exposures WHERE lower(object) = lower(${object})) e
      ON substr(trim(s.${ident(idCol)}), 1, 15) = substr(e.record_id, 1, 15)
    WHERE length(trim(s.${ident(idCol)})) IN (15, 18)`;
  const counted = await db.one<{ records: number; fields: number }>(sql`SELECT count(*)::BIGINT AS records,
      (${raw(text.map((c) => `count(nullif(trim(${ident(c).text}), ''))`).join(' + '))})::BIGINT AS fields FROM (${exposed})`);
  const longestFirst = [...keywords].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const alternation = `(?:${longestFirst.map(re2Literal).join('|')})`;
  await db.run(sql`INSERT INTO ls_secret_cells_raw
    SELECT ${object}, __ls_rid, field, value, lower(value), __ls_src, __ls_row,
      list_distinct(regexp_extract_all(lower(value), ${alternation}))
    FROM (UNPIVOT (${exposed}) ON COLUMNS(* EXCLUDE (__ls_rid, __ls_src, __ls_row)) INTO NAME field VALUE value)
    WHERE regexp_matches(value, ${`(?i)${alternation}`})`);
  return { object, records: Number(counted?.records ?? 0), fields: Number(counted?.fields ?? 0), skipped: null };
}

/** Numbers the cells once every snapshot is read. */
export async function finishCells(db: CaseDb): Promise<number> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_cells AS SELECT row_number() OVER () AS cell_id, * FROM ls_secret_cells_raw`);
  await db.run(sql`DROP TABLE ls_secret_cells_raw`);
  const n = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ls_secret_cells`);
  return Number(n?.n ?? 0);
}
