/**
 * The case's snapshots as a replay sees them: columns, epoch-ms companions and each object's id key prefix, per
 * org. An export is replayed only against the snapshots of its own org (snapshotServesOrg); an unassigned
 * snapshot is read for none, and the catalog says why when an object has no snapshot an org may read.
 */
import { epochMsColumn, listSnapshotTables, snapshotServesOrg, type SnapshotTableRow } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';
import type { SnapshotInfo } from './replayTypes.js';

/** Every snapshot of the case, each org's apart. */
export class SnapshotCatalog {
  private readonly byOrg = new Map<string, Map<string, SnapshotInfo>>();

  constructor(private readonly entries: readonly { row: SnapshotTableRow; info: SnapshotInfo }[]) {}

  /** Every snapshot table (of every org), for what does not depend on the org (the object of an id key prefix). */
  all(): SnapshotInfo[] {
    return this.entries.map((e) => e.info);
  }

  /** The snapshots an export of `orgId` may read, by lower-case object name (its own org's before the case's one unnamed org). */
  forOrg(orgId: string | null): Map<string, SnapshotInfo> {
    const key = orgId ?? '';
    const cached = this.byOrg.get(key);
    if (cached) return cached;
    const out = new Map<string, SnapshotInfo>();
    const usable = this.entries.filter((e) => snapshotServesOrg(e.row, orgId));
    for (const e of [...usable.filter((u) => u.row.org_id !== orgId), ...usable.filter((u) => u.row.org_id === orgId)]) out.set(e.info.object.toLowerCase(), e.info);
    this.byOrg.set(key, out);
    return out;
  }

  /** Why an export of `orgId` has no snapshot of `object` although the case holds one (another org's, or unassigned); null otherwise. */
  whyNone(object: string, orgId: string | null): string | null {
    const rows = this.entries.map((e) => e.row).filter((r) => r.object.toLowerCase() === object.toLowerCase());
    if (rows.length === 0 || this.forOrg(orgId).has(object.toLowerCase())) return null;
    const unassigned = rows.filter((r) => r.org_basis?.split(';').includes('unassigned'));
    const others = rows.filter((r) => r.org_id !== null && r.org_id !== orgId).map((r) => r.org_id as string);
    const parts: string[] = [];
    if (others.length) parts.push(`the case's ${rows[0]!.object} snapshot belongs to ${others.length > 1 ? 'orgs' : 'org'} ${others.join(', ')}, not to ${orgId === null ? 'this export (whose org is not known)' : `this export's org ${orgId}`}`);
    if (unassigned.length) {
      parts.push(`the ${rows[0]!.object} export(s) of source ${unassigned.map((r) => r.source_ids).join(', ')} could not be assigned to an org, so they are read for none (import them again with --org <org id>, or put the org's Organization export beside them)`);
    }
    return parts.join('; ');
  }
}

/** Reads the case's snapshot tables once: columns and key prefix of each. */
export async function loadSnapshotCatalog(db: CaseDb): Promise<SnapshotCatalog> {
  const entries: { row: SnapshotTableRow; info: SnapshotInfo }[] = [];
  for (const r of await listSnapshotTables(db)) {
    const names = await db.columns(r.table_name);
    const columns = names.filter((c) => !c.startsWith('_'));
    const epochMsColumns = new Map(columns.filter((c) => names.includes(epochMsColumn(c))).map((c) => [c, epochMsColumn(c)]));
    const idCol = columns.find((c) => c.toLowerCase() === 'id');
    const keyPrefix = idCol ? await mostCommonKeyPrefix(db, r.table_name, idCol) : null;
    entries.push({ row: r, info: { object: r.object, table: r.table_name, columns, epochMsColumns, keyPrefix } });
  }
  return new SnapshotCatalog(entries);
}

/** The snapshots an export of `orgId` may read (every snapshot of a single-org case), by lower-case object name. */
export async function listSnapshots(db: CaseDb, orgId: string | null = null): Promise<Map<string, SnapshotInfo>> {
  return (await loadSnapshotCatalog(db)).forOrg(orgId);
}

/** The first three id characters most records of a snapshot share: the object's key prefix (003 = Contact). */
async function mostCommonKeyPrefix(db: CaseDb, table: string, idCol: string): Promise<string | null> {
  const row = await db.one<{ p: string | null }>(
    sql`SELECT substr(trim(${ident(idCol)}), 1, 3) AS p FROM ${ident(table)} WHERE ${ident(idCol)} IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`,
  );
  return row?.p ?? null;
}
