/**
 * Summary tables the workbench's first screens read instead of aggregating every export on each call, written once at
 * the end of the analysis (after the flags, which they count) from `exports` and `flags`:
 * - `integration_summary`: per (org, app) the Integrations list's figures (exports, rows, users, IPs, suspicious,
 *   first and last time);
 * - `integration_facets`: per (org, app) and per user, IP, user agent and object the detail's figures;
 * - `export_facets`: the Exports screen's unfiltered facet counts (channel, flag code, object, integration).
 * At 4.6 million exports each of those was a scan of every export per call (1.4–1.9 CPU-s); read from these tables they
 * are a few thousand rows. Every figure is the same aggregate the live query computes (test/integration/screenSummaries.demo.test.ts
 * compares them); a case from an older version without them is answered live. They are sealed with the other tables.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, modeOf, sql, type SqlFragment } from '../store/sql.js';

/** The integration list's aggregates per (org, app) over the exports `where` keeps (`x` a row of `exports`). */
export function integrationSummarySql(where: SqlFragment): SqlFragment {
  return sql`
    WITH s AS (SELECT DISTINCT export_id FROM flags)
    SELECT x.org_id, any_value(x.org_name) AS org_name, x.app_id, ${modeOf(sql`x.app_name`)} AS app_name, count(*)::BIGINT AS exports,
      sum(x.rows) FILTER (WHERE NOT x.count_only)::BIGINT AS rows, count(DISTINCT x.user_id)::BIGINT AS users, count(DISTINCT x.client_ip)::BIGINT AS ips,
      count(*) FILTER (WHERE s.export_id IS NOT NULL)::BIGINT AS suspicious,
      strftime(min(x.start_ts), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(x.end_ts), '%Y-%m-%dT%H:%M:%SZ') AS last
    FROM exports x LEFT JOIN s ON s.export_id = x.export_id
    WHERE ${where} GROUP BY x.org_id, x.app_id`;
}

/** The value each facet of `export_facets` counts, and its label (the same expressions exports.page filters by). */
export const EXPORT_FACETS = {
  channel: { value: sql`x.channel`, label: sql`x.channel` },
  object: { value: sql`x.object`, label: sql`x.object` },
  integration: { value: sql`coalesce(x.app_id, x.app_name)`, label: sql`x.app_name` },
} as const;

/**
 * The exports `where` keeps (`x` a row of `exports`) counted per channel, object and integration, in one scan
 * (GROUPING SETS), as rows (facet, value, label, n), values not null, with a `total` row: the one definition
 * `export_facets` is written with and a filtered exports page is counted with.
 */
export function exportFacetCountsSql(where: SqlFragment): SqlFragment {
  return sql`
    SELECT * FROM (
      SELECT CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(object) = 0 THEN 'object' WHEN GROUPING(integ) = 0 THEN 'integration' ELSE 'total' END AS facet,
        coalesce(channel, object, integ) AS value,
        CASE WHEN GROUPING(channel) = 0 THEN any_value(channel) WHEN GROUPING(object) = 0 THEN any_value(object) ELSE any_value(integ_label) END AS label,
        count(*)::BIGINT AS n
      FROM (SELECT ${EXPORT_FACETS.channel.value} AS channel, ${EXPORT_FACETS.object.value} AS object, ${EXPORT_FACETS.integration.value} AS integ,
              ${EXPORT_FACETS.integration.label} AS integ_label FROM exports x WHERE ${where})
      GROUP BY GROUPING SETS ((channel), (object), (integ), ()))
    WHERE facet = 'total' OR value IS NOT NULL`;
}

/** The exports `where` keeps counted per flag code (an export once per code), as rows (facet 'flag', value, label, n). */
export function flagFacetSql(where: SqlFragment): SqlFragment {
  return sql`
    SELECT 'flag' AS facet, f.code AS value, any_value(f.code) AS label, count(DISTINCT x.export_id)::BIGINT AS n
    FROM exports x JOIN flags f ON f.export_id = x.export_id WHERE ${where} AND f.code IS NOT NULL GROUP BY f.code`;
}

/** The summary tables, dropped together before `exports` or `flags` are rewritten (a run that stops before they are written leaves none). */
export const SCREEN_SUMMARY_TABLES = ['integration_summary', 'integration_facets', 'export_facets'] as const;

/** Drops the summary tables, so no screen reads one older than the exports and flags it counts. */
export async function dropScreenSummaries(db: CaseDb): Promise<void> {
  for (const t of SCREEN_SUMMARY_TABLES) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}

/** Writes the three summary tables from `exports` and `flags` (each one set-based statement). */
export async function writeScreenSummaries(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE integration_summary AS ${integrationSummarySql(sql`true`)}`);
  // Four plain GROUP BYs (one pipeline each): GROUPING SETS over the same four computed mode() in every set (7 CPU-s at
  // 4.6 million exports, against 2). `key` is the user id, address, user agent or object; `label` the user's name.
  const byKey = (kind: string, key: SqlFragment, label: SqlFragment): SqlFragment => sql`
    SELECT x.org_id, x.app_id, ${kind} AS kind, ${key} AS key, ${label} AS label,
      count(*)::BIGINT AS exports, sum(x.rows) FILTER (WHERE NOT x.count_only)::BIGINT AS rows,
      count(*) FILTER (WHERE x.count_only)::BIGINT AS count_only, min(x.start_ts) AS first_ts, max(x.end_ts) AS last_ts
    FROM exports x GROUP BY x.org_id, x.app_id, ${key}`;
  await db.run(sql`CREATE OR REPLACE TABLE integration_facets AS
    ${byKey('user', sql`x.user_id`, modeOf(sql`x.username`))}
    UNION ALL ${byKey('ip', sql`x.client_ip`, sql`NULL::VARCHAR`)}
    UNION ALL ${byKey('agent', sql`x.user_agent`, sql`NULL::VARCHAR`)}
    UNION ALL ${byKey('object', sql`x.object`, sql`NULL::VARCHAR`)}`);
  await db.run(sql`CREATE OR REPLACE TABLE export_facets AS
    SELECT * FROM (${exportFacetCountsSql(sql`true`)}) WHERE facet <> 'total' UNION ALL ${flagFacetSql(sql`true`)}`);
}
