/**
 * The summary tables the Integrations and Exports screens read first (analysis/screenSummaries.ts, written at the end
 * of the run) answer exactly what the live aggregation over every export answers: on the investigated demo, every
 * integration's page row and detail, and the unfiltered exports page, are read once from the tables and once with the
 * tables dropped (the path a case from an older version takes), and must be equal. Both are also checked against
 * exports.json, the run's own output, counted here in JavaScript: exports, rows, users and suspicious exports per
 * integration, and the channel, object and flag facets.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { readExportsPage } from '../../electron/engine/queries/exportPages.js';
import { readIntegrationDetail, readIntegrationsPage } from '../../electron/engine/queries/integrationPages.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { exportFilterSchema } from '../../shared/contract.js';
import type { ExportsPage } from '../../shared/contract.js';
import type { IntegrationDetail, IntegrationsPage } from '../../shared/workbench.js';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');

interface ExportEntry {
  id: string; channel: string; object: string | null; rows: number | null; countOnly: boolean;
  org: { id: string | null }; integration: { connectedAppId: string | null; name: string | null };
  user: { id: string | null } | null; reasons: { code: string }[];
}

let work: string;
let exportsJson: ExportEntry[];
interface Screens { page: IntegrationsPage; details: (IntegrationDetail | null)[]; exports: ExportsPage }
/** Read with the summary tables, and without them (live over every export). */
let summarised: Screens;
let live: Screens;

async function readAll(file: string): Promise<Screens> {
  const db = await CaseDb.open(file);
  try {
    const page = (await readIntegrationsPage(db, 0, 500))!;
    const details: (IntegrationDetail | null)[] = [];
    for (const r of page.rows) details.push(await readIntegrationDetail(db, r.orgId, r.appId));
    const exports = await readExportsPage(db, { filter: exportFilterSchema.parse({}), sort: { column: 'start', direction: 'asc' }, offset: 0, limit: 50 });
    return { page, details, exports };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-screen-summaries-'));
  const handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config') });
  const caseDir = path.join(work, 'case');
  const out = path.join(work, 'out');
  const r = await dispatch(handlers, 'investigation.run', { evidencePaths: [demo], caseDir, outDir: out });
  if (!r.ok) throw new Error(r.error.message);
  exportsJson = (JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: ExportEntry[] }).exports;
  // A copy of the case without the summary tables: what a case written before them is answered with.
  const copy = path.join(work, 'copy.duckdb');
  copyFileSync(path.join(caseDir, 'case.duckdb'), copy);
  summarised = await readAll(path.join(caseDir, 'case.duckdb'));
  const db = await CaseDb.open(copy);
  const tables = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM information_schema.tables WHERE table_name IN ('integration_summary', 'integration_facets', 'export_facets')`);
  expect(Number(tables?.n)).toBe(3);
  await db.run(sql`DROP TABLE integration_summary`);
  await db.run(sql`DROP TABLE integration_facets`);
  await db.run(sql`DROP TABLE export_facets`);
  db.close();
  live = await readAll(copy);
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('screen summary tables', () => {
  it('the Integrations page and every integration’s detail equal the live aggregation over every export', () => {
    expect(summarised.page.rows.length).toBeGreaterThan(1);
    expect(summarised.page).toEqual(live.page);
    expect(summarised.details.length).toBe(live.details.length);
    summarised.details.forEach((d, i) => expect(d, `${d?.orgId} ${d?.appId}`).toEqual(live.details[i]));
  });

  it('each integration’s exports, rows, users and suspicious exports are those exports.json gives', () => {
    const key = (org: string | null, app: string | null) => `${org}|${app}`;
    const want = new Map<string, { exports: number; rows: number; users: Set<string | null>; suspicious: number }>();
    for (const x of exportsJson) {
      const k = key(x.org.id, x.integration.connectedAppId);
      const w = want.get(k) ?? { exports: 0, rows: 0, users: new Set(), suspicious: 0 };
      w.exports++;
      if (!x.countOnly && x.rows !== null) w.rows += x.rows;
      w.users.add(x.user?.id ?? null);
      if (x.reasons.length) w.suspicious++;
      want.set(k, w);
    }
    expect(summarised.page.total).toBe(want.size);
    for (const r of summarised.page.rows) {
      const w = want.get(key(r.orgId, r.appId))!;
      expect(w, key(r.orgId, r.appId)).toBeDefined();
      expect([r.exports, r.rows ?? 0, r.suspicious]).toEqual([w.exports, w.rows, w.suspicious]);
      // count(DISTINCT) leaves the unattributed (null) user out.
      expect(r.users).toBe([...w.users].filter((u) => u !== null).length);
    }
  });

  it('the unfiltered exports page equals the live one, and its facets count exports.json', () => {
    expect(summarised.exports).toEqual(live.exports);
    expect(summarised.exports.total).toBe(exportsJson.length);
    const count = (values: (string | null)[]) => {
      const m = new Map<string, number>();
      for (const v of values) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    const asMap = (f: { value: string; count: number }[]) => new Map(f.map((x) => [x.value, x.count]));
    expect(asMap(summarised.exports.facets.channel)).toEqual(count(exportsJson.map((x) => x.channel)));
    expect(asMap(summarised.exports.facets.object)).toEqual(count(exportsJson.map((x) => x.object)));
    expect(asMap(summarised.exports.facets.flag)).toEqual(count(exportsJson.flatMap((x) => [...new Set(x.reasons.map((r) => r.code))])));
  });
});
