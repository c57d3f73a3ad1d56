/**
 * Scoping: turns each in-scope export into the records it exposed. Record ids logged by
 * Real-Time Event Monitoring are "confirmed" and kept whatever happens to the replay; the logged
 * SOQL re-run against the snapshots as of the query's time (replayPlan.ts) gives "replayed"
 * records, or "possible" ones where LIMIT ties, USING SCOPE or currency make the set uncertain.
 * A query that cannot be re-run is a reason on that export, never a failed run. Each export reads only the
 * snapshots of its own org (snapshotCatalog.ts).
 */
import type { LogicalExport, UnresolvedExposure } from '../../../shared/domain.js';
import { returnsRecords } from '../../../shared/soql/ast.js';
import { parseSoql } from '../../../shared/soql/parser.js';
import type { CaseDb } from '../store/duck.js';
import { dropLoggedAfter, insertByCount, insertLoggedPage, insertReplay, orgOf, startExposures, type ReplayInsert } from './exposures.js';
import { planReplay } from './replayPlan.js';
import { querySettings } from './replaySettings.js';
import type { SnapshotInfo } from './replayTypes.js';
import { loadSnapshotCatalog, type SnapshotCatalog } from './snapshotCatalog.js';
import { sql } from '../store/sql.js';

export interface ScopeOutcome {
  /** How many (export, record) rows the `exposures` table holds. */
  exposureCount: number;
  unresolved: UnresolvedExposure[];
  notes: string[];
  /** Set when the signal stopped the scoping before every export was replayed. */
  cancelled?: boolean;
}

export interface ScopeOptions {
  /** Checked before each export: an aborted signal stops the scoping (said in `notes` and `cancelled`). */
  signal?: AbortSignal;
  /** Called before each export with how many are done, for progress reports. */
  onExport?: (done: number, total: number) => void;
  /** Canary record ids (18 chars, `--canaries`): one found by a replay confirms the export. */
  canaryIds?: readonly string[];
  /** Keep the rows already in `exposures` (a later page of exports); the first page starts the table afresh. */
  append?: boolean;
}

/** Resolves every given export to rows of the `exposures` table, or to unresolved exposure with the reason. */
export async function scopeExports(db: CaseDb, exports: readonly LogicalExport[], options: ScopeOptions = {}): Promise<ScopeOutcome> {
  const out: ScopeOutcome = { exposureCount: 0, unresolved: [], notes: [] };
  let done = 0;
  const catalog = await loadSnapshotCatalog(db);
  if (!options.append) await startExposures(db, catalog.all(), options.canaryIds ?? []);
  // Logged ids are the strongest evidence: kept first, whatever a replay makes of the query — for the whole page in one statement.
  const logged = await insertLoggedPage(db, exports.flatMap((x, pos) => (x.countOnly ? [] : [{ x, pos, object: targetObject(x, catalog.forOrg(orgOf(x))) }])));
  for (const x of exports) {
    if (options.signal?.aborted) {
      out.notes.push(`Scoping cancelled after ${done} of ${exports.length} export(s).`);
      out.cancelled = true;
      await dropLoggedAfter(db, done);
      break;
    }
    options.onExport?.(done++, exports.length);
    await scopeOne(db, x, catalog, out, logged.get(x.id) ?? 0);
  }
  out.exposureCount = Number((await db.one<{ n: number | bigint }>(sql`SELECT count(*)::BIGINT AS n FROM exposures`))?.n ?? 0);
  return out;
}

/** The object an export's records belong to when their key prefix says nothing: its org's snapshot's, the query's FROM, or the logged one. */
function targetObject(x: LogicalExport, snapshots: ReadonlyMap<string, SnapshotInfo>): string {
  const parsed = x.query ? parseSoql(x.query) : null;
  const snap = snapshots.get(((parsed?.ok ? parsed.value.from : null) ?? x.object ?? '').toLowerCase()) ?? null;
  return snap?.object ?? (parsed?.ok ? parsed.value.from : null) ?? x.object ?? 'unknown';
}

