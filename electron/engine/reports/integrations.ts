/**
 * integrations.json: one entry per integration (org + connected app) that exported anything — its users, OAuth
 * tokens, IPs with country and network, user agents, objects read with rows, daily rows per object against the
 * baseline, could read vs did read, and the Setup Audit Trail changes that touched it. Every section is one
 * aggregate query over the case tables (GROUP BY integration, the items as a JSON list), merged here by key.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REC, SOURCE_ID } from '../intake/internalColumns.js';
import { epochMsColumn, findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, modeOf, raw, sql, type SqlFragment } from '../store/sql.js';

/** The integration an item belongs to: org id and connected app id (either may be null). */
const KEY = raw(`coalesce(org_id, '') || chr(31) || coalesce(app_id, '')`);
const iso = (column: string) => raw(`strftime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ')`);

type Items = Map<string, unknown[]>;

/** The header every output file starts with (docs/OUTPUTS.md): no clock time and no absolute path, so the same case gives the same bytes. */
export interface OutputHeader {
  schemaVersion: number;
  tool: { name: string; version: string };
  /** The case folder relative to the output folder (`case` for the default `<out>/case`). */
  caseDir: string;
}

/** Writes `<outDir>/integrations.json` from the case tables; returns its name relative to outDir. */
export async function writeIntegrations(db: CaseDb, outDir: string, header: OutputHeader, notes: readonly string[]): Promise<string> {
  const document = { ...header, ...(await integrationsDocument(db)), notes };
  await writeFile(path.join(outDir, 'integrations.json'), JSON.stringify(document, null, 2) + '\n', 'utf8');
  return 'integrations.json';
}

