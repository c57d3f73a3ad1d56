/**
 * The reconstruction stage's tables in the case database: `exports` (one row per logical export),
 * `export_events` (which event belongs to which export, with the role it played), `export_records`
 * (record ids the logs name for an export), `files` (each file a `file_download` export took) and
 * `flags` (why an export is suspicious). Later stages,
 * the outputs and every screen read these tables; this file owns their shape.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Creates (empty) the reconstruction tables, replacing those of an earlier run. */
export async function createExportTables(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE exports (
    export_id VARCHAR NOT NULL, org_id VARCHAR, org_name VARCHAR, channel VARCHAR NOT NULL, object VARCHAR, query VARCHAR,
    count_only BOOLEAN NOT NULL, start_ts TIMESTAMP NOT NULL, end_ts TIMESTAMP NOT NULL, rows BIGINT,
    user_id VARCHAR, username VARCHAR, app_id VARCHAR, app_name VARCHAR, app_basis VARCHAR NOT NULL,
    session_key VARCHAR, login_key VARCHAR, client_ip VARCHAR, user_agent VARCHAR,
    job_id VARCHAR, job_status VARCHAR, deleted_at TIMESTAMP, request_ids VARCHAR[], first_event_id BIGINT)`);
  await db.run(sql`CREATE OR REPLACE TABLE export_events (export_id VARCHAR NOT NULL, event_id BIGINT NOT NULL, role VARCHAR NOT NULL, event_type VARCHAR)`);
  await db.run(sql`CREATE OR REPLACE TABLE export_records (export_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, event_id BIGINT)`);
  await db.run(sql`CREATE OR REPLACE TABLE files (
    export_id VARCHAR NOT NULL, event_id BIGINT NOT NULL, document_id VARCHAR, version_id VARCHAR, title VARCHAR, file_type VARCHAR,
    size_bytes BIGINT, named_from VARCHAR NOT NULL)`);
  await db.run(sql`CREATE OR REPLACE TABLE flags (export_id VARCHAR NOT NULL, code VARCHAR NOT NULL, message VARCHAR NOT NULL, evidence_event_ids BIGINT[])`);
}
