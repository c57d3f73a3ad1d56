/**
 * What report.pdf states about the incident, read from the case tables a bounded page at a time: the orgs, the
 * flagged exports (figures summed in SQL, the rows of the table limited), the integrations and networks they came
 * through, and each export's evidence reference (source file, line, SHA-256).
 */
import type { CaseDb } from '../../store/duck.js';
import { modeOf, sql } from '../../store/sql.js';

/** How many rows of a long list the PDF prints before pointing to the file that holds them all. */
export const EXPORT_ROWS = 150;

export type OrgFact = { orgId: string | null; name: string | null; exports: number; flagged: number }
export type ObjectFact = { object: string | null; exports: number; rows: number }
export type IntegrationFact = { appId: string | null; appName: string | null; user: string | null; exports: number; rows: number }
export type OriginFact = { ip: string | null; country: string | null; network: string | null; owner: string | null; exports: number }
export type ExportRow = {
  exportId: string; start: string | null; channel: string; appName: string | null; appId: string | null; username: string | null; ip: string | null;
  country: string | null; owner: string | null; network: string | null; object: string | null; rows: number | null; countOnly: boolean; flags: string;
  file: string | null; sourceId: number | null; record: number | null; lineIsRecord: boolean; sha256: string | null;
}

export interface IncidentFacts {
  orgs: OrgFact[];
  orgCount: number;
  exportsTotal: number;
  flagged: number;
  flaggedRows: number;
  inScope: number;
  objects: ObjectFact[];
  integrations: IntegrationFact[];
  origins: OriginFact[];
  originCount: number;
  exports: ExportRow[];
}

const FLAGGED = sql`(SELECT DISTINCT export_id FROM flags)`;

/** Reads the incident's figures from `exports`, `flags`, `ip_intel`, `in_scope_exports`, `sources` and `record_counts`. */
export async function readIncidentFacts(db: CaseDb, has: (table: string) => boolean): Promise<IncidentFacts> {
  const n = async (q: ReturnType<typeof sql>): Promise<number> => Number((await db.one<{ n: number }>(q))?.n ?? 0);
  const ipJoin = has('ip_intel') ? sql`LEFT JOIN ip_intel i ON i.ip = x.client_ip` : sql`LEFT JOIN (SELECT NULL::VARCHAR AS ip, NULL::VARCHAR AS country, NULL::VARCHAR AS as_org, NULL::VARCHAR AS network) i ON false`;
  const orgs = await db.all<OrgFact>(sql`
    SELECT x.org_id AS orgId, any_value(x.org_name) AS name, count(*)::BIGINT AS exports,
      count(*) FILTER (WHERE x.export_id IN ${FLAGGED})::BIGINT AS flagged
    FROM exports x GROUP BY x.org_id ORDER BY flagged DESC, exports DESC, orgId LIMIT 20`);
  const totals = await db.one<{ total: number; flagged: number; rows: number }>(sql`
    SELECT count(*)::BIGINT AS total, count(*) FILTER (WHERE export_id IN ${FLAGGED})::BIGINT AS flagged,
      coalesce(sum(rows) FILTER (WHERE export_id IN ${FLAGGED} AND NOT coalesce(count_only, false)), 0)::BIGINT AS rows FROM exports`);
  const objects = await db.all<ObjectFact>(sql`
    SELECT object, count(*)::BIGINT AS exports, coalesce(sum(rows) FILTER (WHERE NOT coalesce(count_only, false)), 0)::BIGINT AS rows
    FROM exports WHERE export_id IN ${FLAGGED} GROUP BY object ORDER BY rows DESC, object LIMIT 20`);
  const integrations = await db.all<IntegrationFact>(sql`
    SELECT app_id AS appId, ${modeOf(sql`app_name`)} AS appName, string_agg(DISTINCT coalesce(username, user_id), ', ' ORDER BY coalesce(username, user_id)) AS "user",
      count(*)::BIGINT AS exports, coalesce(sum(rows) FILTER (WHERE NOT coalesce(count_only, false)), 0)::BIGINT AS rows
    FROM exports WHERE export_id IN ${FLAGGED} GROUP BY app_id ORDER BY exports DESC, appId LIMIT 20`);
  const origins = await db.all<OriginFact>(sql`
    SELECT x.client_ip AS ip, any_value(i.country) AS country, any_value(i.network) AS network, any_value(i.as_org) AS owner, count(*)::BIGINT AS exports
    FROM exports x ${ipJoin} WHERE x.export_id IN ${FLAGGED} GROUP BY x.client_ip ORDER BY exports DESC, ip LIMIT 10`);
  // The page of flagged exports first (top-N in DuckDB), then its flags, IP and evidence joined to those rows only.
  const exports = await db.all<ExportRow>(sql`
    WITH page AS (SELECT * FROM exports WHERE export_id IN ${FLAGGED} ORDER BY start_ts, export_id LIMIT ${EXPORT_ROWS}),
    codes AS (SELECT export_id, string_agg(code, ', ' ORDER BY code) AS flags FROM flags WHERE export_id IN (SELECT export_id FROM page) GROUP BY export_id)
    SELECT x.export_id AS exportId, x.start_ts AS start, x.channel, x.app_name AS appName, x.app_id AS appId, x.username, x.client_ip AS ip,
      i.country, i.as_org AS owner, i.network, x.object, x.rows, coalesce(x.count_only, false) AS countOnly, c.flags,
      s.name AS file, s.id AS sourceId, (x.first_event_id & 4294967295)::BIGINT AS record, coalesce(rc.method = 'lines', false) AS lineIsRecord, s.sha256
    FROM page x ${ipJoin}
    LEFT JOIN codes c ON c.export_id = x.export_id
    LEFT JOIN sources s ON s.id = (x.first_event_id >> 32)
    LEFT JOIN record_counts rc ON rc.source_id = s.id
    ORDER BY x.start_ts, x.export_id`);
  return {
    orgs,
    orgCount: await n(sql`SELECT count(DISTINCT coalesce(org_id, '')) AS n FROM exports`),
    exportsTotal: Number(totals?.total ?? 0),
    flagged: Number(totals?.flagged ?? 0),
    flaggedRows: Number(totals?.rows ?? 0),
    inScope: has('in_scope_exports') ? await n(sql`SELECT count(*)::BIGINT AS n FROM in_scope_exports`) : 0,
    objects,
    integrations,
    origins,
    originCount: await n(sql`SELECT count(DISTINCT client_ip)::BIGINT AS n FROM exports WHERE export_id IN ${FLAGGED}`),
    exports,
  };
}
