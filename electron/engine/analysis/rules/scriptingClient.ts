/**
 * `scripting_user_agent`: a scripting client (python-requests, curl, aiohttp … by product family,
 * from the pack) where the integration's earlier history has none: scripting used on fewer than
 * `establishedDays` earlier days, with `minHistoryDays` of history.
 */
import { sql } from '../../store/sql.js';
import { historyDays, usedDays } from './history.js';
import type { Rule } from './rule.js';

export const scriptingClientRule: Rule = {
  code: 'scripting_user_agent',
  statements: ({ t }) => [sql`INSERT INTO flags
    WITH x AS (SELECT export_id, key, actor, day, user_agent, ua_family FROM rule_exports WHERE key IS NOT NULL AND scripting),
    h AS (SELECT x.*, ${historyDays} AS history_days FROM x ASOF LEFT JOIN key_days kd ON kd.key = x.key AND kd.day <= x.day),
    u AS (SELECT x.*, ${usedDays} AS used_days FROM h x ASOF LEFT JOIN key_dims d ON d.key = x.key AND d.dim = 'scripting' AND d.value = 'scripting' AND d.day <= x.day
          WHERE x.history_days >= ${t.minHistoryDays})
    SELECT export_id, 'scripting_user_agent',
      format('Scripting client "{}" (family {}); {} had used a scripting client on {} of its {} earlier active days.', user_agent, ua_family, actor, used_days, history_days),
      NULL::BIGINT[]
    FROM u WHERE used_days < ${t.establishedDays}`],
};
