/**
 * The `data_export` channel: runs of Salesforce's Data Export service (Setup → Data Export), added to `exports`,
 * `export_events` and `files` after the other channels. One export per run: an "Export Now" request in the Setup
 * Audit Trail with the downloads of its zip files, a batch of downloads with no request (a scheduled run, or an
 * audit trail not in the evidence), or a request (or a schedule still in force) whose files no log shows downloaded. The service
 * exports whole objects: `object` is `*` and `rows` stays null (no log gives a count, none is invented). Each run's
 * audit-trail rows (who requested or scheduled it) are kept in `data_export_requests`. The rules are in
 * docs/OUTPUTS.md ("Logical exports").
 */
import { id18SqlExpression } from '../../../shared/ids.js';
import { findAnySnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, modeOf, raw, sql, type SqlFragment } from '../store/sql.js';
import { gatherDataExportEvidence } from './dataExportEvidence.js';

/** Export files stay downloadable 48 hours; downloads further apart than this belong to different runs. */
export const DATA_EXPORT_RUN_GAP_HOURS = 72;
/** A run's first download follows its request within this many days (the export is prepared, then kept 48 h). */
export const DATA_EXPORT_READY_DAYS = 7;

/** Adds the Data Export service's runs to the reconstruction tables (after every other channel). */
export async function reconstructDataExports(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE data_export_requests (export_id VARCHAR NOT NULL, event_id BIGINT NOT NULL, role VARCHAR NOT NULL,
    "at" TIMESTAMP, user_id VARCHAR, action VARCHAR, display VARCHAR)`);
  await gatherDataExportEvidence(db);
  await groupRuns(db);
  await writeRunExports(db);
  for (const t of ['de_dl', 'de_req', 'de_batch', 'de_runs', 'de_members', 'de_user_names', 'de_org_names']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}

/**
 * `de_runs` (one row per run: org, its request or schedule row, its first download, its key) and `de_members`
 * (run, event, role). Downloads of one org split into batches at gaps over DATA_EXPORT_RUN_GAP_HOURS; a request
 * takes the first batch that starts after it, before the org's next request and within DATA_EXPORT_READY_DAYS;
 * a batch no request takes gets the schedule in force (the org's latest schedule row before it, not cancelled since).
 * A request, or a schedule still in force at the end of the evidence, whose files no log shows downloaded is a run too.
 */
async function groupRuns(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_batch AS
    SELECT *, sum(new_run) OVER (PARTITION BY org15 ORDER BY ts, event_id ROWS UNBOUNDED PRECEDING) AS batch FROM (
      SELECT *, CASE WHEN lag(ts) OVER w IS NULL OR ts - lag(ts) OVER w > to_hours(${DATA_EXPORT_RUN_GAP_HOURS}::BIGINT) THEN 1 ELSE 0 END AS new_run
      FROM de_dl WINDOW w AS (PARTITION BY org15 ORDER BY ts, event_id))`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_runs AS
    WITH b AS (SELECT org15, batch, min(ts) AS start_ts, arg_min(event_id, (ts, event_id)) AS first_dl FROM de_batch GROUP BY org15, batch),
    r AS (SELECT *, lead(ts) OVER (PARTITION BY org15 ORDER BY ts, event_id) AS next_ts FROM de_req WHERE kind = 'request'),
    matched AS (
      SELECT r.event_id AS req_id, b.org15, b.batch FROM r JOIN b ON b.org15 IS NOT DISTINCT FROM r.org15
      WHERE b.start_ts >= r.ts AND (r.next_ts IS NULL OR b.start_ts < r.next_ts) AND b.start_ts <= r.ts + to_days(${DATA_EXPORT_READY_DAYS}::INTEGER)
      QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY b.start_ts) = 1),
    sched AS (
      SELECT b.org15, b.batch, (SELECT arg_max(s.event_id, (s.ts, s.event_id)) FROM de_req s
          WHERE s.org15 IS NOT DISTINCT FROM b.org15 AND s.kind IN ('schedule', 'cancel') AND s.ts <= b.start_ts) AS governing
      FROM b WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.org15 IS NOT DISTINCT FROM b.org15 AND m.batch = b.batch))
    SELECT b.org15, b.batch, coalesce(m.req_id, g.event_id) AS audit_event, b.first_dl,
      CASE WHEN m.req_id IS NOT NULL THEN 'request' WHEN g.kind = 'schedule' THEN 'schedule' END AS audit_role
    FROM b LEFT JOIN matched m ON m.org15 IS NOT DISTINCT FROM b.org15 AND m.batch = b.batch
    LEFT JOIN sched s ON s.org15 IS NOT DISTINCT FROM b.org15 AND s.batch = b.batch
    LEFT JOIN de_req g ON g.event_id = s.governing AND g.kind = 'schedule'
    UNION ALL
    SELECT r.org15, NULL, r.event_id, NULL, r.kind FROM de_req r
    WHERE r.kind IN ('request', 'schedule') AND r.event_id NOT IN (SELECT req_id FROM matched)
      AND NOT (r.kind = 'schedule' AND r.event_id IN (SELECT governing FROM sched WHERE governing IS NOT NULL))
      -- A schedule no downloaded run shows is an export only while in force: not changed or cancelled later.
      AND NOT (r.kind = 'schedule' AND EXISTS (SELECT 1 FROM de_req l WHERE l.org15 IS NOT DISTINCT FROM r.org15
        AND l.kind IN ('schedule', 'cancel') AND (l.ts > r.ts OR (l.ts = r.ts AND l.event_id > r.event_id))))`);
  // A run whose schedule row also governs other runs keeps that row as a member but is keyed by its first download.
  await db.run(sql`ALTER TABLE de_runs ADD COLUMN run_key VARCHAR`);
  await db.run(sql`UPDATE de_runs SET run_key = CASE
      WHEN audit_role = 'request' OR first_dl IS NULL THEN coalesce('audit:' || (SELECT audit_id FROM de_req q WHERE q.event_id = de_runs.audit_event), 'event:' || audit_event)
      ELSE 'event:' || first_dl END`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_members AS
    SELECT r.run_key, r.org15, d.event_id, 'zip_download' AS role, d.event_type FROM de_runs r
      JOIN de_batch d ON d.org15 IS NOT DISTINCT FROM r.org15 AND d.batch = r.batch
    UNION ALL
    SELECT r.run_key, r.org15, r.audit_event, CASE r.audit_role WHEN 'request' THEN 'export_request' ELSE 'export_schedule' END, 'SetupAuditTrail'
    FROM de_runs r WHERE r.audit_event IS NOT NULL AND r.audit_role IS NOT NULL`);
}

