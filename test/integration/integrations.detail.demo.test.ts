/**
 * The Integrations screen's detail (`integrations.detail`) on the demo, through the dispatcher the hosts use: each
 * object's daily rows against the integration's own trailing baseline, the threshold the volume rule flags above,
 * the app's OAuth tokens and its Setup Audit Trail changes. Expectations are computed here apart from the engine:
 * the daily rows, trailing mean, σ and history from exports.json (the run's own output), the threshold from the rule
 * pack's settings read here, the tokens from the demo's OauthToken.csv, and every export the volume rule flagged must
 * fall on a day the detail shows above its threshold.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import type { IntegrationDetail } from '../../shared/workbench.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { parseQuotedCsv } from '../helpers/csv.js';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const ORG = '00D5j000000NWDmEAO';
const MKT_APP = '0H45j0000k2oU70CAE';
const CONVO_APP = '0H45j0000GuFEXGCQ4';

interface ExportEntry {
  id: string; object: string | null; rows: number | null; countOnly: boolean; start: string;
  org: { id: string | null }; integration: { connectedAppId: string | null; name: string | null };
  reasons: { code: string }[];
}
interface Thresholds { volumeSigma: number; volumeWindowDays: number; volumeMinHistoryDays: number; volumeMinExcessRows: number }

let handlers: Handlers;
let work: string;
let caseDir: string;
let exportsJson: ExportEntry[];
let integrationsJson: { integrations: { org: { id: string | null }; app: { id: string | null }; auditTrail: { at: string; kind: string }[] | null }[] };
const thresholds = (JSON.parse(readFileSync(path.join(root, 'resources', 'rules', 'rules.json'), 'utf8')) as { thresholds: Thresholds }).thresholds;

async function detail(appId: string): Promise<IntegrationDetail> {
  const r = await dispatch(handlers, 'integrations.detail', { caseDir, orgId: ORG, appId });
  if (!r.ok) throw new Error(`${r.error.code} ${r.error.message}`);
  return r.value as IntegrationDetail;
}

/** Rows per UTC day of the app's exports of `object`, and each day's trailing mean, sample σ and days of history, from exports.json. */
function expectedDays(appId: string, object: string) {
  const byDay = new Map<string, number>();
  for (const x of exportsJson) {
    if (x.integration.connectedAppId !== appId || x.org.id !== ORG || x.object?.toLowerCase() !== object.toLowerCase() || x.countOnly || x.rows === null) continue;
    const day = x.start.slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + x.rows);
  }
  const days = [...byDay].sort(([a], [b]) => a.localeCompare(b));
  return days.map(([day, rows]) => {
    const t = Date.parse(`${day}T00:00:00Z`);
    const prior = days.filter(([d]) => {
      const dt = Date.parse(`${d}T00:00:00Z`);
      return dt < t && dt >= t - thresholds.volumeWindowDays * 86_400_000;
    }).map(([, r]) => r);
    const mean = prior.length ? prior.reduce((s, r) => s + r, 0) / prior.length : null;
    const sd = prior.length > 1 && mean !== null ? Math.sqrt(prior.reduce((s, r) => s + (r - mean) ** 2, 0) / (prior.length - 1)) : null;
    const threshold = prior.length >= thresholds.volumeMinHistoryDays && sd !== null && mean !== null
      ? Math.max(mean + thresholds.volumeSigma * sd, mean + thresholds.volumeMinExcessRows) : null;
    return { day, rows, mean, sd, historyDays: prior.length, threshold };
  });
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-integration-detail-'));
  handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config') });
  caseDir = path.join(work, 'case');
  const out = path.join(work, 'out');
  const r = await dispatch(handlers, 'investigation.run', { evidencePaths: [demo], caseDir, outDir: out });
  if (!r.ok) throw new Error(r.error.message);
  exportsJson = (JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: ExportEntry[] }).exports;
  integrationsJson = JSON.parse(readFileSync(path.join(out, 'integrations.json'), 'utf8')) as typeof integrationsJson;
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('integration detail: daily volume against the baseline', () => {
  it.each([['Northwind Marketing Sync', MKT_APP], ['Convo Chat for Salesforce', CONVO_APP]])('%s: every object’s days, mean, σ, history and threshold as computed from exports.json', async (_name, app) => {
    const d = await detail(app);
    expect(d.daily).not.toBeNull();
    expect(d.daily!.length).toBeGreaterThan(0);
    expect(d.baselineRule).toEqual({ sigma: thresholds.volumeSigma, minExcessRows: thresholds.volumeMinExcessRows, minHistoryDays: thresholds.volumeMinHistoryDays, windowDays: thresholds.volumeWindowDays });
    for (const series of d.daily!) {
      const want = expectedDays(app, series.object);
      expect(series.days.map((x) => [x.day, x.rows, x.historyDays])).toEqual(want.map((x) => [x.day, x.rows, x.historyDays]));
      series.days.forEach((got, i) => {
        const w = want[i]!;
        for (const k of ['mean', 'sd', 'threshold'] as const) {
          if (w[k] === null) expect(got[k], `${series.object} ${got.day} ${k}`).toBeNull();
          else expect(got[k], `${series.object} ${got.day} ${k}`).toBeCloseTo(w[k]!, 6);
        }
      });
    }
    // The objects charted are those it read most (by rows), at most six.
    const totals = new Map<string, number>();
    for (const x of exportsJson) if (x.integration.connectedAppId === app && x.object && !x.countOnly && x.rows !== null) totals.set(x.object, (totals.get(x.object) ?? 0) + x.rows);
    expect(d.daily!.length).toBe(Math.min(6, totals.size));
    const sums = d.daily!.map((s) => s.days.reduce((t, x) => t + x.rows, 0));
    expect(sums).toEqual([...sums].sort((a, b) => b - a));
  });

  it('every export the volume rule flagged falls on a day shown above its threshold', async () => {
    const flagged = exportsJson.filter((x) => x.reasons.some((r) => r.code === 'volume_above_baseline') && x.integration.connectedAppId !== null);
    expect(flagged.length).toBeGreaterThan(0);
    for (const x of flagged) {
      const d = await detail(x.integration.connectedAppId!);
      const day = d.daily?.find((s) => s.object.toLowerCase() === x.object!.toLowerCase())?.days.find((y) => y.day === x.start.slice(0, 10));
      expect(day, `${x.id} ${x.object} ${x.start}`).toBeDefined();
      expect(day!.threshold).not.toBeNull();
      expect(day!.rows).toBeGreaterThan(day!.threshold!);
    }
  });
});

