/**
 * A small hand-built org for SOQL replay tests: snapshots built through the real intake path
 * (buildSnapshots), so `__ms_` columns, id de-duplication and snapshot_tables are as in a case.
 * Ids have mixed-case letters so that the 15-character case-sensitive comparison matters.
 */
import { REC } from '../../electron/engine/intake/internalColumns.js';
import { toId18 } from '../../shared/ids.js';
import { buildSnapshots } from '../../electron/engine/intake/snapshots.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { ident, quoteIdentifier, raw, sql } from '../../electron/engine/store/sql.js';

/** A 15-character id with key prefix `prefix` and record number `n` (letters included). */
export function id15(prefix: string, n: number): string {
  return `${prefix}Ab0${String(n).padStart(9, '0')}`;
}

/** The 18-character form of id15(prefix, n). */
export function id18(prefix: string, n: number): string {
  return toId18(id15(prefix, n)) as string;
}

export type Table = { columns: string[]; rows: (string | null)[][] };

/** Opens an in-memory case holding one snapshot per table. */
export async function orgDb(tables: Record<string, Table>): Promise<CaseDb> {
  const db = await CaseDb.open(':memory:', { threads: 1 });
  await db.run(sql`CREATE TABLE snapshot_tables (object VARCHAR NOT NULL, org_id VARCHAR, org_basis VARCHAR, table_name VARCHAR PRIMARY KEY, source_ids VARCHAR NOT NULL)`);
  const sources: { id: number; object: string; table: string }[] = [];
  let n = 0;
  for (const [object, t] of Object.entries(tables)) {
    const table = `src_${object.toLowerCase()}`;
    const cols = [...t.columns, REC].map((c) => `${quoteIdentifier(c)} VARCHAR`).join(', ');
    await db.run(sql`CREATE TABLE ${ident(table)} (${raw(cols)})`);
    await db.appendRows(table, t.rows.map((r, i) => [...r, String(i + 1)]));
    sources.push({ id: ++n, object, table });
  }
  await buildSnapshots(db, sources);
  return db;
}
