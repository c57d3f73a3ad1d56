/**
 * Content seals of the case database: for every table, its row count and an order-independent sum
 * of DuckDB's 64-bit hash of each whole row. A row edited, added or removed inside case.duckdb
 * changes its table's seal; the seals are recorded in the signed custody log at the end of every
 * run, checked at the start of the next one and by `verify`. (DuckDB's `hash` is fast and stable
 * within a DuckDB version, not cryptographic: the custody chain's signatures protect the recorded
 * seals; the seal says whether the table still holds what Leakscope left in it.)
 */
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