/** The integrations.json body: the dataset used and every integration with its sections. */
export async function integrationsDocument(db: CaseDb): Promise<{ ipDataset: unknown[]; integrations: unknown[]; missing: string[] }> {
  const has = async (t: string) => Boolean(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${t}`));
  const missing: string[] = [];
  const heads = await db.all<{ k: string; org_id: string | null; org_name: string | null; app_id: string | null; app_name: string | null; exports: number; rows: number | null; first: string; last: string }>(
    sql`SELECT ${KEY} AS k, org_id, any_value(org_name) AS org_name, app_id, ${modeOf(sql`app_name`)} AS app_name, count(*)::BIGINT AS exports,
        sum(rows) FILTER (WHERE NOT count_only)::BIGINT AS rows, ${iso('min(start_ts)')} AS first, ${iso('max(end_ts)')} AS last
      FROM exports GROUP BY org_id, app_id ORDER BY org_id, app_id NULLS LAST`);
  const users = await section(db, sql`SELECT ${KEY} AS k, to_json(list({userId: user_id, username: username, exports: n, rows: r} ORDER BY n DESC, user_id))::VARCHAR AS items,
      any_value(total) AS total
    FROM ${capped(sql`SELECT org_id, app_id, user_id, ${modeOf(sql`username`)} AS username, count(*)::BIGINT AS n, sum(rows) FILTER (WHERE NOT count_only)::BIGINT AS r
      FROM exports GROUP BY ALL`, 'user_id')} GROUP BY ALL`);
  const ipJoin = (await has('ip_intel')) ? sql`LEFT JOIN ip_intel i ON i.ip = x.client_ip` : sql`LEFT JOIN (SELECT NULL::VARCHAR AS ip, NULL::VARCHAR AS country, NULL::BIGINT AS asn, NULL::VARCHAR AS as_org, NULL::VARCHAR AS network) i ON false`;
  if (!(await has('ip_intel'))) missing.push('ip_intel');
  const ips = await section(db, sql`SELECT ${KEY} AS k, to_json(list({ip: client_ip, country: country, asn: asn, org: as_org, network: network, exports: n, first: f, last: l} ORDER BY n DESC, client_ip))::VARCHAR AS items,
      any_value(total) AS total
    FROM ${capped(sql`SELECT x.org_id, x.app_id, x.client_ip, any_value(i.country) AS country, any_value(i.asn) AS asn, any_value(i.as_org) AS as_org, any_value(i.network) AS network,
        count(*)::BIGINT AS n, ${iso('min(x.start_ts)')} AS f, ${iso('max(x.end_ts)')} AS l
      FROM exports x ${ipJoin} WHERE x.client_ip IS NOT NULL GROUP BY x.org_id, x.app_id, x.client_ip`, 'client_ip')} GROUP BY ALL`);
  const agents = await section(db, sql`SELECT ${KEY} AS k, to_json(list({userAgent: user_agent, exports: n, first: f, last: l} ORDER BY n DESC, user_agent))::VARCHAR AS items,
      any_value(total) AS total
    FROM ${capped(sql`SELECT org_id, app_id, user_agent, count(*)::BIGINT AS n, ${iso('min(start_ts)')} AS f, ${iso('max(end_ts)')} AS l
      FROM exports WHERE user_agent IS NOT NULL GROUP BY ALL`, 'user_agent')} GROUP BY ALL`);
  const objects = await section(db, sql`SELECT ${KEY} AS k, to_json(list({object: object, exports: n, rows: r, countOnlyQueries: c, first: f, last: l} ORDER BY r DESC NULLS LAST, object))::VARCHAR AS items
    FROM (SELECT org_id, app_id, object, count(*)::BIGINT AS n, sum(rows) FILTER (WHERE NOT count_only)::BIGINT AS r, count(*) FILTER (WHERE count_only)::BIGINT AS c,
        ${iso('min(start_ts)')} AS f, ${iso('max(end_ts)')} AS l
      FROM exports WHERE object IS NOT NULL GROUP BY ALL) GROUP BY ALL`);
  const access = (await has('integration_access'))
    ? await section(db, sql`SELECT ${KEY} AS k, to_json(list({userId: user_id, object: object, couldRead: could_read, via: via, viewAll: view_all, governedBy: governed_by, didRead: did_read,
          rowsRead: rows_read, firstRead: ${iso('first_read')}, lastRead: ${iso('last_read')}} ORDER BY user_id, object = '*' DESC, object))::VARCHAR AS items
        FROM integration_access GROUP BY ALL`)
    : null;
  if (!access) missing.push('integration_access');
  const leastPrivilege = access
    ? await section(db, sql`SELECT ${KEY} AS k, to_json(list({userId: user_id, couldReadNeverRead: objs} ORDER BY user_id))::VARCHAR AS items
        FROM (SELECT org_id, app_id, user_id, list(object ORDER BY object) AS objs FROM integration_access
          WHERE could_read AND NOT did_read AND object <> '*' GROUP BY ALL) GROUP BY ALL`)
    : null;
  const fields = (await has('integration_field_access'))
    ? await section(db, sql`SELECT ${KEY} AS k, to_json(list({userId: user_id, object: object, fields: fs, objectRead: r} ORDER BY user_id, object))::VARCHAR AS items
        FROM (SELECT org_id, app_id, user_id, object, list(field ORDER BY field) AS fs, bool_or(object_read) AS r FROM integration_field_access GROUP BY ALL) GROUP BY ALL`)
    : null;
  const daily = (await has('daily_volume'))
    ? await section(db, sql`SELECT coalesce(org_id, '') || chr(31) || coalesce(key, '') AS k,
          to_json(list({object: object, day: strftime(day, '%Y-%m-%d'), rows: rows, exports: exports, mean: mean, sd: sd, historyDays: history_days} ORDER BY object, day))::VARCHAR AS items
        FROM daily_volume WHERE key_kind = 'app' GROUP BY ALL`)
    : null;
  if (!daily) missing.push('daily_volume');
  // Audit-trail facts naming the app, or (with no app) one of the integration's users.
  const audit = (await has('containment_actions'))
    ? await section(db, sql`SELECT k, to_json(list({'at': ${iso('"at"')}, kind: kind, appName: app_name, userId: user_id, detail: detail, sourceId: source_id, record: source_record} ORDER BY "at"))::VARCHAR AS items
        FROM (SELECT DISTINCT coalesce(p.org_id, '') || chr(31) || coalesce(p.app_id, '') AS k, c.*
          FROM (SELECT DISTINCT org_id, app_id, user_id FROM exports) p JOIN containment_actions c
            ON (c.org_id IS NULL OR p.org_id IS NULL OR c.org_id = p.org_id)
            AND (c.app_id = p.app_id OR (c.app_id IS NULL AND left(c.user_id, 15) = left(p.user_id, 15))))
        GROUP BY k`)
    : null;
  if (!audit) missing.push('containment_actions');
  const tokens = await tokenSection(db);
  if (!tokens) missing.push('OauthToken export');
  const ipDataset = (await has('ip_dataset')) ? await db.all(sql`SELECT package, version FROM ip_dataset ORDER BY package`) : [];
  const integrations = heads.map((h) => ({
    org: { id: h.org_id, name: h.org_name },
    app: { id: h.app_id, name: h.app_name },
    exports: h.exports, rows: h.rows, first: h.first, last: h.last,
    users: users.get(h.k) ?? [],
    usersTotal: totals.get(users)?.get(h.k) ?? 0,
    tokens: tokens ? (tokens.get(h.app_name?.toLowerCase() ?? '') ?? []) : null,
    ips: ips.get(h.k) ?? [],
    ipsTotal: totals.get(ips)?.get(h.k) ?? 0,
    userAgents: agents.get(h.k) ?? [],
    userAgentsTotal: totals.get(agents)?.get(h.k) ?? 0,
    objects: objects.get(h.k) ?? [],
    dailyVolume: daily ? (daily.get(h.k) ?? []) : null,
    access: access ? (access.get(h.k) ?? []) : null,
    leastPrivilege: leastPrivilege ? (leastPrivilege.get(h.k) ?? []) : null,
    fieldAccess: fields ? (fields.get(h.k) ?? []) : null,
    auditTrail: audit ? (audit.get(h.k) ?? []) : null,
  }));
  return { ipDataset, integrations, missing };
}

/** At most this many users, IPs or user agents per integration (the most used first); `…Total` says how many there are. */
export const LIST_CAP = 500;

/** The totals of capped sections, by section and integration key. */
const totals = new WeakMap<Items, Map<string, number>>();

/** A grouped query's rows limited to the LIST_CAP most used per integration, with `total` (how many before the cap). */
function capped(grouped: SqlFragment, tieBreak: string): SqlFragment {
  return sql`(SELECT *, count(*) OVER (PARTITION BY org_id, app_id) AS total FROM (${grouped})
    QUALIFY row_number() OVER (PARTITION BY org_id, app_id ORDER BY n DESC, ${ident(tieBreak)}) <= ${raw(String(LIST_CAP))})`;
}

/** Runs one aggregate query (columns `k`, `items` as JSON text, optionally `total`) into a map by integration key. */
async function section(db: CaseDb, q: SqlFragment): Promise<Items> {
  const rows = await db.all<{ k: string; items: string; total?: number }>(q);
  const items: Items = new Map(rows.map((r) => [r.k, JSON.parse(r.items) as unknown[]]));
  if (rows.some((r) => r.total !== undefined)) totals.set(items, new Map(rows.map((r) => [r.k, Number(r.total ?? 0)])));
  return items;
}

/** OauthToken rows by lower-case app name (the export names the app, not its id); null without an OauthToken export. */
export async function tokenSection(db: CaseDb): Promise<Items | null> {
  const snap = await findSnapshot(db, 'OauthToken');
  if (!snap) return null;
  const col = (name: string) => {
    const c = snap.columns.find((x) => x.toLowerCase() === name.toLowerCase());
    return c ? raw(`t.${ident(c).text}`) : raw('NULL');
  };
  const when = (name: string) => {
    const ms = snap.columns.find((x) => x.toLowerCase() === epochMsColumn(name).toLowerCase());
    return ms ? raw(`strftime(epoch_ms(t.${ident(ms).text}), '%Y-%m-%dT%H:%M:%S.%gZ')`) : col(name);
  };
  return section(db, sql`SELECT lower(trim(${col('AppName')})) AS k,
      to_json(list({id: ${col('Id')}, appName: ${col('AppName')}, userId: ${col('UserId')}, created: ${when('CreatedDate')}, lastUsed: ${when('LastUsedDate')},
        useCount: TRY_CAST(${col('UseCount')} AS BIGINT), sourceId: t.${ident(SOURCE_ID)}, record: t.${ident(REC)}} ORDER BY ${col('CreatedDate')}, t.${ident(SOURCE_ID)}, t.${ident(REC)}))::VARCHAR AS items
    FROM ${ident(snap.table)} t WHERE ${col('AppName')} IS NOT NULL GROUP BY ALL`);
}
