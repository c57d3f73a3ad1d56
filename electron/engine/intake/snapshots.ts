/**
 * sObject exports (Contact.csv, User.csv, ConnectedApplication.csv, …) become one snapshot per
 * object and org, `snap_<object>` (see buildSnapshots). Several files of one object and org are united by column
 * name; for a record id present in more than one of them the later file's row wins. `__ls_source_id` and `__ls_rec` keep
 * each row traceable to its file and record; each date-like column has a companion
 * `__ls_ms_<column>`, its value parsed once to epoch milliseconds for replaying queries.
 * A snapshot of up to WIDE_SLICE columns is a table; a wider one (custom fields by the hundred)
 * is a view over its sources joined to a narrow table of the winning rows (`snapk_<object>`),
 * because DuckDB writing a table holds a block per column in memory.
 */
import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
import type { CaseDb } from '../store/duck.js';
import { ident, literal, quoteIdentifier as q, raw, sql, type SqlFragment } from '../store/sql.js';
import { WIDE_SLICE } from './csvRead.js';
import type { SnapshotSource } from './snapshotOrgs.js';
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

/** The column every snapshot row carries: the org (18 chars) its source was assigned, null when unassigned. */
export const SNAPSHOT_ORG = '__ls_org_id';

/**
 * Builds every snapshot from the loaded sObject sources: one per object and org (snapshotOrgs.ts says which org a
 * source belongs to). An object of one org is `snap_<object>`; of several, each org's is `snap_<object>__<org id,
 * lower case>` and `snap_<object>` is their union, for readers of the whole case. Files no org could be told for
 * are `snap_<object>__unassigned`, listed in `snapshot_tables` but in no union: nothing reads them. Records are de-duplicated within one org only: two orgs' ids never stand for the same record.
 */
export async function buildSnapshots(db: CaseDb, sources: readonly SnapshotSource[]): Promise<void> {
  for (const old of await db.all<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables`)) await dropSnapshot(db, old.table_name);
  await db.run(sql`DELETE FROM snapshot_tables`);
  const byObject = new Map<string, Map<string, SnapshotSource[]>>();
  for (const s of sources) {
    const key = s.object.toLowerCase();
    const orgKey = s.orgBasis === 'unassigned' ? 'unassigned' : s.orgId ?? '';
    const groups = byObject.get(key) ?? new Map<string, SnapshotSource[]>();
    groups.set(orgKey, [...(groups.get(orgKey) ?? []), s]);
    byObject.set(key, groups);
  }
  for (const [key, groups] of byObject) {
    const object = sources.find((s) => s.object.toLowerCase() === key)!.object;
    const table = snapshotTableName(object);
    if (!table) continue;
    await dropSnapshot(db, table);
    const tables: string[] = [];
    const assigned = [...groups.keys()].filter((k) => k !== 'unassigned');
    for (const [orgKey, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const name = orgKey !== 'unassigned' && assigned.length === 1 ? table : `${table}__${(orgKey || 'org').toLowerCase()}`;
      const basis = [...new Set(list.map((s) => s.orgBasis ?? 'single_org'))].sort().join(';');
      await buildOne(db, name, list, orgKey === 'unassigned' || orgKey === '' ? null : orgKey);
      await db.run(sql`INSERT INTO snapshot_tables VALUES (${object}, ${orgKey === 'unassigned' || orgKey === '' ? null : orgKey}, ${basis}, ${name}, ${list.map((s) => s.id).join(',')})`);
      if (orgKey !== 'unassigned') tables.push(name);
    }
    // The whole case's view holds the assigned orgs only: an unassigned file is read by no one.
    if (tables.length > 1) await db.run(sql`CREATE VIEW ${ident(table)} AS ${raw(tables.map((t) => `SELECT * FROM ${ident(t).text}`).join(' UNION ALL BY NAME '))}`);
  }
}

async function dropSnapshot(db: CaseDb, table: string): Promise<void> {
  await db.run(sql`DROP VIEW IF EXISTS ${ident(table)}`).catch(() => undefined);
  await db.run(sql`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);
  await db.run(sql`DROP TABLE IF EXISTS ${ident(table.replace(/^snap_/, 'snapk_'))}`).catch(() => undefined);
}

