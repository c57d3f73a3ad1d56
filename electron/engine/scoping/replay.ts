/**
 * Scoping: turns each in-scope export into the records it exposed. Record ids logged by
 * Real-Time Event Monitoring are "confirmed"; the logged SOQL re-run against the snapshot (only
 * records created before the query ran) gives "replayed" records, or "possible" ones where a
 * LIMIT without ORDER BY means not every selected record left. Anything that cannot be turned
 * into records is reported as unresolved exposure with its reason, never dropped.
 */
import type { Confidence, LogicalExport, UnresolvedExposure } from '../../../shared/domain.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import type { SoqlQuery } from '../../../shared/soql/ast.js';
import { parseSoql } from '../../../shared/soql/parser.js';
import { epochMsColumn } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { compileWhere, quoteIdent, selectedFields, sfTimestampSql } from './soqlToSql.js';

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
}

interface Snapshot {
  object: string;
  table: string;
  columns: string[];
  epochMsColumns: Map<string, string>;
}

/** Resolves every in-scope export to exposed records or unresolved exposure. */
export async function scopeExports(
  db: CaseDb,
  exports: readonly LogicalExport[],
  loggedRecordIds: ReadonlyMap<string, readonly string[]>,
): Promise<ScopeOutcome> {
  const out: ScopeOutcome = { exposures: [], unresolved: [], notes: [] };
  const snapshots = await listSnapshots(db);
  for (const x of exports) {
    if (x.countOnly) continue;
    const unresolved = (reason: string): void => void out.unresolved.push({ exportId: x.id, object: x.object, rows: x.rows, reason });
    if (x.channel === 'report_export') {
      unresolved('Report export: the evidence names the report, not its rows or fields.');
      continue;
    }
    const confirmedIds = [...new Set(loggedRecordIds.get(x.id) ?? [])];
    if (!x.query) {
      unresolved('EventLogFile gives the object and row count only (no SOQL text, no record ids).');
      continue;
    }
    const parsed = parseSoql(x.query);
    if (!parsed.ok) {
      unresolved(`The logged query cannot be parsed (${parsed.error.message} at offset ${parsed.error.offset}).`);
      continue;
    }
    const snap = snapshots.get(parsed.value.from.toLowerCase());
    if (!snap) {
      unresolved(`No ${parsed.value.from} snapshot in the evidence to re-run the query against.`);
      continue;
    }
    const selected = selectedFields(parsed.value, snap.columns);
    const fields = selected.ok ? selected.value.fields : [];
    if (selected.ok && selected.value.unknown.length) {
      out.notes.push(`${x.id}: selected field(s) not in the ${snap.object} snapshot: ${selected.value.unknown.join(', ')}.`);
    }
    for (const id of confirmedIds) out.exposures.push({ object: snap.object, id, confidence: 'confirmed', fields, exportId: x.id });
    const replay = await replayQuery(db, snap, parsed.value, Date.parse(x.start));
    if (!replay.ok) {
      if (confirmedIds.length === 0) unresolved(`The query cannot be re-run on the snapshot: ${replay.reason}.`);
      else out.notes.push(`${x.id}: replay not possible (${replay.reason}); only the ${confirmedIds.length} logged record ids are used.`);
      continue;
    }
    const confirmed = new Set(confirmedIds);
    for (const id of replay.ids) {
      if (!confirmed.has(id)) out.exposures.push({ object: snap.object, id, confidence: replay.confidence, fields, exportId: x.id });
    }
    if (x.rows !== null && replay.ids.length !== x.rows) {
      out.notes.push(`${x.id}: the replay selects ${replay.ids.length} ${snap.object} record(s); the log says ${x.rows} row(s).`);
    }
  }
  return out;
}

type Replay = { ok: true; ids: string[]; confidence: Confidence } | { ok: false; reason: string };

async function replayQuery(db: CaseDb, snap: Snapshot, q: SoqlQuery, queryMs: number): Promise<Replay> {
  const where = compileWhere(q.where, { columns: snap.columns, referenceMs: queryMs, epochMsColumns: snap.epochMsColumns });
  if (!where.ok) return { ok: false, reason: where.error.message };
  const idCol = snap.columns.find((c) => c.toLowerCase() === 'id');
  if (!idCol) return { ok: false, reason: `the ${snap.object} snapshot has no Id column` };
  const created = snap.columns.find((c) => c.toLowerCase() === 'createddate');
  const createdMs = created ? epochMsOf(snap, created) : null;
  const existed = createdMs ? `(${createdMs} IS NULL OR ${createdMs} <= ${Math.trunc(queryMs)})` : 'TRUE';
  const order = orderSql(q, snap);
  if (order === null) return { ok: false, reason: 'ORDER BY names a field that is not in the snapshot' };
  const base = `SELECT ${id18SqlExpression(quoteIdent(idCol))} AS id FROM ${snap.table} WHERE (${where.value.sql}) AND ${existed}`;
  const params = where.value.params;
  if (q.limit === null) return { ok: true, ids: await ids(db, base, params), confidence: 'replayed' };
  if (order) {
    const limited = `${base} ORDER BY ${order} LIMIT ${Math.trunc(q.limit)} OFFSET ${Math.trunc(q.offset ?? 0)}`;
    return { ok: true, ids: await ids(db, limited, params), confidence: 'replayed' };
  }
  const all = await ids(db, base, params);
  const fits = all.length <= q.limit + (q.offset ?? 0);
  return { ok: true, ids: all, confidence: fits && !q.offset ? 'replayed' : 'possible' };
}

/** A date-like column as epoch milliseconds: the precomputed companion column, else parsed. */
function epochMsOf(snap: Snapshot, column: string): string {
  const pre = snap.epochMsColumns.get(column);
  return pre ? quoteIdent(pre) : `epoch_ms(${sfTimestampSql(quoteIdent(column))})`;
}

function orderSql(q: SoqlQuery, snap: Snapshot): string | null | '' {
  const parts: string[] = [];
  for (const o of q.orderBy) {
    const col = o.path.length === 1 ? snap.columns.find((c) => c.toLowerCase() === o.path[0]!.toLowerCase()) : undefined;
    if (!col) return null;
    const c = quoteIdent(col);
    const dir = o.direction === 'DESC' ? 'DESC' : 'ASC';
    const nulls = o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST'); // SOQL default: nulls first ascending
    parts.push(`TRY_CAST(${c} AS DOUBLE) ${dir} NULLS ${nulls}, ${epochMsOf(snap, col)} ${dir} NULLS ${nulls}, lower(${c}) ${dir} NULLS ${nulls}`);
  }
  return parts.join(', ');
}

async function ids(db: CaseDb, text: string, params: (string | number | boolean)[]): Promise<string[]> {
  const rows = await db.all<{ id: string | null }>({ text, values: params });
  return rows.map((r) => r.id).filter((id): id is string => id !== null);
}

async function listSnapshots(db: CaseDb): Promise<Map<string, Snapshot>> {
  const rows = await db.all<{ object: string; table_name: string }>('SELECT object, table_name FROM snapshot_tables');
  const out = new Map<string, Snapshot>();
  for (const r of rows) {
    const names = await db.columns(r.table_name);
    const columns = names.filter((c) => !c.startsWith('_'));
    const epochMsColumns = new Map(columns.filter((c) => names.includes(epochMsColumn(c))).map((c) => [c, epochMsColumn(c)]));
    out.set(r.object.toLowerCase(), { object: r.object, table: r.table_name, columns, epochMsColumns });
  }
  return out;
}
