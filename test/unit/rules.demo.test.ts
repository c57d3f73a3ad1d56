/**
 * The rules on the bundled demo: exactly the planted exports are flagged (resources/demo/truth.json,
 * the generator's truth), each with the flags its evidence calls for, and the incident summary
 * spans the planted incident.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIncident, type IncidentReport } from '../../electron/engine/reports/incident.js';
import { generateDemo, type DemoTruth } from '../../scripts/demo/index.js';
import { caseRoot, cleanRuleCases, RESOURCES, runRulesOn, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

type Flagged = { channel: string; object: string | null; query: string | null; rows: number | null; count_only: boolean; app_name: string | null; client_ip: string | null; user_agent: string | null; codes: string[] };

let truth: DemoTruth;
let c: RuleCase;
let flagged: Flagged[];
let incident: IncidentReport;
beforeAll(async () => {
  truth = generateDemo(20250726).truth;
  c = await runRulesOn(path.join(RESOURCES, 'demo', 'evidence'), caseRoot());
  flagged = await c.db.all<Flagged>(sql`SELECT x.channel, x.object, x.query, x.rows, x.count_only, x.app_name, x.client_ip, x.user_agent, list(DISTINCT f.code ORDER BY f.code) AS codes
    FROM flags f JOIN exports x USING (export_id) GROUP BY ALL ORDER BY min(x.start_ts)`);
  incident = await buildIncident(c.db);
}, 300_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

const key = (x: { channel: string; object: string | null; query: string | null; rows: number | null }, countOnly: boolean): string => `${x.channel}|${x.object}|${x.query ?? ''}|${x.rows}|${countOnly}`;

describe('rules on the demo evidence', () => {
  it('flags exactly the planted exports, all from the stolen integration', () => {
    expect(flagged.map((x) => key(x, x.count_only)).sort()).toEqual(truth.plantedExports.map((p) => key(p, p.countOnly)).sort());
    for (const x of flagged) {
      expect([x.app_name, x.client_ip, x.user_agent]).toEqual([truth.incident.connectedAppName, truth.incident.sourceIp, truth.incident.userAgent]);
    }
  });

  it('gives every planted export the flags of its address and client: new network, published user agent, scripting client', () => {
    for (const x of flagged) expect(x.codes).toEqual(expect.arrayContaining(['ioc_user_agent', 'new_network', 'scripting_user_agent']));
    expect(flagged.filter((x) => x.codes.includes('ioc_ip'))).toEqual([]); // 45.147.230.12 is on no published list
  });

  it('flags the COUNT() reconnaissance, the deleted Bulk jobs and the first reads of Account and Opportunity', () => {
    const withCode = (code: string): string[] => flagged.filter((x) => x.codes.includes(code)).map((x) => key(x, x.count_only)).sort();
    expect(withCode('recon_count_queries')).toEqual(truth.plantedExports.filter((p) => p.countOnly).map((p) => key(p, true)).sort());
    expect(withCode('bulk_job_deleted')).toEqual(truth.plantedExports.filter((p) => p.channel === 'bulk_api_2').map((p) => key(p, false)).sort());
    // Convo Chat's ordinary traffic reads Contact and Lead only (resources/demo/README.md); the first read of each other object is flagged, not a later one.
    const firstReads = truth.plantedExports.filter((p, i, all) => !p.countOnly && !['Contact', 'Lead'].includes(p.object) && all.findIndex((q) => !q.countOnly && q.object === p.object) === i);
    expect(withCode('first_object_access')).toEqual(firstReads.map((p) => key(p, false)).sort());
    expect(withCode('access_after_containment')).toEqual(truth.plantedExports.filter((p) => p.afterContainment).map((p) => key(p, p.countOnly)).sort());
    expect(withCode('volume_above_baseline').length).toBeGreaterThan(0);
    expect(withCode('off_hours')).toEqual([]); // 22:00 UTC is within Convo Chat's 06–22 hours
  });

  it("writes each deleted job's rows in its message as the report shows counts, thousands separated", async () => {
    const messages = (await c.db.all<{ message: string }>(sql`SELECT message FROM flags WHERE code = 'bulk_job_deleted' ORDER BY message`)).map((m) => m.message);
    const rows = truth.plantedExports.filter((p) => p.channel === 'bulk_api_2').map((p) => p.rows);
    expect(rows.some((n) => n >= 1000)).toBe(true); // the demo plants a job of over a thousand rows, so the separator shows
    expect(messages.map((m) => /after it ran \(([\d,]+) rows\)\.$/.exec(m)?.[1]).sort()).toEqual(rows.map((n) => n.toLocaleString('en-US')).sort());
  });

  it("points each per-export flag at exactly its export's events (bursts and deletions name their own)", async () => {
    // The expectation is built here from export_events rows, apart from the rule SQL that fills the lists.
    const members = await c.db.all<{ export_id: string; event_id: number }>(sql`SELECT export_id, event_id FROM export_events`);
    const own = new Map<string, Set<number>>();
    for (const m of members) own.set(m.export_id, (own.get(m.export_id) ?? new Set()).add(Number(m.event_id)));
    const rows = await c.db.all<{ export_id: string; code: string; evidence: number[] }>(sql`SELECT export_id, code, evidence_event_ids AS evidence FROM flags
      WHERE code IN ('new_network', 'ioc_user_agent', 'scripting_user_agent', 'first_object_access', 'access_after_containment', 'volume_above_baseline')`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect([r.code, r.evidence.map(Number)]).toEqual([r.code, [...own.get(r.export_id)!].sort((a, b) => a - b)]);
    const burst = await c.db.all<{ evidence: number[] }>(sql`SELECT evidence_event_ids AS evidence FROM flags WHERE code = 'recon_count_queries'`);
    expect(burst.length).toBeGreaterThan(0);
    for (const b of burst) expect(b.evidence.length).toBeGreaterThan(1); // the whole burst's events, more than one export's
  });

  it('spans the incident: first and last suspicious event inside the planted window', () => {
    expect(incident.firstSuspiciousEvent!.at > truth.incident.start).toBe(true);
    expect(incident.lastSuspiciousEvent!.at).toBe(truth.incident.end); // the call the attacker made after the token was revoked
    expect(incident.flaggedExports).toBe(truth.plantedExports.length);
    expect(incident.timeToContainment?.hours).toBe(truth.response.timeToContainmentHours); // from the Setup Audit Trail's revocation
  });
});
