/**
 * The `exposures` table: one row per (export, record) the evidence says left the org, with its tier and reason.
 * Every row is written by SQL inside DuckDB — logged ids straight from `export_records`, a replay's SELECT
 * inserted as it runs, count-only reasoning over the snapshot — and never read back into JavaScript.
 */
import type { LogicalExport } from '../../../shared/domain.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql, type SqlFragment } from '../store/sql.js';
import type { ReplayPlan } from './replayPlan.js';
import { resolveColumn, type SnapshotInfo } from './replayTypes.js';

/** (Re)creates the empty `exposures` table and the small lookup tables scoping joins. */
export async function startExposures(db: CaseDb, snapshots: readonly SnapshotInfo[], canaryIds: readonly string[]): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE exposures (
    export_id VARCHAR NOT NULL, org_id VARCHAR, object VARCHAR NOT NULL, record_id VARCHAR NOT NULL,
    tier VARCHAR NOT NULL, reason VARCHAR NOT NULL, fields VARCHAR[] NOT NULL)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_key_prefixes (prefix VARCHAR, object VARCHAR)`);
  // A key prefix names the same object in every org: one row per (prefix, object), whichever orgs' snapshots show it.
  const prefixes = new Map(snapshots.filter((s) => s.keyPrefix).map((s) => [`${s.keyPrefix}|${s.object.toLowerCase()}`, [s.keyPrefix as string, s.object]]));
  await db.appendRows('scope_key_prefixes', [...prefixes.values()]);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_canaries (id VARCHAR)`);
  await db.appendRows('scope_canaries', [...new Set(canaryIds)].map((id) => [id]));
  if (!(await tableExists(db, 'export_records'))) await db.run(sql`CREATE TEMP TABLE export_records (export_id VARCHAR, record_id VARCHAR, event_id BIGINT)`);
}

/** The export's org id (18 chars) when the reconstruction knew it. */
export function orgOf(x: LogicalExport): string | null {
  return (x as { org?: { id?: string | null } | null }).org?.id ?? null;
}

/**
 * Inserts the record ids the logs name for a page of exports as `confirmed` (object by key prefix, else the export's
 * `object`), in one statement over `export_records`; `pos` is the export's place in its page (for a cancel); returns how
 * many ids each export got (absent: none).
 */
export async function insertLoggedPage(db: CaseDb, page: readonly { x: LogicalExport; pos: number; object: string }[]): Promise<Map<string, number>> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_page (pos VARCHAR, export_id VARCHAR, org_id VARCHAR, fallback_object VARCHAR)`);
  await db.appendRows('scope_page', page.map(({ x, pos, object }) => [String(pos), x.id, orgOf(x), object]));
  // Kept until the next page: a replay of one of these exports reads its logged ids here, not in all of `exposures`.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_logged AS
    SELECT DISTINCT g.export_id, g.org_id, coalesce(p.object, g.fallback_object) AS object, r.record_id
    FROM export_records r JOIN scope_page g ON g.export_id = r.export_id LEFT JOIN scope_key_prefixes p ON p.prefix = substr(r.record_id, 1, 3)
    WHERE r.record_id IS NOT NULL`);
  await db.run(sql`INSERT INTO exposures SELECT export_id, org_id, object, record_id, 'confirmed', 'record id in the logs', []::VARCHAR[] FROM scope_logged`);
  const counts = await db.all<{ export_id: string; n: number | bigint }>(sql`SELECT export_id, count(*)::BIGINT AS n FROM scope_logged GROUP BY 1`);
  return new Map(counts.map((c) => [c.export_id, Number(c.n)]));
}

/** A cancelled page: the logged ids of its exports from position `done` on (not scoped) are taken out again. */
export async function dropLoggedAfter(db: CaseDb, done: number): Promise<void> {
  await db.run(sql`DELETE FROM exposures WHERE export_id IN (SELECT export_id FROM scope_page WHERE CAST(pos AS INTEGER) >= ${done})`);
}

/** What one replay added: the queried object's rows it selected, and the canaries among them. */
export interface ReplayInsert {
  rootRows: number;
  canaries: string[];
}

/**
 * Runs the replay's statement into a work table and inserts its records: `replayed` when certain, else `possible`;
 * a logged (confirmed) record keeps its tier, and the logged rows (`logged` of them, in `scope_logged` since
 * insertLoggedPage) get the fields the query handed back.
 */
