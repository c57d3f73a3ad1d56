/**
 * Migration 2: what the evidence covers. `log_listing` holds EventLogFile listing rows (the
 * files Salesforce says exist); `source_periods` holds the UTC period each source file covers
 * and how that period was worked out (see electron/engine/analysis/periods.ts).
 */
export const version = 2;
export const statements = [
  `CREATE TABLE log_listing (
     source_id INTEGER NOT NULL, source_record BIGINT NOT NULL, log_file_id VARCHAR, event_type VARCHAR,
     log_date TIMESTAMP, interval VARCHAR, sequence INTEGER, length BIGINT, created_date TIMESTAMP,
     start_ts TIMESTAMP, end_ts TIMESTAMP, problem VARCHAR)`,
  `CREATE TABLE source_periods (
     source_id INTEGER NOT NULL, event_type VARCHAR NOT NULL, start_ts TIMESTAMP NOT NULL, end_ts TIMESTAMP NOT NULL,
     basis VARCHAR NOT NULL, log_file_id VARCHAR, listing_source_id INTEGER, listing_record BIGINT)`,
];
