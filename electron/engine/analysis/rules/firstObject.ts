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
    WITH r AS (SELECT export_id, key, actor, day, start_ts, object FROM rule_exports WHERE key_kind = 'app' AND object IS NOT NULL AND NOT count_only),
    -- Each key's first export of each object: a hash aggregate over the few (key, object) pairs, not a sort of every export.
    f AS (SELECT r.* FROM r JOIN (SELECT arg_min(export_id, (start_ts, export_id)) AS export_id FROM r GROUP BY key, lower(object)) g ON g.export_id = r.export_id),
    x AS (SELECT x.*, ${historyDays} AS history_days FROM f x ASOF LEFT JOIN key_days kd ON kd.key = x.key AND kd.day <= x.day),
    y AS (SELECT * FROM x WHERE history_days >= ${t.minHistoryDays})
    SELECT y.export_id, 'first_object_access',
      format('First export of {} by {} after {} days of history; objects it read before: {}.', y.object, y.actor, y.history_days,
        coalesce((SELECT string_agg(DISTINCT r.object, ', ' ORDER BY r.object) FROM r WHERE r.key = y.key AND r.start_ts < y.start_ts), 'none')),
      NULL::BIGINT[]
    FROM y`],
};
