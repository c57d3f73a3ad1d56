/**
 * `off_hours`: an export at an hour of day (UTC) when the integration was never active before,
 * within ± `offHoursToleranceHours`, over its whole earlier history (every attributed event), for an
 * integration (a connected app; people keep no such clock) with `offHoursMinHistoryDays` of history.
 */
import { sql } from '../../store/sql.js';
import { historyDays } from './history.js';
import type { Rule } from './rule.js';

export const offHoursRule: Rule = {
  code: 'off_hours',
  statements: ({ t }) => [
    sql`INSERT INTO flags
      WITH k AS (SELECT DISTINCT key, day, hr FROM rule_exports WHERE key_kind = 'app'),
      x AS (SELECT x.*, ${historyDays} AS history_days FROM k x ASOF LEFT JOIN key_days kd ON kd.key = x.key AND kd.day <= x.day),
      p AS (SELECT x.key, x.day, x.hr, x.history_days,
              count(*) FILTER (WHERE least((h.hr - x.hr + 24) % 24, (x.hr - h.hr + 24) % 24) <= ${t.offHoursToleranceHours}) AS near,
              list(h.hr ORDER BY h.hr) AS hours
            FROM x JOIN key_hour_first h ON h.key = x.key AND h.first_day < x.day
            WHERE x.history_days >= ${t.offHoursMinHistoryDays} GROUP BY ALL)
      SELECT e.export_id, 'off_hours',
        format('{} exported in the {}:00 hour (UTC); over {} earlier days {} was active only at hours {} (UTC), never within {} hour(s) of this one.',
          e.actor, lpad(CAST(e.hr AS VARCHAR), 2, '0'), p.history_days, e.actor, array_to_string(p.hours, ', '), ${t.offHoursToleranceHours}),
        NULL::BIGINT[]
      FROM p JOIN rule_exports e ON e.key = p.key AND e.key_kind = 'app' AND e.day = p.day AND e.hr = p.hr WHERE p.near = 0`,
  ],
};
