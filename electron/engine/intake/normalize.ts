/**
 * Turns each raw source into rows of the one `events` table, stamping provenance (source id,
 * record number) centrally, then removes the duplicates that overlapping hourly and daily files
 * produce: where two sources of one event type cover overlapping times, an event whose original
 * row is identical (same time, same values) in both is kept once, from the first source.
 */
import type { CaseDb } from '../store/duck.js';
import { literal, sql } from '../store/sql.js';
import { EVENT_FIELDS, transformSql } from './eventFields.js';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface EventSource {
  /** A table or view with the source's columns plus `__source_id` and `_rec`. */
  table: string;
  columns: string[];
  /** RTEM object name; null for EventLogFile (the EVENT_TYPE column says). */
  fixedEventType: string | null;
}

/** Appends a group of sources' rows to `events` with every normalised column they can fill. */
export async function appendEvents(db: CaseDb, src: EventSource): Promise<void> {
  const byLower = new Map(src.columns.map((c) => [c.toLowerCase(), c]));
  const selects = EVENT_FIELDS.map((rule) => {
    const parts = rule.candidates
      .filter(([col]) => byLower.has(col))
      .map(([col, t]) => transformSql(quote(byLower.get(col)!), t));
    const expr = parts.length === 0 ? 'NULL' : parts.length === 1 ? parts[0] : `coalesce(${parts.join(', ')})`;
    return `${expr} AS ${rule.target}`;
  });
  const eventTypeCol = byLower.get('event_type');
  const typeExpr =
    src.fixedEventType !== null
      ? literal(src.fixedEventType).text
      : eventTypeCol
        ? `coalesce(nullif(trim(${quote(eventTypeCol)}), ''), 'Unknown')`
        : `'Unknown'`;
  // row_hash is left empty here: it is only needed where sources overlap, and is filled there.
  // The events table is written uncompressed: a quarter less CPU at intake for a larger case file (the
  // raw tables, which hold every original value, stay compressed). See docs/BENCHMARKS.md.
  await db.run("SET force_compression = 'uncompressed'");
  try {
    await db.run(
    `INSERT INTO events BY NAME SELECT (__source_id::BIGINT << 32) + _rec AS event_id, __source_id AS source_id,
       _rec AS source_record, ${typeExpr} AS event_type, ${selects.join(',\n       ')} FROM ${src.table}`,
    );
  } finally {
    await db.run("SET force_compression = 'auto'");
  }
}

/** Removes duplicate events across overlapping sources; returns the events kept and removed. */
export async function removeDuplicateEvents(db: CaseDb): Promise<{ events: number; duplicates: number }> {
  await db.run(`CREATE OR REPLACE TEMP TABLE overlapping AS
    WITH spans AS (SELECT source_id, event_type, min(ts) AS lo, max(ts) AS hi FROM events GROUP BY 1, 2)
    SELECT DISTINCT a.source_id FROM spans a JOIN spans b
      ON a.event_type = b.event_type AND a.source_id <> b.source_id AND a.lo <= b.hi AND b.lo <= a.hi`);
  // Fingerprint the original rows of overlapping sources only (every original column, in order).
  for (const { source_id: id } of await db.all<{ source_id: number }>('SELECT source_id FROM overlapping')) {
    const cols = (await db.all<{ column_name: string }>(sql`SELECT column_name FROM information_schema.columns WHERE table_name = ${`src_${id}`} ORDER BY ordinal_position`))
      .map((c) => c.column_name)
      .filter((c) => c !== '_rec');
    if (!cols.length) continue;
    await db.run(`UPDATE events SET row_hash = h.h FROM (SELECT _rec, hash(${cols.map(quote).join(', ')}) AS h FROM src_${Math.trunc(id)}) h
      WHERE events.source_id = ${Math.trunc(id)} AND events.source_record = h._rec`);
  }
  // The k-th copy of a row in one source matches the k-th copy in another (identical rows within
  // one file stay distinct events); of each matched set the first source's row is kept.
  await db.run(`CREATE OR REPLACE TEMP TABLE duplicate_events AS
    WITH occurrences AS (
      SELECT event_id, source_id, event_type, ts, row_hash,
        row_number() OVER (PARTITION BY event_type, ts, row_hash, source_id ORDER BY source_record) AS k
      FROM events WHERE source_id IN (SELECT source_id FROM overlapping))
    SELECT event_id, source_id FROM occurrences
    QUALIFY row_number() OVER (PARTITION BY event_type, ts, row_hash, k ORDER BY source_id) > 1`);
  await db.run(`UPDATE sources SET duplicates = d.n FROM (SELECT source_id, count(*) AS n FROM duplicate_events GROUP BY 1) d
    WHERE sources.id = d.source_id`);
  await db.run('DELETE FROM events WHERE event_id IN (SELECT event_id FROM duplicate_events)');
  const duplicates = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM duplicate_events'))?.n ?? 0;
  const events = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM events'))?.n ?? 0;
  await db.run('DROP TABLE duplicate_events');
  await db.run('DROP TABLE overlapping');
  return { events, duplicates };
}
