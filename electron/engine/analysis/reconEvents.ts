/**
 * Reconstruction, step 1: the events that can move data out, each with its family (`fam`), its
 * session key (`sess`: SESSION_KEY, else LOGIN_KEY, else the user) and its org (15 characters here; the
 * exports get the 18-character form). RTEM rows carry no
 * ORGANIZATION_ID: they take the org of their session or user where the ELF rows tell it, or the
 * case's only org, else the org of their session or login in any log row, else of the file's Organization export. Rows without a usable time become warnings, never exports.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Every RTEM object that carries SOQL text. */
export const QUERY_EVENT_TYPES: readonly string[] = ['ApiEvent', 'BulkApiResultEvent'];

/** `rc_ev`: candidate events of every channel, classified by family. */
export async function selectCandidateEvents(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_ev AS
    WITH c AS (
      SELECT e.event_id, e.source_id, e.source_record, e.event_type, e.ts, left(trim(e.org_id), 15) AS org_id, e.user_id, e.username,
        e.connected_app_id AS app_id, CASE WHEN e.connected_app_id IS NOT NULL THEN 'connected_app_id' ELSE 'none' END AS app_basis,
        e.connected_app_name, e.session_key, e.login_key, e.client_ip, e.user_agent, e.api_type, e.method, e.uri, e.entity, e.rows,
        e.query, e.records, e.request_id, e.job_id, e.operation, e.job_status, e.document_id, e.version_id, e.file_name, e.file_type,
        e.size_bytes, e.file_action,
        CASE
          WHEN e.event_type IN ('RestApi', 'ApexRestApi') AND regexp_matches(e.uri, '(?i)/jobs?/(query/|ingest/)?750') THEN 'bulk_call'
          WHEN e.event_type IN ('RestApi', 'ApexRestApi') AND regexp_matches(e.uri, '(?i)/query(all)?(/|$|[?])') THEN 'rest'
          WHEN e.event_type = 'API' AND lower(e.method) IN ('query', 'queryall', 'querymore') THEN 'soap'
          WHEN e.event_type = 'BulkApiResultEvent' AND e.query IS NOT NULL THEN 'rtem_bulk'
          WHEN e.event_type = 'ApiEvent' AND e.query IS NOT NULL AND lower(e.api_type) LIKE '%bulk%' THEN 'rtem_bulk'
          WHEN e.event_type = 'ApiEvent' AND e.query IS NOT NULL THEN 'rtem_api'
          WHEN e.event_type IN ('BulkApi', 'BulkApi2') THEN 'bulk'
          WHEN e.event_type = 'ReportExport' THEN 'report'
          WHEN e.event_type = 'ReportEvent' AND (e.records IS NOT NULL OR regexp_matches(coalesce(e.method, ''), '(?i)export')) THEN 'report_run'
          WHEN e.event_type = 'ListViewEvent' THEN 'list_view'
          WHEN e.event_type = 'DocumentAttachmentDownloads' THEN 'file'
          WHEN e.event_type IN ('ContentTransfer', 'FileEvent') AND (e.file_action IS NULL OR regexp_matches(e.file_action, '(?i)download')) THEN 'file'
        END AS fam
      FROM events e)
    SELECT *, coalesce(session_key, login_key, user_id) AS sess FROM c WHERE fam IS NOT NULL`);
}

/**
 * Ties candidates without an app id to one, as `events_attr` does (attribution.ts): an ApiTotalUsage row of the same
 * REQUEST_ID, else another event of the same LOGIN_KEY, else of the same SESSION_KEY — updating only those rows.
 */
export async function attributeCandidates(db: CaseDb): Promise<void> {
  await db.run(sql`UPDATE rc_ev SET app_id = r.app, app_basis = 'request_id' FROM request_apps r
    WHERE rc_ev.app_id IS NULL AND r.request_id = rc_ev.request_id AND r.org = coalesce(rc_ev.org_id, '')`);
  await db.run(sql`UPDATE rc_ev SET app_id = s.app, app_basis = 'session' FROM session_apps s
    WHERE rc_ev.app_id IS NULL AND s.kind = 'login' AND s.key = rc_ev.login_key AND s.org = coalesce(rc_ev.org_id, '')`);
  await db.run(sql`UPDATE rc_ev SET app_id = s.app, app_basis = 'session' FROM session_apps s
    WHERE rc_ev.app_id IS NULL AND s.kind = 'session' AND s.key = rc_ev.session_key AND s.org = coalesce(rc_ev.org_id, '')`);
}

/** Removes candidates without a usable time into `rc_warnings` (source, record, reason). */
export async function setAsideUntimed(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_warnings (source_id INTEGER, source_record BIGINT, reason VARCHAR)`);
  await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
      event_type || ' row has no usable timestamp; it is not part of any export' FROM rc_ev WHERE ts IS NULL`);
  await db.run(sql`DELETE FROM rc_ev WHERE ts IS NULL`);
  await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
      event_type || ' row is timestamped ' || strftime(ts, '%Y-%m-%d') || ', before 2000: kept, but check the source' FROM rc_ev WHERE ts < TIMESTAMP '2000-01-01'`);
}

