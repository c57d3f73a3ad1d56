/**
 * What report.pdf says about the evidence itself: every source with its SHA-256 and record counts (bounded), what
 * is missing or doubtful (quarantined lines, counts that do not add up, files not loaded, record snapshots with no
 * org in a case of several orgs, rows left out of every export), read from the case tables.
 */
import type { CaseDb } from '../../store/duck.js';
import { modeOf, sql } from '../../store/sql.js';

/** How many sources the appendix lists before pointing to `leakscope verify` and the sources table. */
export const SOURCE_ROWS = 250;

export type SourceRow = { id: number; name: string; kind: string; detail: string | null; rows: number; rejected: number; duplicates: number; bytes: number; sha256: string }
export type QuarantineFact = { sourceId: number; name: string; lines: number; firstLine: number | null; reason: string | null }

export interface EvidenceFacts {
  sources: SourceRow[];
  sourceCount: number;
  byKind: { kind: string; files: number; rows: number }[];
  quarantined: number;
  quarantineBySource: QuarantineFact[];
  quarantineSources: number;
  countMismatches: { name: string; note: string | null }[];
  notLoaded: { name: string; kind: string }[];
  notLoadedCount: number;
  snapshots: { object: string; sources: string }[];
  unassignedSnapshots: string[];
  reconstructionWarnings: number;
  /** Rows of `exposed_secrets` (the secrets scan of the exposed records), null when the case has no such table. */
  secrets: number | null;
}

/** Reads the evidence facts; each list is bounded, each figure counted in SQL. */
export async function readEvidenceFacts(db: CaseDb, has: (table: string) => boolean, orgCount: number): Promise<EvidenceFacts> {
  const n = async (q: ReturnType<typeof sql>): Promise<number> => Number((await db.one<{ n: number }>(q))?.n ?? 0);
  const facts: EvidenceFacts = {
    sources: await db.all<SourceRow>(sql`
      SELECT id, name, kind, detail, rows, rejected, duplicates, bytes, sha256 FROM sources ORDER BY id LIMIT ${SOURCE_ROWS}`),
    sourceCount: await n(sql`SELECT count(*)::BIGINT AS n FROM sources`),
    byKind: await db.all(sql`SELECT kind, count(*)::BIGINT AS files, sum(rows)::BIGINT AS rows FROM sources GROUP BY kind ORDER BY kind`),
    quarantined: has('quarantine') ? await n(sql`SELECT count(*)::BIGINT AS n FROM quarantine`) : 0,
    quarantineBySource: [],
    quarantineSources: 0,
    countMismatches: [],
    notLoaded: await db.all(sql`SELECT name, kind FROM sources WHERE table_name IS NULL AND kind NOT IN ('archive') ORDER BY id LIMIT 30`),
    notLoadedCount: await n(sql`SELECT count(*)::BIGINT AS n FROM sources WHERE table_name IS NULL AND kind NOT IN ('archive')`),
    snapshots: has('snapshot_tables') ? await db.all(sql`SELECT object, source_ids AS sources FROM snapshot_tables ORDER BY object LIMIT 100`) : [],
    unassignedSnapshots: [],
    reconstructionWarnings: has('reconstruction_warnings') ? await n(sql`SELECT count(*)::BIGINT AS n FROM reconstruction_warnings`) : 0,
    secrets: has('exposed_secrets') ? await n(sql`SELECT count(*)::BIGINT AS n FROM exposed_secrets`) : null,
  };
  if (facts.quarantined > 0) {
    facts.quarantineBySource = await db.all<QuarantineFact>(sql`
      SELECT q.source_id AS sourceId, s.name, count(*)::BIGINT AS lines, min(q.line)::BIGINT AS firstLine, ${modeOf(sql`coalesce(q.error_type, q.message)`)} AS reason
      FROM quarantine q LEFT JOIN sources s ON s.id = q.source_id GROUP BY q.source_id, s.name ORDER BY lines DESC, sourceId LIMIT 30`);
    facts.quarantineSources = await n(sql`SELECT count(DISTINCT source_id)::BIGINT AS n FROM quarantine`);
  }
  if (has('record_counts')) {
    facts.countMismatches = await db.all(sql`
      SELECT s.name, r.note FROM record_counts r JOIN sources s ON s.id = r.source_id WHERE NOT r.adds_up ORDER BY s.id LIMIT 30`);
  }
  if (orgCount > 1 && facts.snapshots.length) {
    // Per-org snapshots may add an org column; until then no snapshot of a several-org case is tied to an org.
    const cols = await db.columns('snapshot_tables');
    facts.unassignedSnapshots = cols.includes('org_id')
      ? (await db.all<{ object: string }>(sql`SELECT object FROM snapshot_tables WHERE org_id IS NULL ORDER BY object LIMIT 100`)).map((r) => r.object)
      : facts.snapshots.map((s) => s.object);
  }
  return facts;
}
