/**
 * `ioc_ip` and `ioc_user_agent`: the export's address is a published indicator, or its user agent
 * belongs to the product family of a published indicator (any `python-requests/…`, not only the
 * exact string). Each message names the indicator and its source.
 */
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';
import type { RulePack } from './pack.js';
import type { Rule } from './rule.js';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** Loads the pack's indicators into temporary tables `rule_ioc_ip` and `rule_ioc_ua`. */
export async function loadIndicatorTables(db: CaseDb, pack: RulePack): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_ioc_ip (value VARCHAR, source VARCHAR, note VARCHAR)`);
  await db.appendRows('rule_ioc_ip', pack.ips.map((i) => [i.value, i.source, i.note]));
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_ioc_ua (value VARCHAR, family VARCHAR, pattern VARCHAR, source VARCHAR, note VARCHAR)`);
  await db.appendRows('rule_ioc_ua', pack.userAgents.map((u) => [u.value, u.family, `(^|[^a-z0-9._-])${escapeRegex(u.family)}($|[/\\s;)])`, u.source, u.note]));
}

/** Of several indicators an export matches, the one named: the first by value, then source and note (never by arrival order). */
const IOC_ORDER = sql`(i.value, i.family, i.source, i.note)`;

export const iocIpRule: Rule = {
  code: 'ioc_ip',
  statements: () => [sql`INSERT INTO flags
    SELECT x.export_id, 'ioc_ip', format('Source IP {} is a published indicator ({}: {}).', x.client_ip, arg_min(i.source, (i.source, i.note)), arg_min(i.note, (i.source, i.note))), NULL::BIGINT[]
    FROM rule_exports x JOIN rule_ioc_ip i ON i.value = x.client_ip GROUP BY x.export_id, x.client_ip`],
};

export const iocUserAgentRule: Rule = {
  code: 'ioc_user_agent',
  statements: () => [sql`INSERT INTO flags
    SELECT x.export_id, 'ioc_user_agent',
      CASE WHEN lower(arg_min(i.value, ${IOC_ORDER})) = lower(x.user_agent) THEN format('User agent "{}" is a published indicator ({}: {}).', x.user_agent, arg_min(i.source, ${IOC_ORDER}), arg_min(i.note, ${IOC_ORDER}))
           ELSE format('User agent "{}" is of the product family "{}" of the published indicator "{}" ({}: {}).', x.user_agent, arg_min(i.family, ${IOC_ORDER}), arg_min(i.value, ${IOC_ORDER}), arg_min(i.source, ${IOC_ORDER}), arg_min(i.note, ${IOC_ORDER})) END,
      NULL::BIGINT[]
    FROM rule_exports x JOIN (
        -- Patterns are matched once per distinct user agent (a handful), never once per export.
        SELECT u.user_agent AS ua, i.* FROM (SELECT DISTINCT user_agent FROM rule_exports WHERE user_agent IS NOT NULL) u
        JOIN rule_ioc_ua i ON regexp_matches(lower(u.user_agent), i.pattern)) i ON i.ua = x.user_agent
    GROUP BY x.export_id, x.user_agent`],
};
