/**
 * sObject exports (Contact.csv, User.csv, ConnectedApplication.csv, …) become one snapshot per
 * object, `snap_<object>`. Several files of one object are united by column name; for a record id
 * present in more than one file the later file's row wins. `__ls_source_id` and `__ls_rec` keep
 * each row traceable to its file and record; each date-like column has a companion
 * `__ls_ms_<column>`, its value parsed once to epoch milliseconds for replaying queries.
 * A snapshot of up to WIDE_SLICE columns is a table; a wider one (custom fields by the hundred)
 * is a view over its sources joined to a narrow table of the winning rows (`snapk_<object>`),
 * because DuckDB writing a table holds a block per column in memory.
 */
import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
import type { CaseDb } from '../store/duck.js';
import { quoteIdentifier as q, raw, sql } from '../store/sql.js';
import { WIDE_SLICE } from './csvRead.js';
import { isInternalName, REC, SOURCE_ID } from './internalColumns.js';

/** Columns whose text is parsed once into epoch milliseconds (`__ls_ms_<column>`) for fast replays. */
const DATE_LIKE = /(Date|Time|Stamp|Date__c)$/i;

/** The precomputed epoch-milliseconds companion of a date-like snapshot column. */
export function epochMsColumn(column: string): string {
  return `__ls_ms_${column}`;
}

const OBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** The snapshot table for an object name, or null if the name is not a plausible sObject name. */
export function snapshotTableName(object: string): string | null {
  return OBJECT_NAME.test(object) ? `snap_${object.toLowerCase()}` : null;
}

/** Builds every snapshot from the loaded sObject sources. */
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
    const union = list.map((s) => `SELECT *, ${Math.trunc(s.id)} AS ${SOURCE_ID} FROM ${s.table}`).join(' UNION ALL BY NAME ');
    const idCol = (await db.columns(list[0]!.table)).find((c) => c.toLowerCase() === 'id') ?? null;
    const columns = new Set<string>();
    for (const src of list) for (const c of await db.columns(src.table)) if (!isInternalName(c)) columns.add(c);
    const parsed = [...columns].filter((c) => DATE_LIKE.test(c)).map((c) => `epoch_ms(${sfTimestampSql(q(c))}) AS ${q(epochMsColumn(c))}`);
    const dedupe = idCol ? `QUALIFY row_number() OVER (PARTITION BY substr(trim(${q(idCol)}), 1, 15) ORDER BY ${SOURCE_ID} DESC, ${REC} DESC) = 1` : '';
    const keys = raw(`snapk_${key}`);
    await db.run(sql`DROP VIEW IF EXISTS ${raw(table)}`).catch(() => undefined);
    await db.run(sql`DROP TABLE IF EXISTS ${raw(table)}`).catch(() => undefined);
    await db.run(sql`DROP TABLE IF EXISTS ${keys}`);
    if (columns.size + parsed.length <= WIDE_SLICE) {
      await db.run(sql`CREATE TABLE ${raw(table)} AS SELECT *${raw(parsed.map((p) => `, ${p}`).join(''))} FROM (${raw(union)}) ${raw(dedupe)}`);
    } else {
      // Only the key columns and date columns are read to pick the winning rows; the rest stays where it was loaded.
      const needed = [...new Set([idCol, ...[...columns].filter((c) => DATE_LIKE.test(c))].filter((c): c is string => c !== null))];
      const narrow = list.map((s) => `SELECT ${[...needed.map(q), REC].join(', ')}, ${Math.trunc(s.id)} AS ${SOURCE_ID} FROM ${s.table}`).join(' UNION ALL BY NAME ');
      await db.run(sql`CREATE TABLE ${keys} AS SELECT ${raw([SOURCE_ID, REC, ...parsed].join(', '))} FROM (${raw(narrow)}) ${raw(dedupe)}`);
      await db.run(sql`CREATE VIEW ${raw(table)} AS SELECT s.*${raw(parsed.length ? `, k.* EXCLUDE (${SOURCE_ID}, ${REC})` : '')}
        FROM (${raw(union)}) s JOIN ${keys} k ON s.${raw(SOURCE_ID)} = k.${raw(SOURCE_ID)} AND s.${raw(REC)} = k.${raw(REC)}`);
    }
    await db.run(sql`INSERT OR REPLACE INTO snapshot_tables VALUES (${object}, ${table}, ${list.map((s) => s.id).join(',')})`);
  }
}

/** The snapshot of an object (any letter case), with its column names; null if there is none. */
export async function findSnapshot(db: CaseDb, object: string): Promise<{ table: string; columns: string[] } | null> {
  const t = await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE lower(object) = lower(${object})`);
  return t ? { table: t.table_name, columns: await db.columns(t.table_name) } : null;
}