/** Gives RTEM rows the org of their session, user or the case's only org; warns where none can be told. */
export async function inferOrgs(db: CaseDb): Promise<void> {
  for (const key of ['sess', 'user_id'] as const) {
    const col = key === 'sess' ? sql`sess` : sql`user_id`;
    await db.run(sql`UPDATE rc_ev SET org_id = s.org_id FROM (
        SELECT ${col} AS k, any_value(org_id) AS org_id FROM rc_ev WHERE org_id IS NOT NULL AND ${col} IS NOT NULL
        GROUP BY 1 HAVING count(DISTINCT org_id) = 1) s
      WHERE rc_ev.org_id IS NULL AND s.k = rc_ev.${col}`);
  }
  await db.run(sql`UPDATE rc_ev SET org_id = (SELECT any_value(org_id) FROM rc_ev WHERE org_id IS NOT NULL)
    WHERE org_id IS NULL AND (SELECT count(DISTINCT org_id) FROM rc_ev) = 1`);
  const left = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_ev WHERE org_id IS NULL`);
  if (left?.n) await inferOrgsBeyondCandidates(db);
  await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
      event_type || ' row names no org and its session and user belong to none known: its org is left empty, not guessed'
    FROM rc_ev WHERE org_id IS NULL AND (SELECT count(DISTINCT org_id) FROM rc_ev) > 1`);
}

/**
 * RTEM rows whose session no candidate row names (a list view opened in a UI session, whose other rows are URI and
 * Login lines): the org of the same SESSION_KEY, then LOGIN_KEY, in any log row; else the org of the file's
 * Organization export or `--org` (source_orgs, snapshotOrgs.ts).
 */
async function inferOrgsBeyondCandidates(db: CaseDb): Promise<void> {
  for (const key of ['session_key', 'login_key'] as const) {
    const col = key === 'session_key' ? sql`session_key` : sql`login_key`;
    await db.run(sql`UPDATE rc_ev SET org_id = s.org_id FROM (
        SELECT ${col} AS k, any_value(left(trim(org_id), 15)) AS org_id FROM events
        WHERE nullif(trim(org_id), '') IS NOT NULL AND ${col} IN (SELECT ${col} FROM rc_ev WHERE org_id IS NULL AND ${col} IS NOT NULL)
        GROUP BY 1 HAVING count(DISTINCT left(trim(org_id), 15)) = 1) s
      WHERE rc_ev.org_id IS NULL AND s.k = rc_ev.${col}`);
  }
  const table = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM duckdb_tables() WHERE table_name = 'source_orgs'`);
  if (!table?.n) return;
  await db.run(sql`UPDATE rc_ev SET org_id = left(o.org_id, 15) FROM source_orgs o
    WHERE rc_ev.org_id IS NULL AND o.source_id = rc_ev.source_id AND o.org_id IS NOT NULL AND o.org_basis IN ('organization_export', 'option')`);
}