/** `SELECT id, value` pairs from a snapshot's id column and one other column, or an empty relation. */
async function namePairs(db: CaseDb, object: string, column: string): Promise<SqlFragment> {
  // Ids are unique across orgs: every snapshot of the object names its ids, an unassigned one too.
  const snap = await findAnySnapshot(db, object);
  const id = snap?.columns.find((c) => c.toLowerCase() === 'id');
  const val = snap?.columns.find((c) => c.toLowerCase() === column.toLowerCase());
  if (!snap || !id || !val) return sql`SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS name WHERE false`;
  return sql`SELECT ${raw(id18SqlExpression(ident(id).text))} AS id, ${modeOf(sql`nullif(trim(${ident(val)}), '')`)} AS name FROM ${snap.relation} GROUP BY 1`;
}

/** The export id of a run (docs/OUTPUTS.md "Ids"): `X-` + 12 hex of MD5(org | data_export | key), from a relation with org15 and run_key. */
function runExportId(alias: '' | 'm.'): ReturnType<typeof raw> {
  return raw(`'X-' || left(md5(coalesce(${alias}org15, '-') || '|data_export|' || ${alias}run_key), 12)`);
}

/** Writes one `exports` row per run, its `export_events` and the `files` it downloaded. */
async function writeRunExports(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_user_names AS SELECT * FROM (${await namePairs(db, 'User', 'Username')}) WHERE name IS NOT NULL`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_org_names AS SELECT * FROM (${await namePairs(db, 'Organization', 'Name')}) WHERE name IS NOT NULL`);
  const exportId = runExportId('');
  await db.run(sql`INSERT INTO exports BY NAME
    WITH m AS (SELECT m.*, ${exportId} AS export_id FROM de_members m),
    dl AS (SELECT m.export_id, min(d.ts) AS start_ts, max(d.ts) AS end_ts, arg_min(d.user_id, (d.ts, d.event_id)) AS user_id,
        arg_min(d.username, (d.ts, d.event_id)) AS username, arg_min(d.session_key, (d.ts, d.event_id)) AS session_key,
        arg_min(d.login_key, (d.ts, d.event_id)) AS login_key, arg_min(d.client_ip, (d.ts, d.event_id)) AS client_ip,
        arg_min(d.user_agent, (d.ts, d.event_id)) FILTER (WHERE d.user_agent IS NOT NULL) AS user_agent,
        list_sort(list(DISTINCT d.request_id) FILTER (WHERE d.request_id IS NOT NULL)) AS request_ids
      FROM m JOIN de_dl d ON d.event_id = m.event_id WHERE m.role = 'zip_download' GROUP BY m.export_id),
    rq AS (SELECT m.export_id, q.ts, q.user_id, m.role FROM m JOIN de_req q ON q.event_id = m.event_id WHERE m.role IN ('export_request', 'export_schedule')),
    runs AS (SELECT ${exportId} AS export_id, org15, coalesce(audit_event, first_dl) AS first_event_id FROM de_runs),
    login_ua AS (SELECT login_key, arg_min(user_agent, ts) AS ua FROM events
      WHERE event_type IN ('Login', 'LoginEvent') AND user_agent IS NOT NULL AND login_key IN (SELECT login_key FROM de_dl) GROUP BY login_key)
    SELECT r.export_id, ${raw(id18SqlExpression('r.org15'))} AS org_id, o.name AS org_name, 'data_export' AS channel, '*' AS object,
      NULL AS query, false AS count_only, least(dl.start_ts, rq.ts_own) AS start_ts, greatest(dl.end_ts, rq.ts_own) AS end_ts, NULL::BIGINT AS rows,
      coalesce(dl.user_id, rq.user_id) AS user_id, coalesce(u.name, dl.username) AS username, NULL AS app_id, NULL AS app_name, 'none' AS app_basis,
      dl.session_key, dl.login_key, dl.client_ip, coalesce(dl.user_agent, l.ua) AS user_agent, NULL AS job_id, NULL AS job_status,
      NULL::TIMESTAMP AS deleted_at, dl.request_ids, r.first_event_id
    FROM runs r LEFT JOIN dl USING (export_id)
    -- A schedule governs many runs: its time is a run's own only where no download of the run is logged.
    LEFT JOIN (SELECT *, CASE WHEN role = 'export_request' OR export_id NOT IN (SELECT export_id FROM dl) THEN ts END AS ts_own FROM rq) rq USING (export_id)
    LEFT JOIN de_org_names o ON o.id = ${raw(id18SqlExpression('r.org15'))}
    LEFT JOIN de_user_names u ON u.id = coalesce(dl.user_id, rq.user_id)
    LEFT JOIN login_ua l ON l.login_key = dl.login_key`);
  await db.run(sql`INSERT INTO export_events SELECT ${exportId}, event_id, role, event_type FROM de_members`);
  await db.run(sql`INSERT INTO data_export_requests SELECT ${runExportId('m.')}, m.event_id, m.role, q.ts, q.user_id, q.action, q.display
    FROM de_members m JOIN de_req q ON q.event_id = m.event_id ORDER BY 1, 2`);
  await db.run(sql`INSERT INTO files BY NAME
    SELECT ${runExportId('m.')} AS export_id, d.event_id,
      ${raw(id18SqlExpression('d.file_id'))} AS document_id, NULL AS version_id, d.file_name AS title,
      CASE WHEN lower(d.file_name) LIKE '%.zip' THEN 'ZIP' END AS file_type, NULL::BIGINT AS size_bytes, 'log' AS named_from
    FROM de_members m JOIN de_dl d ON d.event_id = m.event_id WHERE m.role = 'zip_download' ORDER BY 1, 2`);
}