describe('integration detail: tokens and audit trail', () => {
  it('lists the app’s OAuth tokens as the OauthToken export has them', async () => {
    const [header, ...rows] = parseQuotedCsv(readFileSync(path.join(demo, 'metadata', 'OauthToken.csv'), 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    for (const [name, app] of [['Convo Chat for Salesforce', CONVO_APP], ['Northwind Marketing Sync', MKT_APP]] as const) {
      const want = rows.filter((r) => r[col('AppName')] === name).map((r) => ({ id: r[col('Id')], userId: r[col('UserId')], useCount: Number(r[col('UseCount')]), created: r[col('CreatedDate')] }));
      expect(want.length).toBeGreaterThan(0);
      const d = await detail(app);
      expect(d.tokens!.map((t) => ({ id: t.id, userId: t.userId, useCount: t.useCount, created: t.created })).sort((a, b) => a.id!.localeCompare(b.id!)))
        .toEqual(want.sort((a, b) => a.id!.localeCompare(b.id!)));
    }
  });

  it('lists the Setup Audit Trail changes integrations.json names for the app', async () => {
    for (const app of [CONVO_APP, MKT_APP]) {
      const fromJson = integrationsJson.integrations.find((i) => i.org.id === ORG && i.app.id === app)!.auditTrail!;
      const d = await detail(app);
      expect(d.auditTrail!.map((a) => [a.at, a.kind])).toEqual(fromJson.map((a) => [a.at, a.kind]));
    }
    expect((await detail(CONVO_APP)).auditTrail!.length).toBeGreaterThan(0);
  });
});