/** One export, its logged ids already in `exposures` (`logged` of them): the replay of its query (or count-only reasoning). */
async function scopeOne(db: CaseDb, x: LogicalExport, catalog: SnapshotCatalog, out: ScopeOutcome, logged: number): Promise<void> {
  // Only the snapshots of the export's own org are read: another org's records never stand for this one's.
  const snapshots = catalog.forOrg(orgOf(x));
  if (x.countOnly) {
    // COUNT() reveals a number; an aggregate query (GROUP BY, MAX(…)) reveals grouped values, not records: said, not dropped.
    const q = x.query ? parseSoql(x.query) : null;
    if (q?.ok && !q.value.countOnly) out.notes.push(`${x.id}: the query returns aggregate rows (grouped values), not records; no record is counted as exposed by it.`);
    return;
  }
  const unresolved = (reason: string): void => void out.unresolved.push({ exportId: x.id, object: x.object, rows: x.rows, reason });
  const parsed = x.query ? parseSoql(x.query) : null;
  const snap = snapshots.get(((parsed?.ok ? parsed.value.from : null) ?? x.object ?? '').toLowerCase()) ?? null;
  const object = snap?.object ?? (parsed?.ok ? parsed.value.from : null) ?? x.object ?? 'unknown';
  const otherOrg = snap === null ? catalog.whyNone(object, orgOf(x)) : null;
  const cannot = (reason: string): void => {
    if (logged === 0) unresolved(reason);
    else out.notes.push(`${x.id}: ${reason} Only the ${logged} logged record id(s) are used.`);
  };
  if (x.channel === 'report_export') return cannot('Report export: the evidence names the report, not its rows or fields.');
  if (x.channel === 'data_export') return cannot('Data Export service: whole objects left as zip files; the logs name neither the objects nor a row or record id, so every record of every object it included may be exposed.');
  if (otherOrg !== null) return cannot(`No ${object} snapshot of its org to re-run it against: ${otherOrg}.`);
  if (!parsed) {
    const elf = 'EventLogFile gives the object and row count only (no SOQL text, no record ids).';
    if (logged > 0 || snap === null || x.rows === null || x.rows <= 0) return cannot(elf);
    const counted = await insertByCount(db, x, snap, x.rows);
    if (counted.matched) out.notes.push(`${x.id}: replayed by count: its ${x.rows} row(s) equal the ${counted.records} ${snap.object} record(s) that existed at its time, so every one of them is counted as exposed.`);
    else unresolved(`${elf} Not every record by count: ${counted.why}.`);
    return;
  }
  if (!parsed.ok) return cannot(`The logged query cannot be parsed (${parsed.error.message} at offset ${parsed.error.offset}).`);
  if (!returnsRecords(parsed.value)) return;
  const referenceMs = Date.parse(x.start);
  if (!Number.isFinite(referenceMs)) return cannot(`The export has no valid start time (${JSON.stringify(x.start)}) to replay the query as of.`);
  const settings = await querySettings(db, snapshots, x, parsed.value);
  out.notes.push(...settings.notes.map((n) => `${x.id}: ${n}`));
  const plan = planReplay(parsed.value, { snapshots, referenceMs, ...settings.env, userId: x.user.id });
  if (!plan.ok) return cannot(`The query cannot be re-run on the snapshots: ${plan.error}.`);
  let replay: ReplayInsert;
  try {
    replay = await insertReplay(db, x, plan.value, snap?.object ?? null, logged);
  } catch (e) {
    return cannot(`The replay failed in DuckDB (${firstLine(e)}).`);
  }
  for (const n of plan.value.notes) out.notes.push(`${x.id}: ${n}.`);
  if (plan.value.uncertain.length > 0) out.notes.push(`${x.id}: replayed records are only possible: ${plan.value.uncertain.join('; ')}.`);
  if (replay.canaries.length > 0) out.notes.push(`${x.id}: the replay selects canary record(s) ${replay.canaries.join(', ')}: the export is confirmed.`);
  if (x.rows !== null && replay.rootRows !== x.rows) {
    out.notes.push(`${x.id}: the replay selects ${replay.rootRows} ${snap?.object ?? parsed.value.from} record(s); the log says ${x.rows} row(s).`);
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
