/**
 * sObject exports (Contact.csv, User.csv, ConnectedApplication.csv, …) become one snapshot
 * table per object. Several files of one object are united by column name; for a record id
 * present in more than one file the later file's row wins. `_source_id` and `_rec` keep each
 * row traceable to its file and record.
 */
import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Columns whose text is parsed once into epoch milliseconds (`__ms_<column>`) for fast replays. */
const DATE_LIKE = /(Date|Time|Stamp|Date__c)$/i;

/** The precomputed epoch-milliseconds companion of a date-like snapshot column. */
export function epochMsColumn(column: string): string {
  return `__ms_${column}`;
}

const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** The snapshot table for an object name, or null if the name is not a plausible sObject name. */
export function snapshotTableName(object: string): string | null {
  return OBJECT_NAME.test(object) ? `snap_${object.toLowerCase()}` : null;
}

/** Builds every snapshot table from the loaded sObject sources. */
export async function buildSnapshots(db: CaseDb, sources: { id: number; object: string; table: string }[]): Promise<void> {
  const byObject = new Map<string, { id: number; table: string }[]>();
  for (const s of sources) {
    const key = s.object.toLowerCase();
    byObject.set(key, [...(byObject.get(key) ?? []), s]);
  }
  for (const [key, list] of byObject) {
    const object = sources.find((s) => s.object.toLowerCase() === key)!.object;
    const table = snapshotTableName(object);
    if (!table) continue;
    const union = list.map((s) => `SELECT *, ${s.id} AS _source_id FROM ${s.table}`).join(' UNION ALL BY NAME ');
    const idCol = (await db.columns(list[0]!.table)).find((c) => c.toLowerCase() === 'id') ?? null;
    const columns = new Set<string>();
    for (const src of list) for (const c of await db.columns(src.table)) if (c !== '_rec') columns.add(c);
    const parsed = [...columns]
      .filter((c) => DATE_LIKE.test(c))
      .map((c) => `epoch_ms(${sfTimestampSql(`"${c.replaceAll('"', '""')}"`)}) AS "${epochMsColumn(c).replaceAll('"', '""')}"`);
    const dedupe = idCol
      ? `QUALIFY row_number() OVER (PARTITION BY substr(trim("${idCol}"), 1, 15) ORDER BY _source_id DESC, _rec DESC) = 1`
      : '';
    await db.run(`DROP TABLE IF EXISTS ${table}`);
    await db.run(`CREATE TABLE ${table} AS SELECT *${parsed.map((p) => `, ${p}`).join('')} FROM (${union}) ${dedupe}`);
    await db.run(sql`INSERT OR REPLACE INTO snapshot_tables VALUES (${object}, ${table}, ${list.map((s) => s.id).join(',')})`);
  }
}

/** The snapshot of an object (any letter case), with its column names; null if there is none. */
export async function findSnapshot(db: CaseDb, object: string): Promise<{ table: string; columns: string[] } | null> {
  const t = await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE lower(object) = lower(${object})`);
  return t ? { table: t.table_name, columns: await db.columns(t.table_name) } : null;
}
