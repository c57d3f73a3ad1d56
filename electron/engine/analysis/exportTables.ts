/**
 * The reconstruction stage's tables in the case database: `exports` (one row per logical export),
 * `export_events` (which event belongs to which export, with the role it played), `export_records`
 * (record ids the logs name for an export) and `flags` (why an export is suspicious). Later stages,
 * the outputs and every screen read these tables; this file owns their shape.
 */
import type { LogicalExport } from '../../../shared/domain.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Creates (empty) the reconstruction tables, replacing those of an earlier run. */
export async function createExportTables(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE exports (
    export_id VARCHAR NOT NULL, org_id VARCHAR, org_name VARCHAR, channel VARCHAR NOT NULL, object VARCHAR, query VARCHAR,
    count_only BOOLEAN NOT NULL, start_ts TIMESTAMP NOT NULL, end_ts TIMESTAMP NOT NULL, rows BIGINT,
    user_id VARCHAR, username VARCHAR, app_id VARCHAR, app_name VARCHAR, app_basis VARCHAR NOT NULL,
    session_key VARCHAR, login_key VARCHAR, client_ip VARCHAR, user_agent VARCHAR,
    job_id VARCHAR, job_status VARCHAR, deleted_at TIMESTAMP, request_ids VARCHAR[])`);
  await db.run(sql`CREATE OR REPLACE TABLE export_events (export_id VARCHAR NOT NULL, event_id BIGINT NOT NULL, role VARCHAR NOT NULL)`);
  await db.run(sql`CREATE OR REPLACE TABLE export_records (export_id VARCHAR NOT NULL, record_id VARCHAR NOT NULL, event_id BIGINT)`);
  await db.run(sql`CREATE OR REPLACE TABLE flags (export_id VARCHAR NOT NULL, code VARCHAR NOT NULL, message VARCHAR NOT NULL, evidence_event_ids BIGINT[])`);
}

/**
 * TEMPORARY BRIDGE (until reconstruction is set-based SQL): writes exports built in JavaScript into
 * the tables, so the stages after reconstruction can already read the tables.
 */
export async function materialiseExports(db: CaseDb, exports: readonly LogicalExport[], loggedRecordIds: Map<string, string[]>): Promise<void> {
  await createExportTables(db);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE bridge_exports (
    export_id VARCHAR, channel VARCHAR, object VARCHAR, query VARCHAR, count_only BOOLEAN, start_ts VARCHAR, end_ts VARCHAR, rows VARCHAR,
    user_id VARCHAR, username VARCHAR, app_id VARCHAR, app_name VARCHAR, app_basis VARCHAR, session_key VARCHAR, login_key VARCHAR,
    client_ip VARCHAR, user_agent VARCHAR, request_ids VARCHAR)`);
  await db.appendRows('bridge_exports', exports.map((x) => [
    x.id, x.channel, x.object, x.query, x.countOnly, x.start, x.end, x.rows === null ? null : String(x.rows),
    x.user.id, x.user.username, x.integration.connectedAppId, x.integration.name, x.integration.basis, x.sessionKey, x.loginKey,
    x.sourceIp, x.userAgent, JSON.stringify(x.requestIds),
  ]));
  await db.run(sql`INSERT INTO exports SELECT export_id, NULL, NULL, channel, object, query, count_only,
      CAST(start_ts AS TIMESTAMPTZ)::TIMESTAMP, CAST(end_ts AS TIMESTAMPTZ)::TIMESTAMP, CAST(rows AS BIGINT), user_id, username, app_id, app_name,
      app_basis, session_key, login_key, client_ip, user_agent, NULL, NULL, NULL, CAST(json(request_ids) AS VARCHAR[])
    FROM bridge_exports`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE bridge_links (export_id VARCHAR, source_id VARCHAR, record VARCHAR)`);
  await db.appendRows('bridge_links', exports.flatMap((x) => x.evidence.map((e) => [x.id, String(e.sourceId), String(e.record)])));
  await db.run(sql`INSERT INTO export_events SELECT export_id, (CAST(source_id AS BIGINT) << 32) + CAST(record AS BIGINT), 'event' FROM bridge_links`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE bridge_records (export_id VARCHAR, record_id VARCHAR)`);
  await db.appendRows('bridge_records', [...loggedRecordIds].flatMap(([id, ids]) => ids.map((r) => [id, r])));
  await db.run(sql`INSERT INTO export_records SELECT export_id, record_id, NULL FROM bridge_records`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE bridge_flags (export_id VARCHAR, code VARCHAR, message VARCHAR)`);
  await db.appendRows('bridge_flags', exports.flatMap((x) => x.reasons.map((r) => [x.id, r.code, r.message])));
  await db.run(sql`INSERT INTO flags SELECT export_id, code, message, NULL FROM bridge_flags`);
  for (const t of ['bridge_exports', 'bridge_links', 'bridge_records', 'bridge_flags']) await db.run(`DROP TABLE ${t}`);
}