export async function insertReplay(db: CaseDb, x: LogicalExport, plan: ReplayPlan, rootObject: string | null, logged: number): Promise<ReplayInsert> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_replay_rows AS ${plan.statement}`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE scope_sources (src VARCHAR, object VARCHAR, fields VARCHAR[])`);
  for (const [src, s] of plan.sources) await db.run(sql`INSERT INTO scope_sources SELECT ${src}, ${s.object}, from_json(${JSON.stringify(s.fields)}, '["VARCHAR"]')`);
  const root = plan.rootKey;
  const rootFields = JSON.stringify(plan.sources.get(root)?.fields ?? []);
  if (rootObject !== null && logged > 0) {
    await db.run(sql`UPDATE exposures SET fields = from_json(${rootFields}, '["VARCHAR"]') WHERE export_id = ${x.id} AND tier = 'confirmed' AND object = ${rootObject}`);
  }
  const possible = plan.uncertain.length > 0;
  const possibleReason = possible ? `only possible: ${plan.uncertain.join('; ')}` : 'only possible: the set the query selected is uncertain (ties across LIMIT/OFFSET)';
  await db.run(sql`INSERT INTO exposures
    SELECT ${x.id}, ${orgOf(x)}, s.object, r.id,
      CASE WHEN r.certain AND NOT ${possible} THEN 'replayed' ELSE 'possible' END,
      CASE WHEN r.certain AND NOT ${possible} THEN 'selected by the replayed query' ELSE ${possibleReason} END, s.fields
    FROM (SELECT src, id, bool_or(certain) AS certain FROM scope_replay_rows WHERE id IS NOT NULL GROUP BY src, id) r
    JOIN scope_sources s ON s.src = r.src
    WHERE NOT (r.src = ${root} AND r.id IN (SELECT record_id FROM scope_logged WHERE export_id = ${x.id}))`);
  const rootRows = await countRows(db, sql`SELECT count(*)::BIGINT AS n FROM scope_replay_rows WHERE src = ${root} AND id IS NOT NULL`);
  const found = await db.all<{ id: string }>(sql`SELECT DISTINCT r.id FROM scope_replay_rows r JOIN scope_canaries c ON c.id = r.id ORDER BY 1 LIMIT 100`);
  const canaries = found.map((f) => f.id);
  if (canaries.length) await confirmByCanary(db, x.id, canaries);
  await db.run(sql`DROP TABLE scope_replay_rows`);
  return { rootRows, canaries };
}

/** A canary the replay selects proves the replay matches what was taken: its replayed records become confirmed. */
async function confirmByCanary(db: CaseDb, exportId: string, canaries: readonly string[]): Promise<void> {
  const shown = canaries.slice(0, 10).join(', ') + (canaries.length > 10 ? ', …' : '');
  const reason = `confirmed by canary record ${shown} found by the replay`;
  await db.run(sql`UPDATE exposures SET tier = 'confirmed', reason = ${reason}
    WHERE export_id = ${exportId} AND tier <> 'confirmed' AND (tier = 'replayed' OR record_id IN (SELECT id FROM scope_canaries))`);
}

/** The outcome of reasoning from a row count alone. */
export type CountReasoning = { matched: true; records: number } | { matched: false; records: number | null; why: string };

/**
 * Count-only evidence (object and rows, no query, no ids): when the rows equal the object's snapshot records that
 * existed at the export's time (CreatedDate ≤ start), every one of them left; they are inserted as `replayed` by count.
 */
export async function insertByCount(db: CaseDb, x: LogicalExport, snap: SnapshotInfo, rows: number): Promise<CountReasoning> {
  const idCol = resolveColumn('Id', snap.columns);
  if (idCol === null) return { matched: false, records: null, why: `the ${snap.object} snapshot has no Id column` };
  const createdCol = resolveColumn('CreatedDate', snap.columns);
  const ms = createdCol === null ? null : snap.epochMsColumns.get(createdCol) ?? null;
  const startMs = Date.parse(x.start);
  if (ms === null || !Number.isFinite(startMs)) {
    return { matched: false, records: null, why: `the ${snap.object} snapshot has no CreatedDate (or the export no start time) to tell which records existed then` };
  }
  const existed: SqlFragment = sql`FROM ${ident(snap.table)} WHERE ${ident(ms)} <= ${startMs} AND ${raw(id18SqlExpression(ident(idCol).text))} IS NOT NULL`;
  const records = await countRows(db, sql`SELECT count(*)::BIGINT AS n ${existed}`);
  if (records !== rows) return { matched: false, records, why: `${records} ${snap.object} record(s) existed at its time, not ${rows}` };
  const reason = `by count: the export's ${rows} row(s) equal the ${records} ${snap.object} record(s) that existed at its time`;
  await db.run(sql`INSERT INTO exposures
    SELECT DISTINCT ${x.id}, ${orgOf(x)}, ${snap.object}, ${raw(id18SqlExpression(ident(idCol).text))}, 'replayed', ${reason}, []::VARCHAR[] ${existed}`);
  return { matched: true, records };
}

async function countRows(db: CaseDb, q: SqlFragment): Promise<number> {
  return Number((await db.one<{ n: number | bigint }>(q))?.n ?? 0);
}

async function tableExists(db: CaseDb, name: string): Promise<boolean> {
  return (await countRows(db, sql`SELECT count(*)::BIGINT AS n FROM duckdb_tables() WHERE table_name = ${name}`)) > 0;
}
