/**
 * What every rule reads, computed once per run as temporary tables over the case: each export with
 * its key (the integration, or the user where no integration is known), day, hour, network and
 * client family (`rule_exports`; not its events: a flag's evidence is filled after the rules, flagExports.ts), and each key's history over all its attributed events: the days it
 * was active (`key_days`) and, per network, country and scripting client, how many earlier days it
 * used them (`key_dims`), and the first day it was active at each hour of day (`key_hour_first`), all from
 * one pass over the events (`key_activity`).
 */
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';
import type { RulePack } from './pack.js';

/** Creates `ip_intel` empty when the IP-intelligence stage has not filled it (the agreed columns). */
export async function ensureIpIntel(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS ip_intel (ip VARCHAR, country VARCHAR, asn INTEGER, as_org VARCHAR, network VARCHAR)`);
}

/** SQL macros for the network of an address: the IPv4 /24 or IPv6 /48 prefix, and a client's product family. */
async function createMacros(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_v6_part(s) AS list_filter(string_split(s, ':'), lambda g: g <> '')`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_v6_groups(ip) AS CASE WHEN contains(ip, '::') THEN
      list_concat(ls_v6_part(split_part(ip, '::', 1)),
        list_transform(range(greatest(0, 8 - len(ls_v6_part(split_part(ip, '::', 1))) - len(ls_v6_part(split_part(ip, '::', 2))))), lambda x: '0'),
        ls_v6_part(split_part(ip, '::', 2)))
      ELSE string_split(ip, ':') END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ip_prefix(ip) AS CASE
      WHEN regexp_matches(ip, '^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$') THEN regexp_extract(ip, '^([0-9]+\\.[0-9]+\\.[0-9]+)\\.', 1) || '.0/24'
      WHEN regexp_matches(ip, '^[0-9A-Fa-f:]+$') AND contains(ip, ':') THEN
        array_to_string(list_transform(list_slice(ls_v6_groups(lower(ip)), 1, 3), lambda g: coalesce(nullif(ltrim(g, '0'), ''), '0')), ':') || '::/48'
      ELSE NULL END`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_ua_family(ua) AS nullif(lower(regexp_extract(ua, '^\\s*([A-Za-z0-9._-]+)', 1)), '')`);
}

