/**
 * Reconstruction, step 1: the events that can move data out, each with its family (`fam`), its
 * session key (`sess`: SESSION_KEY, else LOGIN_KEY, else the user) and its org (15 characters here; the
 * exports get the 18-character form). RTEM rows carry no
 * ORGANIZATION_ID: they take the org of their session or user where the ELF rows tell it, or the
 * case's only org, else the org of their session or login in any log row, else of the file's Organization export. Rows without a usable time become warnings, never exports.
 */
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { LOOKUP_KEY, REQUEST_ORG_OF } from './attribution.js';
import { SOQL_FROM_SQL } from './reconBulk.js';

/** An event id is its source id (high 32 bits) and record number (low 32 bits): intake/normalize.ts. */
const SOURCE_OF = sql`(event_id >> 32)::INTEGER`;
const RECORD_OF = sql`(event_id & 4294967295)`;

/** Every RTEM object that carries SOQL text. */
export const QUERY_EVENT_TYPES: readonly string[] = ['ApiEvent', 'BulkApiResultEvent'];

/**
 * `rc_ev`: candidate events of every channel, classified by family — narrow: the keys the grouping joins on
 * and, in place of the wide text columns (URI, method, operation, API type, query, records, user agent, file
 * fields), the few facts the grouping reads from them. The text itself is fetched by event id only where an
 * export shows it (reconAssemble). A TEMP table: DuckDB spills it to the temp directory beyond its memory limit.
 */
export async function selectCandidateEvents(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_ev AS
    WITH c AS (
      SELECT e.event_id, e.event_type, e.ts, left(trim(e.org_id), 15) AS org_id, e.user_id, e.username,
        e.connected_app_id AS app_id, CASE WHEN e.connected_app_id IS NOT NULL THEN 'connected_app_id' ELSE 'none' END AS app_basis,
        e.session_key, e.login_key, e.client_ip, e.user_agent, e.api_type, e.method, e.uri, e.entity, e.rows,
        e.query, e.records, e.request_id, e.job_id, e.operation, e.job_status, e.document_id, e.version_id,
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
      FROM events e),
    -- Candidates without an app id are tied to one as events_attr does (attribution.ts): an ApiTotalUsage row of the same
    -- REQUEST_ID, else another event of the same LOGIN_KEY, else of the same SESSION_KEY (the small maps are the build side).
    a AS (
      SELECT c.* REPLACE (coalesce(c.app_id, r.app, sl.app, ss.app) AS app_id,
        CASE WHEN c.app_id IS NOT NULL THEN 'connected_app_id' WHEN r.app IS NOT NULL THEN 'request_id'
             WHEN sl.app IS NOT NULL OR ss.app IS NOT NULL THEN 'session' ELSE 'none' END AS app_basis)
      FROM c
      LEFT JOIN request_apps r ON r.request_id = ${LOOKUP_KEY(sql`c.app_id`, sql`c.request_id`)} AND r.org = ${REQUEST_ORG_OF(sql`c.org_id`)}
      LEFT JOIN session_apps sl ON sl.kind = 'login' AND sl.key = ${LOOKUP_KEY(sql`c.app_id`, sql`c.login_key`)} AND sl.org = coalesce(c.org_id, '')
      LEFT JOIN session_apps ss ON ss.kind = 'session' AND ss.key = ${LOOKUP_KEY(sql`c.app_id`, sql`c.session_key`)} AND ss.org = coalesce(c.org_id, '')
      WHERE c.fam IS NOT NULL)
    SELECT event_id, event_type, ts, org_id, user_id, username, app_id, app_basis, session_key, login_key, client_ip, entity, rows,
      request_id, job_status, fam, coalesce(session_key, login_key, user_id) AS sess,
      query IS NOT NULL AS has_query, user_agent IS NOT NULL AS has_ua, records IS NOT NULL AS has_records,
      -- a continuation page: by its method (SOAP queryMore, RTEM QueryMore) or by its URI (REST nextRecordsUrl)
      lower(coalesce(method, '')) = 'querymore' AS cont_method,
      CASE WHEN fam IN ('rest', 'soap') THEN regexp_matches(coalesce(uri, ''), '(?i)/query(all)?/[a-z0-9]+-[0-9]+') END AS cont_uri,
      CASE WHEN fam = 'rtem_api' THEN CASE WHEN lower(api_type) LIKE '%soap%' THEN 'soap' WHEN lower(api_type) LIKE '%rest%' THEN 'rest' ELSE 'api' END END AS api_kind,
      -- Bulk API: the job's channel and id, the role of a call on the job's URI, whether the job is a query
      CASE WHEN fam IN ('bulk', 'bulk_call') THEN CASE
        WHEN fam = 'bulk' AND event_type = 'BulkApi2' THEN 'bulk_api_2'
        WHEN fam = 'bulk' THEN 'bulk_api'
        WHEN regexp_matches(uri, '(?i)/jobs/query') THEN 'bulk_api_2'
        WHEN regexp_matches(uri, '(?i)/jobs/ingest') THEN 'ingest'
        ELSE 'bulk_api' END END AS bulk_channel,
      CASE WHEN fam IN ('bulk', 'bulk_call') THEN left(CASE WHEN fam = 'bulk' THEN nullif(trim(job_id), '')
        ELSE nullif(regexp_extract(uri, '(?i)/jobs?/(?:query/|ingest/)?(750[A-Za-z0-9]{12})', 1), '') END, 15) END AS job,
      CASE WHEN fam = 'bulk_call' THEN CASE WHEN upper(method) = 'DELETE' THEN 'deletion' WHEN regexp_matches(uri, '(?i)/result') THEN 'result_download'
        ELSE 'job_call' END END AS call_role,
      CASE WHEN fam = 'bulk' THEN coalesce(lower(operation) IN ('query', 'queryall'), false) END AS op_query,
      -- RTEM Bulk query rows: the object their SOQL reads and the text itself (they are grouped by it)
      CASE WHEN fam = 'rtem_bulk' THEN lower(coalesce(entity, ${raw(SOQL_FROM_SQL('query'))}, '')) END AS q_obj,
      CASE WHEN fam = 'rtem_bulk' THEN query END AS q_text,
      CASE WHEN fam = 'file' THEN coalesce(version_id, document_id, event_id::VARCHAR) END AS file_key
    FROM a`);
}

/** Removes candidates without a usable time into `rc_warnings` (source, record, reason). */
export async function setAsideUntimed(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_warnings (source_id INTEGER, source_record BIGINT, reason VARCHAR)`);
  await db.run(sql`INSERT INTO rc_warnings SELECT ${SOURCE_OF}, ${RECORD_OF},
      event_type || ' row has no usable timestamp; it is not part of any export' FROM rc_ev WHERE ts IS NULL`);
  await db.run(sql`DELETE FROM rc_ev WHERE ts IS NULL`);
  await db.run(sql`INSERT INTO rc_warnings SELECT ${SOURCE_OF}, ${RECORD_OF},
      event_type || ' row is timestamped ' || strftime(ts, '%Y-%m-%d') || ', before 2000: kept, but check the source' FROM rc_ev WHERE ts < TIMESTAMP '2000-01-01'`);
}

