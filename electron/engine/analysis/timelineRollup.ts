/**
 * The timeline's rollup, written once at the end of the analysis (after the flags): `timeline_hourly`, per UTC hour
 * and integration (the timeline's own `who`), the exports started in that hour, their rows, how many of them are
 * flagged, and the first and last start time; `timeline_marks`, every flag the timeline marks with its export's start
 * time. The timeline screen (queries/timeline.ts) reads a window's whole hours from `timeline_hourly` and only the
 * partial hours at its edges from `exports`, so a call no longer scans every export of the case.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql, type SqlFragment } from '../store/sql.js';

/** The rollup tables, dropped together (a run that rewrites `exports` or `flags` and stops before the rollup leaves none). */
export const TIMELINE_ROLLUP_TABLES = ['timeline_hourly', 'timeline_marks'] as const;

/** The flag codes the timeline marks (a flag of another code counts as suspicious but is not a mark). */
export const TIMELINE_MARK_CODES = [
  'new_network', 'ioc_ip', 'ioc_user_agent', 'scripting_user_agent', 'recon_count_queries', 'enumeration', 'bulk_job_deleted',
  'access_after_containment', 'canary_record', 'volume_above_baseline',
] as const;

/** Who an export (aliased `x`) is on the timeline: the integration, else the user, else 'unattributed'. */
export const TIMELINE_WHO: SqlFragment = sql`coalesce(x.app_name, x.app_id, x.username, x.user_id, 'unattributed')`;

/** The codes as one SQL list value (a parameter: `list_contains(${markCodes()}, code)`). */
export function markCodes(): SqlFragment {
  return sql`string_split(${TIMELINE_MARK_CODES.join(',')}, ',')`;
}

/** Replaces the rollup tables from `exports` and `flags` as they are now (one GROUP BY, one join of the flags). */
export async function writeTimelineRollup(db: CaseDb): Promise<{ hours: number; marks: number }> {
  await db.run(sql`CREATE OR REPLACE TABLE timeline_hourly AS
    SELECT date_trunc('hour', x.start_ts) AS hour, ${TIMELINE_WHO} AS who, count(*)::BIGINT AS exports,
      sum(coalesce(x.rows, 0))::BIGINT AS rows, count(f.export_id)::BIGINT AS suspicious, min(x.start_ts) AS first_ts, max(x.start_ts) AS last_ts
    FROM exports x LEFT JOIN (SELECT DISTINCT export_id FROM flags) f ON f.export_id = x.export_id
    GROUP BY ALL ORDER BY 1, 2`);
  // From the flags' side: only the flagged exports' start times are looked up.
  await db.run(sql`CREATE OR REPLACE TABLE timeline_marks AS
    SELECT x.start_ts AS start_ts, f.code AS code, f.message AS label, f.export_id AS export_id
    FROM (SELECT export_id, code, message FROM flags WHERE list_contains(${markCodes()}, code)) f JOIN exports x ON x.export_id = f.export_id
    ORDER BY 1, 2, 4`);
  const n = await db.one<{ hours: number; marks: number }>(sql`
    SELECT (SELECT count(*) FROM timeline_hourly)::BIGINT AS hours, (SELECT count(*) FROM timeline_marks)::BIGINT AS marks`);
  return { hours: Number(n?.hours ?? 0), marks: Number(n?.marks ?? 0) };
}

/** Drops the rollup before `exports` or `flags` are rewritten, so the timeline never reads one older than they are. */
export async function dropTimelineRollup(db: CaseDb): Promise<void> {
  for (const t of TIMELINE_ROLLUP_TABLES) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}