/** Builds the temporary rule inputs; `scripting` lists the scripting client families of the pack. */
export async function buildRuleInputs(db: CaseDb, pack: RulePack): Promise<void> {
  await ensureIpIntel(db);
  await createMacros(db);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_scripting (family VARCHAR)`);
  await db.appendRows('rule_scripting', pack.scriptingUserAgentFamilies.families.map((f) => [f]));
  // One intel row per address, whatever the intel stage wrote.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_ip AS
    SELECT ip, any_value(country) AS country, any_value(asn) AS asn, any_value(as_org) AS as_org, any_value(network) AS network
    FROM ip_intel WHERE ip IS NOT NULL GROUP BY ip`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_network(ip, net, asn) AS coalesce(net, CASE WHEN asn IS NOT NULL THEN 'AS' || asn END, ls_ip_prefix(ip))`);
  // The network of each address and the family of each client, once per distinct value (the regexes cost more than the
  // hash joins that hand every export its address's and client's facts).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_addr AS
    SELECT a.client_ip, ls_network(a.client_ip, i.network, i.asn) AS network, i.country, i.as_org
    FROM (SELECT DISTINCT client_ip FROM exports WHERE client_ip IS NOT NULL) a LEFT JOIN rule_ip i ON i.ip = a.client_ip`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_client AS
    SELECT c.user_agent, ls_ua_family(c.user_agent) AS ua_family, s.family IS NOT NULL AS scripting
    FROM (SELECT DISTINCT user_agent FROM exports WHERE user_agent IS NOT NULL) c LEFT JOIN rule_scripting s ON s.family = ls_ua_family(c.user_agent)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_exports AS
    SELECT x.export_id, x.org_id, coalesce(x.app_id, x.user_id) AS key, CASE WHEN x.app_id IS NOT NULL THEN 'app' ELSE 'user' END AS key_kind,
      coalesce(x.app_name, x.app_id, x.username, x.user_id) AS actor, x.app_id, x.user_id, x.object, x.channel, x.count_only, x.rows,
      x.start_ts, CAST(x.start_ts AS DATE) AS day, hour(x.start_ts) AS hr, x.client_ip, x.user_agent, x.session_key, x.login_key,
      x.job_id, x.job_status, x.deleted_at,
      i.network, i.country, i.as_org, c.ua_family, coalesce(c.scripting, false) AS scripting,
      coalesce(x.session_key, x.login_key, coalesce(x.app_id, x.user_id) || '|' || x.client_ip) AS operator
    FROM exports x
    LEFT JOIN rule_addr i ON i.client_ip = x.client_ip
    LEFT JOIN rule_client c ON c.user_agent = x.user_agent`);
  // One pass over every attributed event: the distinct (key, day, hour, address, client family) it shows.
  // The client family is read from each distinct user agent of the (few) distinct rows, not from every event's.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE key_activity AS
    SELECT DISTINCT key, day, hr, client_ip, ls_ua_family(user_agent) AS fam FROM (
      SELECT DISTINCT coalesce(app_id, user_id) AS key, CAST(ts AS DATE) AS day, hour(ts) AS hr, client_ip, user_agent
      FROM events_attr WHERE ts IS NOT NULL AND coalesce(app_id, user_id) IS NOT NULL)`);
  // Each key's active days, numbered: days_before earlier days came before.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE key_days AS
    SELECT key, day, row_number() OVER (PARTITION BY key ORDER BY day) - 1 AS days_before FROM (SELECT DISTINCT key, day FROM key_activity)`);
  // Per key, the days each network, country and scripting client was used (days_before earlier days).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE key_dims AS
    WITH ev AS (SELECT DISTINCT key, day, client_ip, fam FROM key_activity WHERE client_ip IS NOT NULL OR fam IS NOT NULL),
    dims AS (
      SELECT DISTINCT ev.key, 'network' AS dim, ls_network(ev.client_ip, i.network, i.asn) AS value, ev.day FROM ev LEFT JOIN rule_ip i ON i.ip = ev.client_ip
        WHERE ls_network(ev.client_ip, i.network, i.asn) IS NOT NULL
      UNION ALL
      SELECT DISTINCT ev.key, 'country', i.country, ev.day FROM ev JOIN rule_ip i ON i.ip = ev.client_ip WHERE i.country IS NOT NULL
      UNION ALL
      SELECT DISTINCT ev.key, 'scripting', 'scripting', ev.day FROM ev JOIN rule_scripting s ON s.family = ev.fam)
    SELECT key, dim, value, day, row_number() OVER (PARTITION BY key, dim, value ORDER BY day) - 1 AS days_before FROM dims`);
  // Per key and hour of day, the first day it was active at that hour (the hour-of-day profile).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE key_hour_first AS SELECT key, hr, min(day) AS first_day FROM key_activity GROUP BY ALL`);
}

/** Drops the temporary rule inputs. */
export async function dropRuleInputs(db: CaseDb): Promise<void> {
  for (const t of [sql`DROP TABLE IF EXISTS rule_exports`, sql`DROP TABLE IF EXISTS key_activity`, sql`DROP TABLE IF EXISTS key_hour_first`, sql`DROP TABLE IF EXISTS key_days`, sql`DROP TABLE IF EXISTS key_dims`, sql`DROP TABLE IF EXISTS rule_ip`, sql`DROP TABLE IF EXISTS rule_scripting`, sql`DROP TABLE IF EXISTS rule_addr`, sql`DROP TABLE IF EXISTS rule_client`]) await db.run(t);
}
