/**
 * Turns raw source rows into the one `events` relation, stamping provenance (source id, record
 * number) centrally, and removes the duplicates that overlapping hourly and daily files produce:
 * where two sources of one event type cover overlapping times, an event whose original row is
 * identical (same time, same values) in both is kept once, from the first source.
 *
 * CSV event groups are not copied: their raw table carries the typed columns computed while it
 * loads (`DERIVED`), and a view per group presents every normalised column, reading text straight
 * from the raw rows. `events` is the union of those views and `events_materialised` (rows of
 * sources read another way, e.g. JSON), less `removed_events`.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, literal, quoteIdentifier as quote, raw, sql } from '../store/sql.js';
import { EVENT_FIELDS, transformSql } from './eventFields.js';
import { REC, SOURCE_ID } from './internalColumns.js';

/** Typed columns computed during the raw load (parsing them once is what costs; text is free to read). */
const DERIVED: Readonly<Record<string, string>> = { ts: '__ls_ts', user_id: '__ls_user_id', connected_app_id: '__ls_app_id', rows: '__ls_rows' };
export const DERIVED_COLUMNS = Object.values(DERIVED);

export interface EventSource {
  /** A table or view with the source's columns plus `__ls_source_id` and `__ls_rec`. */
  table: string;
  columns: string[];
  /** RTEM object name; null for EventLogFile (the EVENT_TYPE column says). */
  fixedEventType: string | null;
}

