/**
 * incident.json: the incident as one timeline read from the case tables: the first and last
 * suspicious event (events of flagged exports), the exposure window between them, the containment
 * actions with their source rows, and the time from the first suspicious event to the first action
 * that cut the flagged integrations' access.
 */
import type { CaseDb } from '../store/duck.js';
import { modeOf, sql } from '../store/sql.js';
import { CUTTING_KINDS } from '../analysis/rules/codes.js';

type EventRef = { at: string; eventId: number; sourceId: number; record: number; eventType: string; exportId: string; file: string | null; sha256: string | null };
interface Action { at: string | null; kind: string; appId: string | null; appName: string | null; userId: string | null; detail: string | null; evidence: { sourceId: number | null; record: number | null; file: string | null; sha256: string | null } }

export interface IncidentReport {
  flaggedExports: number;
  integrations: { appId: string | null; appName: string | null; userId: string | null; exports: number }[];
  firstSuspiciousEvent: EventRef | null;
  lastSuspiciousEvent: EventRef | null;
  exposureWindow: { from: string; to: string; hours: number } | null;
  containment: Action[];
  timeToContainment: { hours: number; action: Action } | null;
  notes: string[];
}

/** Builds the incident summary from `flags`, `exports`, `export_events`, `events` and `containment_actions`. */
export async function buildIncident(db: CaseDb): Promise<IncidentReport> {
  const notes: string[] = [];
  const integrations = await db.all<{ appId: string | null; appName: string | null; userId: string | null; exports: number }>(sql`
    SELECT x.app_id AS appId, ${modeOf(sql`x.app_name`)} AS appName, CASE WHEN x.app_id IS NULL THEN x.user_id END AS userId, count(*)::BIGINT AS exports
    FROM exports x WHERE x.export_id IN (SELECT export_id FROM flags) GROUP BY 1, 3 ORDER BY exports DESC, appId`);
  // The events of flagged exports, read from `events` in one pass (an event in several of them names the first export id).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE incident_events AS
    WITH fe AS (SELECT xe.event_id, min(xe.export_id) AS export_id FROM export_events xe WHERE xe.export_id IN (SELECT export_id FROM flags) GROUP BY 1)
    SELECT e.ts, e.event_id, e.source_id, e.source_record, e.event_type, fe.export_id FROM events e JOIN fe ON fe.event_id = e.event_id WHERE e.ts IS NOT NULL`);
  const edge = (dir: 'ASC' | 'DESC'): Promise<EventRef | null> => db.one<EventRef>(sql`
    SELECT e.ts AS "at", e.event_id AS eventId, e.source_id AS sourceId, e.source_record AS record, e.event_type AS eventType, e.export_id AS exportId,
      s.name AS file, s.sha256 AS sha256
    FROM incident_events e LEFT JOIN sources s ON s.id = e.source_id
    ORDER BY e.ts ${dir === 'ASC' ? sql`ASC` : sql`DESC`}, e.event_id LIMIT 1`);
  const first = await edge('ASC');
  const last = await edge('DESC');
  await db.run(sql`DROP TABLE incident_events`);
  if (!first) notes.push('No export is flagged: there is no suspicious event, so no exposure window and no time to containment.');
  await db.run(sql`CREATE TABLE IF NOT EXISTS containment_actions (org_id VARCHAR, "at" TIMESTAMP, kind VARCHAR, app_id VARCHAR, app_name VARCHAR,
    user_id VARCHAR, detail VARCHAR, source_id INTEGER, source_record BIGINT)`);
  const rows = await db.all<{ at: string | null; kind: string; appId: string | null; appName: string | null; userId: string | null; detail: string | null; sourceId: number | null; record: number | null; file: string | null; sha256: string | null; cutting: boolean; relevant: boolean }>(sql`
    WITH f AS (SELECT DISTINCT app_id, user_id FROM exports WHERE export_id IN (SELECT export_id FROM flags))
    SELECT c."at", c.kind, c.app_id AS appId, c.app_name AS appName, c.user_id AS userId, c.detail, c.source_id AS sourceId, c.source_record AS record,
      s.name AS file, s.sha256 AS sha256, list_contains(string_split(${CUTTING_KINDS.join(',')}, ','), c.kind) AS cutting,
      EXISTS (SELECT 1 FROM f WHERE f.app_id = c.app_id OR f.user_id = c.user_id) AS relevant
    FROM containment_actions c LEFT JOIN sources s ON s.id = c.source_id ORDER BY c."at" NULLS LAST, c.source_id, c.source_record LIMIT 1000`);
  const containment = rows.map((r) => ({ at: r.at, kind: r.kind, appId: r.appId, appName: r.appName, userId: r.userId, detail: r.detail, evidence: { sourceId: r.sourceId, record: r.record, file: r.file, sha256: r.sha256 } }));
  if (rows.length === 0) notes.push('No containment action in the evidence (no Setup Audit Trail, OauthToken, User or UserLogin export names a flagged integration).');
  const cut = first ? rows.findIndex((r) => r.cutting && r.relevant && r.at !== null && r.at >= first.at) : -1;
  if (first && cut < 0 && rows.length > 0) notes.push('No action that cut the flagged integrations\' access (token revoked, app blocked, user frozen or deactivated) follows the first suspicious event.');
  const hours = (a: string, b: string): number => Math.round(((Date.parse(b) - Date.parse(a)) / 3_600_000) * 100) / 100;
  return {
    flaggedExports: integrations.reduce((n, i) => n + i.exports, 0),
    integrations,
    firstSuspiciousEvent: first,
    lastSuspiciousEvent: last,
    exposureWindow: first && last ? { from: first.at, to: last.at, hours: hours(first.at, last.at) } : null,
    containment,
    timeToContainment: first && cut >= 0 ? { hours: hours(first.at, rows[cut]!.at!), action: containment[cut]! } : null,
    notes,
  };
}
