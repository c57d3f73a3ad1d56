/**
 * `volume_above_baseline` and the `daily_volume` table: rows per integration (or user) per object
 * per day, against that key's trailing `volumeWindowDays` mean and standard deviation over the days
 * it read the object. A day is over when its rows exceed both mean + `volumeSigma`·σ and mean +
 * `volumeMinExcessRows`, with at least `volumeMinHistoryDays` days of history. The flag goes to the
 * exports that push the day over: in time order, the one where the running sum first exceeds the
 * threshold, and after it every export larger than the key's largest single export of the window.
 */
import type { CaseDb } from '../../store/duck.js';
import { sql, type SqlFragment } from '../../store/sql.js';
import type { Rule } from './rule.js';
import type { Thresholds } from './pack.js';

/** The trailing window of a key's earlier days of one object (each use carries its own parameter). */
const trailing = (t: Thresholds): SqlFragment =>
  sql`PARTITION BY key_kind, key, org_id, obj ORDER BY day RANGE BETWEEN to_days(CAST(${t.volumeWindowDays} AS INTEGER)) PRECEDING AND INTERVAL 1 DAY PRECEDING`;

/** Fills `daily_volume` (one row per key, org, object and day, with its trailing baseline) from `rule_exports`. */
export async function buildDailyVolume(db: CaseDb, t: Thresholds): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE daily_volume AS
    WITH s AS (
      SELECT key_kind, key, org_id, object, day, sum(rows)::BIGINT AS rows, count(*)::BIGINT AS exports
      FROM rule_exports WHERE key IS NOT NULL AND object IS NOT NULL AND NOT count_only AND rows IS NOT NULL GROUP BY key_kind, key, org_id, object, day),
    -- An object written in several cases is one object, named as most of its exports write it (a tie: the spelling that sorts first).
    d AS (
      SELECT key_kind, key, org_id, lower(object) AS obj, arg_min(object, (-exports, object)) AS object, day, sum(rows)::BIGINT AS rows, sum(exports)::BIGINT AS exports
      FROM s GROUP BY key_kind, key, org_id, lower(object), day)
    SELECT key_kind, key, org_id, object, day, rows, exports,
      avg(rows) OVER (${trailing(t)}) AS mean, stddev_samp(rows) OVER (${trailing(t)}) AS sd, (count(*) OVER (${trailing(t)}))::INTEGER AS history_days
    FROM d
    ORDER BY key_kind, key, object, day`);
}

export const volumeRule: Rule = {
  code: 'volume_above_baseline',
  statements: ({ t }) => [
    sql`CREATE OR REPLACE TEMP TABLE volume_days AS
      WITH m AS (
        SELECT key, org_id, lower(object) AS obj, day, max(rows) AS largest FROM rule_exports
        WHERE key IS NOT NULL AND object IS NOT NULL AND NOT count_only AND rows IS NOT NULL GROUP BY ALL),
      w AS (SELECT *, max(largest) OVER (PARTITION BY key, org_id, obj ORDER BY day
              RANGE BETWEEN to_days(CAST(${t.volumeWindowDays} AS INTEGER)) PRECEDING AND INTERVAL 1 DAY PRECEDING) AS usual_largest FROM m)
      SELECT v.key, v.org_id, lower(v.object) AS obj, v.object, v.day, v.rows, v.exports, v.mean, v.sd, v.history_days,
        greatest(v.mean + ${t.volumeSigma} * v.sd, v.mean + ${t.volumeMinExcessRows}) AS threshold, w.usual_largest
      FROM daily_volume v JOIN w ON w.key = v.key AND w.org_id IS NOT DISTINCT FROM v.org_id AND w.obj = lower(v.object) AND w.day = v.day
      WHERE v.history_days >= ${t.volumeMinHistoryDays} AND v.sd IS NOT NULL
        AND v.rows > v.mean + ${t.volumeSigma} * v.sd AND v.rows > v.mean + ${t.volumeMinExcessRows}`,
    sql`INSERT INTO flags
      WITH x AS (
        SELECT e.export_id, e.actor, e.rows AS export_rows, v.object, v.day, v.rows AS day_rows, v.exports, v.mean, v.sd,
          v.history_days, v.threshold, v.usual_largest,
          sum(e.rows) OVER (PARTITION BY e.key, e.org_id, v.obj, e.day ORDER BY e.start_ts, e.export_id ROWS UNBOUNDED PRECEDING) AS running
        FROM rule_exports e JOIN volume_days v ON v.key = e.key AND v.org_id IS NOT DISTINCT FROM e.org_id AND v.obj = lower(e.object) AND v.day = e.day
        WHERE NOT e.count_only AND e.rows IS NOT NULL)
      SELECT export_id, 'volume_above_baseline',
        -- Counts with thousands separators, as the report and the screens show them (2,246 rows; a mean of 1,263.7).
        format('{} read {:,} {} rows on {} ({:,} exports) against its trailing {}-day mean of {:,.1f} rows a day (σ {:,.1f}, over {} days); the threshold is {:,.1f} rows, and this export ({:,} rows) {}.',
          actor, day_rows, object, strftime(day, '%Y-%m-%d'), exports, ${t.volumeWindowDays}, round(mean, 1), round(sd, 1), history_days, round(threshold, 1), export_rows,
          CASE WHEN running - export_rows <= threshold THEN 'took the day over it'
               ELSE format('came after, larger than any single export of the window ({:,} rows)', coalesce(usual_largest, 0)) END),
        NULL::BIGINT[]
      FROM x WHERE running > threshold AND (running - export_rows <= threshold OR export_rows > coalesce(usual_largest, 0))`,
    sql`DROP TABLE IF EXISTS volume_days`,
  ],
};
