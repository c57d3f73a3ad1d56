/**
 * Migration 5: the count check of every CSV source. For each file, the records counted from its
 * bytes apart from DuckDB's reader, against the rows loaded and the records quarantined; how they
 * were counted; whether they add up, and the note that says why not or how the file was read.
 */
export const version = 5;
export const statements = [
  `CREATE TABLE record_counts (
     source_id INTEGER PRIMARY KEY, records_seen BIGINT NOT NULL, loaded BIGINT NOT NULL, quarantined BIGINT NOT NULL,
     method VARCHAR NOT NULL, adds_up BOOLEAN NOT NULL, note VARCHAR)`,
];
