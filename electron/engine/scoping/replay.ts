/**
 * Scoping: turns each in-scope export into the records it exposed. Record ids logged by
 * Real-Time Event Monitoring are "confirmed" and kept whatever happens to the replay; the logged
 * SOQL re-run against the snapshots as of the query's time (replayPlan.ts) gives "replayed"
 * records, or "possible" ones where LIMIT ties, USING SCOPE or currency make the set uncertain.
 * A query that cannot be re-run is a reason on that export, never a failed run.
 */
import type { Confidence, LogicalExport, UnresolvedExposure } from '../../../shared/domain.js';
import { returnsRecords } from '../../../shared/soql/ast.js';
import { parseSoql } from '../../../shared/soql/parser.js';
import type { CaseDb } from '../store/duck.js';
import { planReplay } from './replayPlan.js';
import { querySettings } from './replaySettings.js';
import { listSnapshots } from './snapshotCatalog.js';

export interface Exposure {
  object: string;
  id: string;
  confidence: Confidence;
  fields: string[];
  exportId: string;
}

export interface ScopeOutcome {
  exposures: Exposure[];
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
}

/** Resolves every in-scope export to exposed records or unresolved exposure. */
export async function scopeExports(
  db: CaseDb,
  exports: readonly LogicalExport[],
  loggedRecordIds: ReadonlyMap<string, readonly string[]>,
  options: ScopeOptions = {},
): Promise<ScopeOutcome> {
  const out: ScopeOutcome = { exposures: [], unresolved: [], notes: [] };
  let done = 0;
  const snapshots = await listSnapshots(db);
  const byPrefix = new Map([...snapshots.values()].filter((s) => s.keyPrefix).map((s) => [s.keyPrefix as string, s.object]));
  for (const x of exports) {
    if (options.signal?.aborted) {
      out.notes.push(`Scoping cancelled after ${done} of ${exports.length} export(s).`);
      out.cancelled = true;
      break;
    }
    options.onExport?.(done++, exports.length);
    if (x.countOnly) {
      // COUNT() reveals a number; an aggregate query (GROUP BY, MAX(…)) reveals grouped values, not records: said, not dropped.
      const q = x.query ? parseSoql(x.query) : null;
      if (q?.ok && !q.value.countOnly) out.notes.push(`${x.id}: the query returns aggregate rows (grouped values), not records; no record is counted as exposed by it.`);
      continue;
    }
    const unresolved = (reason: string): void => void out.unresolved.push({ exportId: x.id, object: x.object, rows: x.rows, reason });
    const parsed = x.query ? parseSoql(x.query) : null;
    const snap = snapshots.get(((parsed?.ok ? parsed.value.from : null) ?? x.object ?? '').toLowerCase()) ?? null;
    // Logged ids are the strongest evidence: kept first, whatever the replay below makes of the query.
    const confirmedIds = [...new Set(loggedRecordIds.get(x.id) ?? [])];
    const firstConfirmed = out.exposures.length;
    const object = snap?.object ?? (parsed?.ok ? parsed.value.from : null) ?? x.object ?? 'unknown';
    for (const id of confirmedIds) {
      // A logged id names its object by its key prefix, even when the query cannot be read.
      const own = byPrefix.get(id.slice(0, 3)) ?? object;
      out.exposures.push({ object: own, id, confidence: 'confirmed', fields: [], exportId: x.id });
    }
    const cannot = (reason: string): void => {
      if (confirmedIds.length === 0) unresolved(reason);
      else out.notes.push(`${x.id}: ${reason} Only the ${confirmedIds.length} logged record id(s) are used.`);
    };
    if (x.channel === 'report_export') {
      cannot('Report export: the evidence names the report, not its rows or fields.');
      continue;
    }
    if (!parsed) {
      cannot('EventLogFile gives the object and row count only (no SOQL text, no record ids).');
      continue;
    }
    if (!parsed.ok) {
      cannot(`The logged query cannot be parsed (${parsed.error.message} at offset ${parsed.error.offset}).`);
      continue;
    }
    if (!returnsRecords(parsed.value)) continue;
    const referenceMs = Date.parse(x.start);
    if (!Number.isFinite(referenceMs)) {
      cannot(`The export has no valid start time (${JSON.stringify(x.start)}) to replay the query as of.`);
      continue;
    }
    const settings = await querySettings(db, snapshots, x, parsed.value);
    out.notes.push(...settings.notes.map((n) => `${x.id}: ${n}`));
    const plan = planReplay(parsed.value, { snapshots, referenceMs, ...settings.env, userId: x.user.id });
    if (!plan.ok) {
      cannot(`The query cannot be re-run on the snapshots: ${plan.error}.`);
      continue;
    }
    let rows: { src: string; id: string | null; certain: boolean }[];
    try {
      rows = await db.all(plan.value.statement);
    } catch (e) {
      cannot(`The replay failed in DuckDB (${firstLine(e)}).`);
      continue;
    }
    const confirmed = new Set(confirmedIds);
    const fieldsOf = plan.value.sources.get(plan.value.rootKey)?.fields ?? [];
    for (const e of out.exposures.slice(firstConfirmed, firstConfirmed + confirmedIds.length)) if (e.object === snap?.object) e.fields = fieldsOf;
    const possible = plan.value.uncertain.length > 0;
    let rootRows = 0;
    for (const r of rows) {
      const source = plan.value.sources.get(r.src);
      if (!source || r.id === null) continue;
      if (r.src === plan.value.rootKey) rootRows++;
      if (r.src === plan.value.rootKey && confirmed.has(r.id)) continue;
      const confidence: Confidence = r.certain && !possible ? 'replayed' : 'possible';
      out.exposures.push({ object: source.object, id: r.id, confidence, fields: source.fields, exportId: x.id });
    }
    for (const n of plan.value.notes) out.notes.push(`${x.id}: ${n}.`);
    if (possible) out.notes.push(`${x.id}: replayed records are only possible: ${plan.value.uncertain.join('; ')}.`);
    if (x.rows !== null && rootRows !== x.rows) {
      out.notes.push(`${x.id}: the replay selects ${rootRows} ${snap?.object ?? parsed.value.from} record(s); the log says ${x.rows} row(s).`);
    }
  }
  return out;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
