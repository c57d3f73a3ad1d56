/** Migration 1: sources, quarantine, normalised events, affected records. */
export const version = 1;
export const statements = [
  `CREATE TABLE sources (
     id INTEGER PRIMARY KEY, path VARCHAR NOT NULL, name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
     bytes BIGINT NOT NULL, modified_at VARCHAR NOT NULL, kind VARCHAR NOT NULL, detail VARCHAR,
     table_name VARCHAR, header VARCHAR, rows BIGINT NOT NULL DEFAULT 0, rejected BIGINT NOT NULL DEFAULT 0,
     duplicates BIGINT NOT NULL DEFAULT 0, imported_at VARCHAR NOT NULL)`,
  `CREATE TABLE quarantine (
     source_id INTEGER NOT NULL, line BIGINT, byte_position BIGINT, column_name VARCHAR,
     error_type VARCHAR, raw_text VARCHAR, message VARCHAR)`,
  `CREATE TABLE events (
     event_id BIGINT, source_id INTEGER NOT NULL, source_record BIGINT NOT NULL, event_type VARCHAR NOT NULL,
     ts TIMESTAMP, user_id VARCHAR, username VARCHAR, connected_app_id VARCHAR, connected_app_name VARCHAR,
     session_key VARCHAR, login_key VARCHAR, client_ip VARCHAR, user_agent VARCHAR, api_type VARCHAR,
     method VARCHAR, uri VARCHAR, entity VARCHAR, rows BIGINT, query VARCHAR, records VARCHAR,
     request_id VARCHAR, job_id VARCHAR, operation VARCHAR, job_status VARCHAR, status VARCHAR,
     login_type VARCHAR, row_hash UBIGINT)`,
  `CREATE TABLE snapshot_tables (object VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, source_ids VARCHAR NOT NULL)`,
  `CREATE TABLE affected (
     object VARCHAR NOT NULL, id VARCHAR NOT NULL, is_person BOOLEAN NOT NULL, name VARCHAR, email VARCHAR,
     street VARCHAR, city VARCHAR, state VARCHAR, postal_code VARCHAR, country VARCHAR,
     jurisdiction VARCHAR NOT NULL, jurisdiction_confidence VARCHAR NOT NULL, jurisdiction_basis VARCHAR NOT NULL,
     confidence VARCHAR NOT NULL, exposed_fields VARCHAR NOT NULL, export_ids VARCHAR NOT NULL)`,
];
