/**
 * `first_object_access`: the first export that returned records of an object the integration never
 * read before (COUNT() queries do not count as reading), for an integration (a connected app) with `minHistoryDays`
 * of history.
 */
import { sql } from '../../store/sql.js';
import { historyDays } from './history.js';
import type { Rule } from './rule.js';

export const firstObjectRule: Rule = {
  code: 'first_object_access',
  statements: ({ t }) => [sql`INSERT INTO flags
    WITH r AS (SELECT export_id, key, actor, day, start_ts, object, evidence FROM rule_exports WHERE key_kind = 'app' AND object IS NOT NULL AND NOT count_only),
    f AS (SELECT * FROM r QUALIFY row_number() OVER (PARTITION BY key, lower(object) ORDER BY start_ts, export_id) = 1),
    x AS (SELECT x.*, ${historyDays} AS history_days FROM f x ASOF LEFT JOIN key_days kd ON kd.key = x.key AND kd.day <= x.day),
    y AS (SELECT * FROM x WHERE history_days >= ${t.minHistoryDays})
    SELECT y.export_id, 'first_object_access',
      format('First export of {} by {} after {} days of history; objects it read before: {}.', y.object, y.actor, y.history_days,
        coalesce((SELECT string_agg(DISTINCT r.object, ', ' ORDER BY r.object) FROM r WHERE r.key = y.key AND r.start_ts < y.start_ts), 'none')),
      y.evidence
    FROM y`],
};