/** One org's snapshot of an object, `table`, from its sources (a table, or a view over them when wide). */
async function buildOne(db: CaseDb, table: string, list: readonly SnapshotSource[], orgId: string | null): Promise<void> {
  const org = orgId === null ? 'NULL::VARCHAR' : literal(orgId).text;
  const union = list.map((s) => `SELECT *, ${Math.trunc(s.id)} AS ${SOURCE_ID}, ${org} AS ${SNAPSHOT_ORG} FROM ${s.table}`).join(' UNION ALL BY NAME ');
  const idCol = (await db.columns(list[0]!.table)).find((c) => c.toLowerCase() === 'id') ?? null;
  const columns = new Set<string>();
  for (const src of list) for (const c of await db.columns(src.table)) if (!isInternalName(c)) columns.add(c);
  const parsed = [...columns].filter((c) => DATE_LIKE.test(c)).map((c) => `epoch_ms(${sfTimestampSql(q(c))}) AS ${q(epochMsColumn(c))}`);
  const dedupe = idCol ? `QUALIFY row_number() OVER (PARTITION BY substr(trim(${q(idCol)}), 1, 15) ORDER BY ${SOURCE_ID} DESC, ${REC} DESC) = 1` : '';
  const keys = raw(table.replace(/^snap_/, 'snapk_'));
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
}

/** One snapshot table of the case: its object, org (null when unassigned or the one org is unknown) and basis. */
export interface SnapshotTableRow {
  object: string;
  org_id: string | null;
  /** `organization_export`, `option`, `single_org`, `unassigned` (`;`-joined when its files differ); null in a case built before migration 7. */
  org_basis: string | null;
  table_name: string;
  source_ids: string;
}

/** Every snapshot table of the case, one per object and org. */
export async function listSnapshotTables(db: CaseDb): Promise<SnapshotTableRow[]> {
  return db.all<SnapshotTableRow & Record<string, unknown>>(sql`SELECT object, org_id, org_basis, table_name, source_ids FROM snapshot_tables ORDER BY lower(object), org_id NULLS LAST`);
}

/**
 * Whether a snapshot may be read for an export of `orgId`: it is that org's, or it belongs to the case's one org
 * whose id is not known (assigned, org null). An unassigned snapshot is read for no org.
 */
export function snapshotServesOrg(row: Pick<SnapshotTableRow, 'org_id' | 'org_basis'>, orgId: string | null): boolean {
  if (row.org_basis !== null && row.org_basis.split(';').includes('unassigned')) return false;
  return row.org_id === null || row.org_id === orgId;
}

/** The snapshot of an object for one org's exports (see snapshotServesOrg), with its column names; null if there is none. */
export async function findOrgSnapshot(db: CaseDb, object: string, orgId: string | null): Promise<{ table: string; columns: string[] } | null> {
  const rows = (await listSnapshotTables(db)).filter((r) => r.object.toLowerCase() === object.toLowerCase() && snapshotServesOrg(r, orgId));
  const t = rows.find((r) => r.org_id === orgId) ?? rows[0];
  return t ? { table: t.table_name, columns: await db.columns(t.table_name) } : null;
}

/**
 * Every snapshot table of an object, unassigned ones included, as one relation (`UNION ALL BY NAME`) with the union
 * of their columns; null if there is none. Only for readers that place each row on its own (an id → name lookup: ids
 * are unique across orgs; an audit-trail row by its user's org), never for a replay.
 */
export async function findAnySnapshot(db: CaseDb, object: string): Promise<{ relation: SqlFragment; columns: string[] } | null> {
  const tables = (await listSnapshotTables(db)).filter((r) => r.object.toLowerCase() === object.toLowerCase()).map((r) => r.table_name);
  if (tables.length === 0) return null;
  const columns = new Set<string>();
  for (const t of tables) for (const c of await db.columns(t)) columns.add(c);
  return { relation: sql`(${raw(tables.map((t) => `SELECT * FROM ${q(t)}`).join(' UNION ALL BY NAME '))})`, columns: [...columns] };
}

/**
 * The whole case's snapshot of an object (any letter case; every assigned org's rows, each with `__ls_org_id`),
 * with its column names; null if there is none. Readers that must keep orgs apart use findOrgSnapshot or the org column.
 */
export async function findSnapshot(db: CaseDb, object: string): Promise<{ table: string; columns: string[] } | null> {
  const t = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM snapshot_tables WHERE lower(object) = lower(${object})
    AND NOT contains(coalesce(org_basis, ''), 'unassigned')`);
  const table = snapshotTableName(object);
  return t?.n && table ? { table, columns: await db.columns(table) } : null;
}