/** Gives RTEM rows the org of their session, user or the case's only org; warns where none can be told. */
export async function inferOrgs(db: CaseDb): Promise<void> {
  for (const key of ['sess', 'user_id'] as const) {
    const col = key === 'sess' ? sql`sess` : sql`user_id`;
    await db.run(sql`UPDATE rc_ev SET org_id = s.org_id FROM (
        SELECT ${col} AS k, any_value(org_id) AS org_id FROM rc_ev WHERE org_id IS NOT NULL AND ${col} IS NOT NULL
        GROUP BY 1 HAVING min(org_id) = max(org_id)) s
      WHERE rc_ev.org_id IS NULL AND s.k = rc_ev.${col}`);
  }
  // How many orgs the candidates name, counted once (not in each statement's subquery).
  const orgs = (await db.one<{ n: number }>(sql`SELECT count(DISTINCT org_id)::BIGINT AS n FROM rc_ev`))?.n ?? 0;
  if (orgs === 1) {
    await db.run(sql`UPDATE rc_ev SET org_id = (SELECT any_value(org_id) FROM rc_ev WHERE org_id IS NOT NULL) WHERE org_id IS NULL`);
  }
  const left = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM rc_ev WHERE org_id IS NULL`);
  if (!left?.n) return;
  await inferOrgsBeyondCandidates(db);
  // Counted again: the rows placed just now may name more orgs than the candidates did.
  const placed = (await db.one<{ n: number }>(sql`SELECT count(DISTINCT org_id)::BIGINT AS n FROM rc_ev`))?.n ?? 0;
  if (placed > 1) {
    await db.run(sql`INSERT INTO rc_warnings SELECT ${SOURCE_OF}, ${RECORD_OF},
        event_type || ' row names no org and its session and user belong to none known: its org is left empty, not guessed'
      FROM rc_ev WHERE org_id IS NULL`);
  }
}

/**
 * RTEM rows whose session no candidate row names (a list view opened in a UI session, whose other rows are URI and
 * Login lines): the org of the same SESSION_KEY, then LOGIN_KEY, in any log row; else the org intake gave the file (the case's one org, or its
 * Organization export or `--org`: source_orgs, snapshotOrgs.ts).
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
    WHERE rc_ev.org_id IS NULL AND o.source_id = (rc_ev.event_id >> 32)::INTEGER AND o.org_id IS NOT NULL AND o.org_basis IN ('organization_export', 'option', 'single_org')`);
}
