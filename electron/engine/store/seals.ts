/**
 * Content seals of the case database: for every table, its row count and an order-independent sum
 * of DuckDB's 64-bit hash of each whole row. A row edited, added or removed inside case.duckdb
 * changes its table's seal; the seals are recorded in the signed custody log at the end of every
 * run, checked at the start of the next one and by `verify`. (DuckDB's `hash` is fast and stable
 * within a DuckDB version, not cryptographic: the custody chain's signatures protect the recorded
 * seals; the seal says whether the table still holds what Leakscope left in it.)
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CaseDb } from './duck.js';
import { ident, sql, type SqlFragment } from './sql.js';

export interface TableSeal {
  table: string;
  rows: number;
  seal: string;
}

/** The seals of every base table of the case, by table name. */
export async function computeSeals(db: CaseDb): Promise<TableSeal[]> {
  const tables = await db.all<{ table_name: string }>(
    sql`SELECT table_name FROM information_schema.tables
        WHERE table_catalog = current_database() AND table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  if (tables.length === 0) return [];
  const seals: TableSeal[] = [];
  // A few dozen tables per statement: one scan each, DuckDB parallel within it.
  for (let i = 0; i < tables.length; i += 40) {
    const parts = tables.slice(i, i + 40).map((t) => sql`SELECT ${t.table_name} AS t, count(*)::BIGINT AS n, coalesce(sum(hash(x)), 0)::VARCHAR AS s FROM ${ident(t.table_name)} x`);
    const rows = await db.all<{ t: string; n: number; s: string }>(unionAll(parts));
    for (const r of rows) seals.push({ table: r.t, rows: Number(r.n), seal: r.s });
  }
  return seals.sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
}

/**
 * The state of a case database's bytes on disk: size, inode, modification and change time of the file and of its
 * write-ahead log (the change time moves with any write and cannot be set back by a user). Null for ':memory:'.
 */
export function fileState(file: string): string | null {
  if (file === ':memory:' || !existsSync(file)) return null;
  const one = (f: string): string => {
    if (!existsSync(f)) return '-';
    const s = statSync(f, { bigint: true });
    return `${s.size}:${s.ino}:${s.mtimeNs}:${s.ctimeNs}`;
  };
  return `${one(file)}|${one(`${file}.wal`)}`;
}

/** Seals this process computed (or recorded at the end of a run), each with the state of the file they were taken from. */
const remembered = new Map<string, { state: string; seals: TableSeal[] }>();

/** Keeps the seals of a closed case database for `computeSealsRemembered`, against the file's state now. */
export function rememberSeals(file: string, seals: readonly TableSeal[]): void {
  const state = fileState(file);
  if (state !== null) remembered.set(path.resolve(file), { state, seals: [...seals] });
}

/**
 * `computeSeals`, but answered from memory when this process sealed (or computed the seals of) the database and its
 * file and write-ahead log have not changed since: reopening a case of 10 million events hashed every row of every
 * table (about 4 CPU-seconds) on each open. A changed byte changes the file's change time, so the tables are hashed
 * again; a new process always hashes them. `verify` does not use this.
 */
export async function computeSealsRemembered(db: CaseDb): Promise<TableSeal[]> {
  const key = path.resolve(db.path);
  const before = fileState(db.path);
  const hit = before === null ? undefined : remembered.get(key);
  if (hit && hit.state === before) return [...hit.seals];
  const seals = await computeSeals(db);
  if (before !== null && fileState(db.path) === before) remembered.set(key, { state: before, seals });
  return seals;
}

/** DuckDB's version: seals are comparable only under the same one. */
export async function duckdbVersion(db: CaseDb): Promise<string> {
  return (await db.one<{ v: string }>(sql`SELECT version() AS v`))?.v ?? 'unknown';
}

/** What differs between the recorded seals and the tables now: each finding names the table. */
export function compareSeals(recorded: readonly TableSeal[], current: readonly TableSeal[]): string[] {
  const now = new Map(current.map((s) => [s.table, s]));
  const before = new Map(recorded.map((s) => [s.table, s]));
  const problems: string[] = [];
  for (const r of recorded) {
    const c = now.get(r.table);
    if (!c) problems.push(`table ${r.table} (${r.rows} rows when sealed) is gone`);
    else if (c.rows !== r.rows) problems.push(`table ${r.table} changed: ${r.rows} rows when sealed, ${c.rows} now`);
    else if (c.seal !== r.seal) problems.push(`table ${r.table} changed: same ${r.rows} rows, different contents`);
  }
  for (const c of current) if (!before.has(c.table)) problems.push(`table ${c.table} (${c.rows} rows) appeared after the seal`);
  return problems;
}

function unionAll(parts: SqlFragment[]): SqlFragment {
  return parts.slice(1).reduce((acc, p) => sql`${acc} UNION ALL ${p}`, parts[0]!);
}
