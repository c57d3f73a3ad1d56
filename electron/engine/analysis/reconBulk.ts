/**
 * Reconstruction, step 3: Bulk API 1.0 and 2.0 query jobs. Every row of one job (its state rows
 * in BulkApi / BulkApi2, the REST calls on the job's URI: result downloads, and a DELETE) is one
 * export; `rows` is the records the job processed (Bulk 2.0: the job's count; Bulk 1.0: the sum of
 * its batches). A job deleted or aborted afterwards stays one export with `deleted_at` and
 * `job_status` on it. The RTEM row that carries the job's SOQL (ApiEvent Bulk, BulkApiResultEvent)
 * joins the job of the same session and object that started nearest to it, within 10 minutes.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';

/** How far before a job's first or after its last row an RTEM query row may still belong to it. */
export const JOB_WINDOW_MINUTES = 10;

/** The object a SOQL text reads: the FROM of the outer query (parenthesised subqueries removed first). */
export const SOQL_FROM_SQL = (q: string): string =>
  `nullif(regexp_extract(regexp_replace(regexp_replace(${q}, '\\([^()]*\\)', '', 'g'), '\\([^()]*\\)', '', 'g'), '(?i)\\bfrom\\s+([A-Za-z_][A-Za-z0-9_]*)', 1), '')`;

/** `rc_jobs` and the job exports in `rc_x` / `rc_members`. */
export async function groupBulkJobs(db: CaseDb): Promise<void> {
  // The channel and job id of each row were read from its URI / JOB_ID when it was selected (reconEvents).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_jobrows AS
    SELECT event_id, fam, ts, org_id, sess, entity, rows, job_status, call_role, op_query, bulk_channel AS channel, job
    FROM rc_ev WHERE fam IN ('bulk', 'bulk_call')`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_jobs AS
    SELECT org_id, channel, job, min(event_id) FILTER (WHERE fam = 'bulk') AS anchor_id, min(ts) AS start_ts, max(ts) AS end_ts,
      arg_min(sess, (ts, event_id)) FILTER (WHERE fam = 'bulk') AS sess, arg_min(entity, (ts, event_id)) FILTER (WHERE fam = 'bulk') AS object,
      CASE WHEN channel = 'bulk_api_2' THEN max(rows) FILTER (WHERE fam = 'bulk') ELSE sum(rows) FILTER (WHERE fam = 'bulk') END AS rows,
      arg_max(job_status, (ts, event_id)) FILTER (WHERE job_status IS NOT NULL) AS job_status,
      least(min(ts) FILTER (WHERE fam = 'bulk_call' AND call_role = 'deletion'),
            min(ts) FILTER (WHERE lower(job_status) IN ('deleted', 'aborted'))) AS deleted_at
    FROM rc_jobrows WHERE job IS NOT NULL AND channel <> 'ingest'
    GROUP BY org_id, channel, job
    HAVING bool_or(fam = 'bulk' AND op_query)`);
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, job_id, job_status, deleted_at, basis)
    SELECT anchor_id, channel, org_id, rows, job, job_status, deleted_at, 'job:' || job FROM rc_jobs`);
  await db.run(sql`INSERT INTO rc_members
    SELECT j.anchor_id, r.event_id, CASE WHEN r.fam = 'bulk' THEN 'job' ELSE r.call_role END
    FROM rc_jobrows r JOIN rc_jobs j ON j.org_id IS NOT DISTINCT FROM r.org_id AND j.channel = r.channel AND j.job = r.job`);
  // Query-job rows that name no job: each is an export of its own.
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis)
    SELECT event_id, channel, org_id, rows, 'event:' || event_id FROM rc_jobrows
    WHERE fam = 'bulk' AND job IS NULL AND op_query`);
  await db.run(sql`INSERT INTO rc_members SELECT event_id, event_id, 'job' FROM rc_jobrows
    WHERE fam = 'bulk' AND job IS NULL AND op_query`);
}

/** Attaches RTEM Bulk query rows to their job; the others chain (same session, query text, 10 min) into exports of their own. */
export async function attachBulkQueryText(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_bulk_rtem AS
    SELECT *, q_obj AS obj, q_text AS query FROM rc_ev WHERE fam = 'rtem_bulk'`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_bulk_match AS
    SELECT r.event_id, j.anchor_id FROM rc_bulk_rtem r
    JOIN rc_jobs j ON j.sess = r.sess AND lower(coalesce(j.object, '')) = r.obj
    WHERE (r.org_id IS NULL OR r.org_id = j.org_id) AND j.anchor_id IS NOT NULL
      AND r.ts BETWEEN j.start_ts - to_minutes(${JOB_WINDOW_MINUTES}::BIGINT) AND j.end_ts + to_minutes(${JOB_WINDOW_MINUTES}::BIGINT)
    QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY abs(epoch_ms(r.ts) - epoch_ms(j.start_ts)), j.anchor_id) = 1`);
  await db.run(sql`INSERT INTO rc_members SELECT anchor_id, event_id, 'query_text' FROM rc_bulk_match`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_bulk_alone AS
    WITH p AS (SELECT *, coalesce(sess, 'event:' || event_id) AS part,
        lag(ts) OVER (PARTITION BY org_id, coalesce(sess, 'event:' || event_id), obj, query ORDER BY ts, event_id) AS prev_ts
      FROM rc_bulk_rtem WHERE event_id NOT IN (SELECT event_id FROM rc_bulk_match)),
    g AS (SELECT *, sum((prev_ts IS NULL OR ts - prev_ts > to_minutes(${JOB_WINDOW_MINUTES}::BIGINT))::INTEGER)
        OVER (PARTITION BY org_id, part, obj, query ORDER BY ts, event_id ROWS UNBOUNDED PRECEDING) AS grp FROM p)
    SELECT *, first_value(event_id) OVER (PARTITION BY org_id, part, obj, query, grp ORDER BY ts, event_id) AS anchor_id FROM g`);
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis)
    SELECT anchor_id, 'bulk_api_2', any_value(org_id), max(rows),
      coalesce(any_value(request_id) FILTER (WHERE event_id = anchor_id), 'event:' || anchor_id)
    FROM rc_bulk_alone GROUP BY anchor_id`);
  await db.run(sql`INSERT INTO rc_members SELECT anchor_id, event_id, 'query_text' FROM rc_bulk_alone`);
  for (const t of ['rc_jobrows', 'rc_bulk_rtem', 'rc_bulk_match', 'rc_bulk_alone']) await db.run(sql`DROP TABLE ${ident(t)}`);
}
