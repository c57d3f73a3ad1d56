/**
 * Turns each raw source table into rows of the one `events` table, stamping provenance
 * (source id, record number) centrally, then removes the duplicates that overlapping hourly and
 * daily files produce: the same event (same type and identical original row) is kept once.
 */
import type { CaseDb } from '../store/duck.js';
import { literal } from '../store/sql.js';
import { EVENT_FIELDS, transformSql } from './eventFields.js';

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface EventSource {
  sourceId: number;
  table: string;
  columns: string[];
  /** RTEM object name; null for EventLogFile (the EVENT_TYPE column says). */
  fixedEventType: string | null;
}

/** Appends a source's rows to `events_all` with every normalised column it can fill. */
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
  const hashExpr = `md5(concat_ws(chr(31), ${src.columns.map((c) => `coalesce(${quote(c)}, chr(0))`).join(', ')}))`;
  await db.run(`CREATE TABLE IF NOT EXISTS events_all AS SELECT * FROM events LIMIT 0`);
  await db.run(
    `INSERT INTO events_all BY NAME SELECT NULL::BIGINT AS event_id, ${src.sourceId} AS source_id, _rec AS source_record,
       ${typeExpr} AS event_type, ${selects.join(',\n       ')}, ${hashExpr} AS row_hash FROM ${src.table}`,
  );
}

/** Builds `events` from `events_all`, keeping the first copy of each duplicated event. */
export async function finaliseEvents(db: CaseDb): Promise<{ events: number; duplicates: number }> {
  await db.run(`CREATE TABLE IF NOT EXISTS events_all AS SELECT * FROM events LIMIT 0`);
  await db.run('DELETE FROM events');
  await db.run(
    `INSERT INTO events SELECT * REPLACE (row_number() OVER (ORDER BY ts, source_id, source_record) AS event_id)
     FROM events_all QUALIFY row_number() OVER (PARTITION BY event_type, row_hash ORDER BY source_id, source_record) = 1`,
  );
  await db.run(
    `UPDATE sources SET duplicates = d.n FROM (
       SELECT source_id, count(*) AS n FROM events_all a WHERE NOT EXISTS (
         SELECT 1 FROM events e WHERE e.source_id = a.source_id AND e.source_record = a.source_record)
       GROUP BY source_id) d WHERE sources.id = d.source_id`,
  );
  const total = await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM events');
  const all = await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM events_all');
  await db.run('DROP TABLE events_all');
  return { events: total?.n ?? 0, duplicates: (all?.n ?? 0) - (total?.n ?? 0) };
}
