/**
 * The Integrations screen, read a page at a time from the case tables: each connected app per org
 * with its exports, rows, users, IPs and suspicious exports (`integrations.page`), and one
 * integration's users, IPs with country and network, user agents, objects read and could-read vs
 * did-read (`integrations.detail`). Every figure is one aggregate over `exports`, `flags`,
 * `ip_intel` and `integration_access`; lists are capped, with their totals.
 */
import type { IntegrationDetail, IntegrationRow, IntegrationsPage } from '../../../shared/workbench.js';
import type { Thresholds } from '../analysis/rules/pack.js';
import { tokenSection } from '../reports/integrations.js';
import type { CaseDb } from '../store/duck.js';
import { modeOf, sql, type SqlFragment } from '../store/sql.js';
import { integrationSummarySql as integrationSummary } from '../analysis/screenSummaries.js';

const LIST_MAX = 50;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

async function has(db: CaseDb, table: string): Promise<boolean> {
  return (await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${table}`)) !== null;
}

/** Matches the integration (org id, app id; either may be null). */
function theIntegration(orgId: string | null, appId: string | null, alias: 'x' | 'a' = 'x'): SqlFragment {
  return alias === 'x'
    ? sql`x.org_id IS NOT DISTINCT FROM ${orgId} AND x.app_id IS NOT DISTINCT FROM ${appId}`
    : sql`a.org_id IS NOT DISTINCT FROM ${orgId} AND a.app_id IS NOT DISTINCT FROM ${appId}`;
}

/** One page of integrations, those with suspicious exports first, then by rows exported; null when the case has no reconstructed exports. */
export async function readIntegrationsPage(db: CaseDb, offset: number, limit: number): Promise<IntegrationsPage | null> {
  if (!(await has(db, 'exports')) || !(await has(db, 'flags'))) return null;
  // Written at the end of the run (analysis/screenSummaries.ts); a case from an older version is summarised live.
  const from = (await has(db, 'integration_summary')) ? sql`integration_summary x` : sql`(${integrationSummary(sql`true`)}) x`;
  const total = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${from}`);
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT * FROM ${from}
    ORDER BY suspicious DESC, rows DESC NULLS LAST, exports DESC, x.org_id NULLS LAST, x.app_id NULLS LAST
    LIMIT ${limit} OFFSET ${offset}`);
  return { total: Number(total?.n ?? 0), offset, rows: rows.map(toRow) };
}

function toRow(r: Record<string, unknown>): IntegrationRow {
  return {
    orgId: iso(r['org_id']), orgName: iso(r['org_name']), appId: iso(r['app_id']), appName: iso(r['app_name']),
    exports: Number(r['exports']), rows: num(r['rows']), users: Number(r['users']), ips: Number(r['ips']), suspicious: Number(r['suspicious']),
    first: iso(r['first']), last: iso(r['last']),
  };
}

/** Objects whose daily rows the detail charts against the baseline (the most read first). */
const DAILY_OBJECTS = 6;

/** Everything the case knows of one integration; null when it has no export. */
export async function readIntegrationDetail(db: CaseDb, orgId: string | null, appId: string | null, thresholds: Thresholds | null = null): Promise<IntegrationDetail | null> {
  if (!(await has(db, 'exports'))) return null;
  // The summary tables written at the end of the run (analysis/screenSummaries.ts) hold every figure below but the
  // IP intelligence, the access and the audit trail; a case from an older version is aggregated live.
  const summarised = (await has(db, 'integration_summary')) && (await has(db, 'integration_facets'));
  const head = await db.all<Record<string, unknown>>(summarised
    ? sql`SELECT * FROM integration_summary x WHERE ${theIntegration(orgId, appId)}`
    : integrationSummary(theIntegration(orgId, appId)));
  if (!head[0]) return null;
  const facets = (kind: 'user' | 'ip' | 'agent' | 'object'): SqlFragment => sql`(SELECT * FROM integration_facets x WHERE x.kind = ${kind} AND ${theIntegration(orgId, appId)})`;
  const users = await db.all<{ user_id: string | null; username: string | null; exports: number; rows: number | null }>(summarised
    ? sql`SELECT f.key AS user_id, f.label AS username, f.exports, f.rows FROM ${facets('user')} f ORDER BY f.exports DESC, f.key LIMIT ${LIST_MAX}`
    : sql`SELECT x.user_id, ${modeOf(sql`x.username`)} AS username, count(*)::BIGINT AS exports, sum(x.rows) FILTER (WHERE NOT x.count_only)::BIGINT AS rows
      FROM exports x WHERE ${theIntegration(orgId, appId)} GROUP BY x.user_id ORDER BY exports DESC, x.user_id LIMIT ${LIST_MAX}`);
  const intel = await has(db, 'ip_intel');
  const ips = await db.all<{ ip: string; exports: number; first: string; last: string; country: string | null; asn: number | null; as_org: string | null; network: string | null }>(summarised
    ? sql`SELECT f.key AS ip, f.exports, strftime(f.first_ts, '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(f.last_ts, '%Y-%m-%dT%H:%M:%SZ') AS last,
        ${intel ? sql`i.country, i.asn, i.as_org, i.network` : sql`NULL AS country, NULL AS asn, NULL AS as_org, NULL AS network`}
      FROM ${facets('ip')} f ${intel ? sql`LEFT JOIN ip_intel i ON i.ip = f.key` : sql``} WHERE f.key IS NOT NULL ORDER BY f.exports DESC, f.key LIMIT ${LIST_MAX}`
    : intel
    ? sql`SELECT x.client_ip AS ip, count(*)::BIGINT AS exports, strftime(min(x.start_ts), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(x.end_ts), '%Y-%m-%dT%H:%M:%SZ') AS last,
        any_value(i.country) AS country, any_value(i.asn) AS asn, any_value(i.as_org) AS as_org, any_value(i.network) AS network
      FROM exports x LEFT JOIN ip_intel i ON i.ip = x.client_ip WHERE ${theIntegration(orgId, appId)} AND x.client_ip IS NOT NULL
      GROUP BY x.client_ip ORDER BY exports DESC, x.client_ip LIMIT ${LIST_MAX}`
    : sql`SELECT x.client_ip AS ip, count(*)::BIGINT AS exports, strftime(min(x.start_ts), '%Y-%m-%dT%H:%M:%SZ') AS first, strftime(max(x.end_ts), '%Y-%m-%dT%H:%M:%SZ') AS last,
        NULL AS country, NULL AS asn, NULL AS as_org, NULL AS network
      FROM exports x WHERE ${theIntegration(orgId, appId)} AND x.client_ip IS NOT NULL GROUP BY x.client_ip ORDER BY exports DESC, x.client_ip LIMIT ${LIST_MAX}`);
  const agents = await db.all<{ user_agent: string; exports: number }>(summarised
    ? sql`SELECT f.key AS user_agent, f.exports FROM ${facets('agent')} f WHERE f.key IS NOT NULL ORDER BY f.exports DESC, f.key LIMIT ${LIST_MAX}`
    : sql`SELECT x.user_agent, count(*)::BIGINT AS exports FROM exports x WHERE ${theIntegration(orgId, appId)} AND x.user_agent IS NOT NULL
      GROUP BY x.user_agent ORDER BY exports DESC, x.user_agent LIMIT ${LIST_MAX}`);
  const objects = await db.all<{ object: string; exports: number; rows: number | null; count_only: number }>(summarised
    ? sql`SELECT f.key AS object, f.exports, f.rows, f.count_only FROM ${facets('object')} f WHERE f.key IS NOT NULL ORDER BY f.rows DESC NULLS LAST, f.key LIMIT ${LIST_MAX}`
    : sql`SELECT x.object, count(*)::BIGINT AS exports, sum(x.rows) FILTER (WHERE NOT x.count_only)::BIGINT AS rows, count(*) FILTER (WHERE x.count_only)::BIGINT AS count_only
      FROM exports x WHERE ${theIntegration(orgId, appId)} AND x.object IS NOT NULL GROUP BY x.object ORDER BY rows DESC NULLS LAST, x.object LIMIT ${LIST_MAX}`);
  const access = (await has(db, 'integration_access'))
    ? await db.all<{ user_id: string; object: string; could_read: boolean | null; did_read: boolean; rows_read: number | null; via: string | null }>(sql`
        SELECT a.user_id, a.object, a.could_read, a.did_read, a.rows_read, a.via FROM integration_access a WHERE ${theIntegration(orgId, appId, 'a')}
        ORDER BY a.did_read DESC, a.rows_read DESC NULLS LAST, a.user_id, a.object LIMIT 500`)
    : null;
  const daily = await dailyAgainstBaseline(db, orgId, appId, thresholds);
  const appName = (head[0].app_name as string | null) ?? null;
  const tokens = await tokenSection(db);
  const tokenRows = tokens ? ((appName ? tokens.get(appName.trim().toLowerCase()) : undefined) ?? []) as { id: string | null; userId: string | null; created: string | null; lastUsed: string | null; useCount: number | null; sourceId: number | null; record: number | null }[] : null;
  const integrationUsers = summarised
    ? sql`SELECT left(f.key, 15) FROM ${facets('user')} f`
    : sql`SELECT left(x.user_id, 15) FROM exports x WHERE ${theIntegration(orgId, appId)}`;
  const audit = (await has(db, 'containment_actions'))
    ? await db.all<{ at: string | null; kind: string; user_id: string | null; detail: string | null; source_id: number | null; source_record: number | null }>(sql`
        SELECT DISTINCT strftime(c."at", '%Y-%m-%dT%H:%M:%S.%gZ') AS "at", c.kind, c.user_id, c.detail, c.source_id, c.source_record, c."at" AS t
        FROM containment_actions c
        WHERE (c.org_id IS NULL OR ${orgId}::VARCHAR IS NULL OR c.org_id = ${orgId})
          AND (c.app_id = ${appId} OR (c.app_id IS NULL AND left(c.user_id, 15) IN (${integrationUsers})))
        ORDER BY t, c.kind LIMIT ${LIST_MAX}`)
    : null;
  return {
    ...toRow(head[0]),
    daily,
    baselineRule: thresholds ? { sigma: thresholds.volumeSigma, minExcessRows: thresholds.volumeMinExcessRows, minHistoryDays: thresholds.volumeMinHistoryDays, windowDays: thresholds.volumeWindowDays } : null,
    tokens: tokenRows ? tokenRows.map((t) => ({ id: t.id ?? null, userId: t.userId ?? null, created: t.created ?? null, lastUsed: t.lastUsed ?? null, useCount: t.useCount === null || t.useCount === undefined ? null : Number(t.useCount), sourceId: t.sourceId ?? null, record: t.record === null || t.record === undefined ? null : Number(t.record) })) : null,
    auditTrail: audit?.map((a) => ({ at: a.at, kind: a.kind, userId: a.user_id, detail: a.detail, sourceId: a.source_id === null ? null : Number(a.source_id), record: a.source_record === null ? null : Number(a.source_record) })) ?? null,
    topUsers: users.map((u) => ({ userId: u.user_id, username: u.username, exports: Number(u.exports), rows: num(u.rows) })),
    topIps: ips.map((i) => ({ ip: i.ip, exports: Number(i.exports), first: i.first, last: i.last, country: i.country, asn: num(i.asn), network: i.network ?? null, owner: i.as_org })),
    agents: agents.map((a) => ({ userAgent: a.user_agent, exports: Number(a.exports) })),
    objects: objects.map((o) => ({ object: o.object, exports: Number(o.exports), rows: num(o.rows), countOnly: Number(o.count_only) })),
    access: access?.map((a) => ({ userId: a.user_id, object: a.object, couldRead: a.could_read, didRead: a.did_read, rowsRead: num(a.rows_read), via: a.via })) ?? null,
  };
}

/**
 * The integration's rows per object per day beside its baseline (`daily_volume`, written by the flags stage: the
 * trailing mean and σ of that object's daily rows before the day), with the threshold `volume_above_baseline` uses:
 * the greater of mean + volumeSigma·σ and mean + volumeMinExcessRows, once there are volumeMinHistoryDays of history.
 */
async function dailyAgainstBaseline(db: CaseDb, orgId: string | null, appId: string | null, t: Thresholds | null): Promise<IntegrationDetail['daily']> {
  if (!(await has(db, 'daily_volume')) || appId === null) return null;
  const threshold = t
    ? sql`CASE WHEN v.history_days >= ${t.volumeMinHistoryDays} AND v.sd IS NOT NULL THEN greatest(v.mean + ${t.volumeSigma} * v.sd, v.mean + ${t.volumeMinExcessRows}) END`
    : sql`NULL::DOUBLE`;
  const rows = await db.all<{ object: string; day: string; rows: number; exports: number; mean: number | null; sd: number | null; history_days: number; threshold: number | null }>(sql`
    WITH v AS (SELECT * FROM daily_volume WHERE key_kind = 'app' AND key = ${appId} AND org_id IS NOT DISTINCT FROM ${orgId}),
    top AS (SELECT object, sum(rows) AS total FROM v GROUP BY object ORDER BY total DESC, object LIMIT ${DAILY_OBJECTS})
    SELECT v.object, strftime(v.day, '%Y-%m-%d') AS day, v.rows, v.exports, v.mean, v.sd, v.history_days, ${threshold} AS threshold
    FROM v JOIN top USING (object) ORDER BY top.total DESC, v.object, v.day`);
  const by = new Map<string, NonNullable<IntegrationDetail['daily']>[number]['days']>();
  for (const r of rows) {
    const days = by.get(r.object) ?? [];
    days.push({ day: r.day, rows: Number(r.rows), exports: Number(r.exports), mean: r.mean === null ? null : Number(r.mean), sd: r.sd === null ? null : Number(r.sd), historyDays: Number(r.history_days), threshold: r.threshold === null ? null : Number(r.threshold) });
    by.set(r.object, days);
  }
  return [...by].map(([object, days]) => ({ object, days }));
}
