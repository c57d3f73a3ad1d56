/**
 * `new_network`: an export from a network (the ASN block of ip_intel, else the AS, else the IPv4 /24
 * or IPv6 /48) or a country the integration had not established in its whole earlier history: used
 * on fewer than `establishedDays` earlier days, while the integration has `minHistoryDays` of history.
 * An attacker who waits a day is still new; a vendor rotating through its own address block is not.
 */
import { sql } from '../../store/sql.js';
import { historyDays, usedDays } from './history.js';
import type { Rule } from './rule.js';

export const newNetworkRule: Rule = {
  code: 'new_network',
  // The rule is decided once per distinct (key, actor, day, address, network, country) — an integration's exports of one
  // day from one address share the answer — and the flagged tuples (few) are joined back to their exports.
  statements: ({ t }) => [sql`INSERT INTO flags
    WITH x AS (SELECT DISTINCT key, actor, day, client_ip, network, country, as_org FROM rule_exports WHERE key IS NOT NULL AND (network IS NOT NULL OR country IS NOT NULL)),
    h AS (SELECT x.*, ${historyDays} AS history_days FROM x ASOF LEFT JOIN key_days kd ON kd.key = x.key AND kd.day <= x.day),
    c AS (SELECT h.*, 'network' AS dim, network AS value FROM h WHERE network IS NOT NULL AND history_days >= ${t.minHistoryDays}
          UNION ALL SELECT h.*, 'country', country FROM h WHERE country IS NOT NULL AND history_days >= ${t.minHistoryDays}),
    u AS (SELECT x.*, ${usedDays} AS used_days FROM c x ASOF LEFT JOIN key_dims d ON d.key = x.key AND d.dim = x.dim AND d.value = x.value AND d.day <= x.day),
    n AS (SELECT u.*, (SELECT count(DISTINCT k.value) FROM key_dims k WHERE k.key = u.key AND k.dim = u.dim AND k.day < u.day) AS others
          FROM u WHERE used_days < ${t.establishedDays}),
    m AS (SELECT key, actor, day, client_ip, network, country, as_org,
        string_agg(CASE WHEN dim = 'network'
            THEN format('Address {} is in network {}{} that {} had used on {} earlier day(s) (it used {} other network(s) over {} days of history).',
                        client_ip, value, CASE WHEN as_org IS NOT NULL THEN ' (' || as_org || ')' ELSE '' END, actor, used_days, others, history_days)
            ELSE format('Address {} is in country {} that {} had used on {} earlier day(s) (it used {} other country(ies) over {} days of history).',
                        client_ip, value, actor, used_days, others, history_days) END, ' ' ORDER BY dim DESC) AS message
      FROM n GROUP BY key, actor, day, client_ip, network, country, as_org)
    SELECT r.export_id, 'new_network', m.message, NULL::BIGINT[]
    FROM rule_exports r JOIN m ON m.key = r.key AND m.day = r.day AND m.actor IS NOT DISTINCT FROM r.actor AND m.client_ip IS NOT DISTINCT FROM r.client_ip
      AND m.network IS NOT DISTINCT FROM r.network AND m.country IS NOT DISTINCT FROM r.country AND m.as_org IS NOT DISTINCT FROM r.as_org`],
};
