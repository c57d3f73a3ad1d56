/** The case's snapshots as a replay sees them: columns, epoch-ms companions and each object's id key prefix. */
import { epochMsColumn } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';
import type { SnapshotInfo } from './replayTypes.js';

/** Every snapshot of the case, by lower-case object name, so relationships and semi-joins can reach them. */
export async function listSnapshots(db: CaseDb): Promise<Map<string, SnapshotInfo>> {
  const rows = await db.all<{ object: string; table_name: string }>(sql`SELECT object, table_name FROM snapshot_tables`);
  const out = new Map<string, SnapshotInfo>();
  for (const r of rows) {
    const names = await db.columns(r.table_name);
    const columns = names.filter((c) => !c.startsWith('_'));
    const epochMsColumns = new Map(columns.filter((c) => names.includes(epochMsColumn(c))).map((c) => [c, epochMsColumn(c)]));
    const idCol = columns.find((c) => c.toLowerCase() === 'id');
    const keyPrefix = idCol ? await mostCommonKeyPrefix(db, r.table_name, idCol) : null;
    out.set(r.object.toLowerCase(), { object: r.object, table: r.table_name, columns, epochMsColumns, keyPrefix });
  }
  return out;
}

/** The first three id characters most records of a snapshot share: the object's key prefix (003 = Contact). */
async function mostCommonKeyPrefix(db: CaseDb, table: string, idCol: string): Promise<string | null> {
  const row = await db.one<{ p: string | null }>(
    sql`SELECT substr(trim(${ident(idCol)}), 1, 3) AS p FROM ${ident(table)} WHERE ${ident(idCol)} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  return row?.p ?? null;
}