/** The SQL of each normalised column, read from a source with these columns. */
function fieldExpressions(columns: readonly string[]): Map<string, string> {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  return new Map(
    EVENT_FIELDS.map((rule) => {
      const parts = rule.candidates.filter(([col]) => byLower.has(col)).map(([col, t]) => transformSql(quote(byLower.get(col)!), t));
      return [rule.target, parts.length === 0 ? 'NULL' : parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`];
    }),
  );
}

function eventTypeSql(columns: readonly string[], fixedEventType: string | null): string {
  const col = columns.find((c) => c.toLowerCase() === 'event_type');
  if (fixedEventType !== null) return literal(fixedEventType).text;
  return col ? `coalesce(nullif(trim(${quote(col)}), ''), 'Unknown')` : `'Unknown'`;
}

/** The extra select-list of a raw event table: the typed columns, computed once as rows load. */
export function derivedColumnsSql(columns: readonly string[]): string {
  const exprs = fieldExpressions(columns);
  return Object.entries(DERIVED).map(([target, name]) => `${exprs.get(target)} AS ${name}`).join(', ');
}

/** Registers the events view of a CSV group whose raw table carries the derived columns. */
export async function addEventView(db: CaseDb, name: string, src: EventSource): Promise<void> {
  const exprs = fieldExpressions(src.columns);
  const selects = EVENT_FIELDS.map((rule) => `${DERIVED[rule.target] ?? exprs.get(rule.target)} AS ${rule.target}`);
  // One scan for what intake needs to know about each source: its event type(s) and time span.
  const ts = ident(DERIVED['ts']!);
  const eventType = raw(eventTypeSql(src.columns, src.fixedEventType));
  await db.run(sql`INSERT INTO source_spans SELECT ${ident(SOURCE_ID)}, ${eventType} AS t, min(${ts}), max(${ts})
    FROM ${ident(src.table)} GROUP BY ALL`);
  await db.run(
    sql`CREATE OR REPLACE VIEW ${ident(name)} AS SELECT (${ident(SOURCE_ID)}::BIGINT << 32) + ${ident(REC)} AS event_id, ${ident(SOURCE_ID)} AS source_id,
       ${ident(REC)} AS source_record, ${eventType} AS event_type, ${raw(selects.join(', '))},
       NULL::UBIGINT AS row_hash FROM ${ident(src.table)}`,
  );
  await db.run(sql`INSERT OR IGNORE INTO event_views VALUES (${name})`);
  await refreshEventsView(db);
}

/** Copies a source's rows into `events_materialised` (sources without a raw event table, e.g. JSON). */
export async function appendEvents(db: CaseDb, src: EventSource): Promise<void> {
  const exprs = fieldExpressions(src.columns);
  const selects = EVENT_FIELDS.map((rule) => `${exprs.get(rule.target)} AS ${rule.target}`);
  await db.run(
    sql`INSERT INTO events_materialised BY NAME SELECT (${ident(SOURCE_ID)}::BIGINT << 32) + ${ident(REC)} AS event_id, ${ident(SOURCE_ID)} AS source_id,
       ${ident(REC)} AS source_record, ${raw(eventTypeSql(src.columns, src.fixedEventType))} AS event_type, ${raw(selects.join(', '))} FROM ${ident(src.table)}`,
  );
  await db.run(sql`INSERT INTO source_spans SELECT source_id, event_type, min(ts), max(ts) FROM events_materialised
    WHERE source_id IN (SELECT DISTINCT ${ident(SOURCE_ID)} FROM ${ident(src.table)}) GROUP BY ALL`);
}

/** The event types of each source as intake records them: one type, or 'mixed: N event types'. */
export async function sourceEventTypes(db: CaseDb, ids: readonly number[]): Promise<Map<number, string | null>> {
  if (!ids.length) return new Map();
  const rows = await db.all<{ s: number; t: string | null }>(
    sql`SELECT source_id AS s, CASE WHEN count(DISTINCT event_type) > 1 THEN 'mixed: ' || count(DISTINCT event_type) || ' event types' ELSE any_value(event_type) END AS t
     FROM source_spans WHERE source_id IN (${raw(ids.map((i) => Math.trunc(i)).join(','))}) GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.s, r.t]));
}

/** Rebuilds `events` over every group view and the materialised rows, without removed duplicates. */
export async function refreshEventsView(db: CaseDb): Promise<void> {
  const views = (await db.all<{ name: string }>(sql`SELECT name FROM event_views ORDER BY name`)).map((r) => r.name);
  const removed = ((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM removed_events`))?.n ?? 0) > 0;
  const parts = ['events_materialised', ...views].map((v) => `SELECT * FROM ${quote(v)}`);
  const union = raw(parts.join(' UNION ALL BY NAME '));
  await db.run(
    removed
      ? sql`CREATE OR REPLACE VIEW events AS SELECT * FROM (${union}) WHERE event_id NOT IN (SELECT event_id FROM removed_events)`
      : sql`CREATE OR REPLACE VIEW events AS ${union}`,
  );
}

/** Removes duplicate events across overlapping sources; returns the events kept and removed. */
export async function removeDuplicateEvents(db: CaseDb): Promise<{ events: number; duplicates: number }> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE overlapping AS
    WITH spans AS (SELECT * FROM source_spans)
    SELECT DISTINCT a.source_id FROM spans a JOIN spans b
      ON a.event_type = b.event_type AND a.source_id <> b.source_id AND a.lo <= b.hi AND b.lo <= a.hi`);
  // Fingerprint the original rows of overlapping sources only (every original column, in order).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE fingerprints (event_id BIGINT, row_hash UBIGINT)`);
  for (const { source_id: id } of await db.all<{ source_id: number }>(sql`SELECT source_id FROM overlapping`)) {
    const cols = (await db.columns(`src_${id}`)).filter((c) => c !== REC);
    if (!cols.length) continue;
    await db.run(sql`INSERT INTO fingerprints SELECT (${Math.trunc(id)}::BIGINT << 32) + ${ident(REC)}, hash(${raw(cols.map(quote).join(', '))}) FROM ${ident(`src_${Math.trunc(id)}`)}`);
  }
  // The k-th copy of a row in one source matches the k-th copy in another (identical rows within
  // one file stay distinct events); of each matched set the first source's row is kept.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE duplicate_events AS
    WITH occurrences AS (
      SELECT e.event_id, e.source_id, e.event_type, e.ts, f.row_hash,
        row_number() OVER (PARTITION BY e.event_type, e.ts, f.row_hash, e.source_id ORDER BY e.source_record) AS k
      FROM events e JOIN fingerprints f ON f.event_id = e.event_id)
    SELECT event_id, source_id FROM occurrences
    QUALIFY row_number() OVER (PARTITION BY event_type, ts, row_hash, k ORDER BY source_id) > 1`);
  await db.run(sql`UPDATE sources SET duplicates = d.n FROM (SELECT source_id, count(*) AS n FROM duplicate_events GROUP BY 1) d
    WHERE sources.id = d.source_id`);
  await db.run(sql`INSERT OR IGNORE INTO removed_events SELECT event_id, source_id FROM duplicate_events`);
  await db.run(sql`DELETE FROM events_materialised WHERE event_id IN (SELECT event_id FROM duplicate_events)`);
  const duplicates = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM duplicate_events`))?.n ?? 0;
  for (const t of ['duplicate_events', 'fingerprints', 'overlapping']) await db.run(sql`DROP TABLE ${ident(t)}`);
  await refreshEventsView(db);
  const events = (await db.one<{ n: number }>(
    sql`SELECT (coalesce(sum(rows), 0) - (SELECT count(*) FROM removed_events))::BIGINT AS n FROM sources WHERE kind IN ('elf', 'rtem')`,
  ))?.n ?? 0;
  return { events, duplicates };
}
