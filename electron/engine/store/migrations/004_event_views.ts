/**
 * Migration 4: `events` becomes a view. CSV event sources are no longer copied into a second
 * table: each group's raw table carries the few typed columns computed while it loads (time,
 * 18-character ids, row count), and a view per group presents the normalised columns, reading
 * the text columns straight from the raw rows. Sources read another way (JSON) keep their rows in
 * `events_materialised`. Events removed as duplicates are listed in `removed_events`.
 */
export const version = 4;
export const statements = [
  'ALTER TABLE events RENAME TO events_materialised',
  'CREATE TABLE event_views (name VARCHAR PRIMARY KEY)',
  'CREATE TABLE removed_events (event_id BIGINT PRIMARY KEY, source_id INTEGER NOT NULL)',
  'CREATE VIEW events AS SELECT * FROM events_materialised',
  // Per source and event type: the time span of its events (to find sources whose times overlap).
  'CREATE TABLE source_spans (source_id INTEGER NOT NULL, event_type VARCHAR, lo TIMESTAMP, hi TIMESTAMP)',
];
