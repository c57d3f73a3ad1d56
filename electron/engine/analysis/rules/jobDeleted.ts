/**
 * `bulk_job_deleted`: a Bulk job deleted or aborted after it ran (exports.deleted_at / job_status,
 * or a job row of the export whose JOB_STATUS says so): the clean-up GTIG reports for UNC6395. The
 * evidence is the deletion rows where the logs have them.
 */
import { sql } from '../../store/sql.js';
import type { Rule } from './rule.js';

export const jobDeletedRule: Rule = {
  code: 'bulk_job_deleted',
  statements: () => [sql`INSERT INTO flags
    WITH del AS (
      SELECT xe.export_id, min(e.ts) AS at, arg_min(e.job_status, (e.ts, e.event_id)) AS status, arg_min(e.job_id, (e.ts, e.event_id)) AS job_id, list(e.event_id ORDER BY e.event_id) AS ids
      FROM export_events xe JOIN events e ON e.event_id = xe.event_id
      WHERE lower(trim(e.job_status)) IN ('deleted', 'aborted') GROUP BY xe.export_id)
    SELECT x.export_id, 'bulk_job_deleted',
      format('Bulk job {} was {} at {} after it ran{}.', coalesce(x.job_id, d.job_id, '(no job id)'),
        lower(coalesce(d.status, x.job_status, 'deleted')), strftime(coalesce(x.deleted_at, d.at), '%Y-%m-%dT%H:%M:%S.%gZ'),
        CASE WHEN x.rows IS NOT NULL THEN format(' ({:,} rows)', x.rows) ELSE '' END),
      d.ids
    FROM rule_exports x LEFT JOIN del d ON d.export_id = x.export_id
    WHERE x.deleted_at IS NOT NULL OR lower(trim(x.job_status)) IN ('deleted', 'aborted') OR d.export_id IS NOT NULL`],
};
