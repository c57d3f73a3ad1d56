/**
 * Scope chosen by hand on the demo, through the dispatcher the hosts use: an in-scope export left
 * out and an out-of-scope one taken in, the effect previewed (`scope.preview`) before the case is
 * run again on its own evidence (no path given). Expectations come from the case tables, read
 * apart from the preview's SQL: who stays is read from `affected.export_ids` (every export that
 * touched a record); what the export taken in exposes is what a rule-based run selecting only
 * that export finds (`--integration` + its start time); the run's custody entry names the scope.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import type { InvestigationResult, InvestigationScope } from '../../shared/domain.js';
import type { ScopePreview } from '../../shared/workbench.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { custodyEntries } from '../helpers/custodyLog.js';
import { withCase } from '../helpers/caseRun.js';
import { sql } from '../../electron/engine/store/sql.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const NO_SCOPE: InvestigationScope = { integrations: [], users: [], from: null, to: null, awareAt: '2025-08-05T09:00:00Z' };
let handlers: Handlers;
let work: string;
let caseDir: string;
let outDir: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the values it asserts
async function call(channel: string, payload: unknown): Promise<any> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const rerun = (scope: InvestigationScope): Promise<InvestigationResult> => call('investigation.run', { evidencePaths: [], caseDir, outDir, scope });

/** The persons of `affected` as object:id, with the exports that touched each. */
async function persons(): Promise<Map<string, string[]>> {
  return withCase(caseDir, async (db) => new Map((await db.all<{ k: string; x: string }>(sqlPersons)).map((r) => [r.k, r.x.split(';')])));
}
const sqlPersons = sql`SELECT object || ':' || id AS k, export_ids AS x FROM affected WHERE is_person`;
const inScope = (): Promise<string[]> => withCase(caseDir, async (db) => (await db.all<{ id: string }>(sql`SELECT export_id AS id FROM in_scope_exports ORDER BY 1`)).map((r) => r.id));

let baseline: Map<string, string[]>;
let baselineScope: string[];
/** The in-scope export that touched most people, some of them also touched by another export. */
let leaveOut: string;
/** An export outside the suspicious set, of a Lead query an integration ran, with rows. */
let takeIn: { id: string; start: string; app: string; rows: number };
/** The people a run scoped to `takeIn` alone finds. */
let takenInPeople: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-scope-choice-'));
  handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config') });
  caseDir = path.join(work, 'case');
  outDir = path.join(work, 'out');
  await call('investigation.run', { evidencePaths: [demo], caseDir, outDir, scope: NO_SCOPE });
  baseline = await persons();
  baselineScope = await inScope();
  const shared = new Map<string, number>();
  for (const xs of baseline.values()) if (xs.length > 1) for (const x of xs) shared.set(x, (shared.get(x) ?? 0) + 1);
  const touched = new Map<string, number>();
  for (const xs of baseline.values()) for (const x of xs) touched.set(x, (touched.get(x) ?? 0) + 1);
  leaveOut = [...shared.keys()].sort((a, b) => (touched.get(b) ?? 0) - (touched.get(a) ?? 0))[0]!;
  takeIn = await withCase(caseDir, async (db) => {
    const r = await db.one<{ id: string; start: string; app: string; rows: number }>(sql`
      SELECT export_id AS id, strftime(start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS start, app_name AS app, rows::INTEGER AS rows FROM exports x
      WHERE object = 'Lead' AND query IS NOT NULL AND app_name IS NOT NULL AND rows > 0
        AND NOT EXISTS (SELECT 1 FROM in_scope_exports s WHERE s.export_id = x.export_id)
        AND (SELECT count(*) FROM exports y WHERE y.app_name = x.app_name AND y.start_ts = x.start_ts) = 1
      ORDER BY start_ts DESC, export_id LIMIT 1`);
    return r!;
  });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('scope chosen by hand', () => {
  let preview: ScopePreview;
  const handScope = (): InvestigationScope => ({ ...NO_SCOPE, exportIds: [takeIn.id], excludeExportIds: [leaveOut] });

  it('previews the effect before anything changes: who stays, by tier and jurisdiction, what comes in and leaves', async () => {
    expect(leaveOut).toBeDefined();
    expect(baselineScope).toContain(leaveOut);
    expect(baselineScope).not.toContain(takeIn.id);
    preview = await call('scope.preview', { caseDir, scope: handScope() });
    // Read apart from the preview: a person stays when an export other than the one left out touched them.
    const stays = [...baseline.values()].filter((xs) => xs.some((x) => x !== leaveOut)).length;
    expect(stays).toBeLessThan(baseline.size);
    expect(preview.people).not.toBeNull();
    expect(preview.people!.before).toBe(baseline.size);
    expect(preview.people!.kept).toBe(stays);
    expect(preview.exports).toEqual({ current: baselineScope.length, proposed: baselineScope.length });
    expect(preview.added.count).toBe(1);
    expect(preview.added.sample.map((x) => x.id)).toEqual([takeIn.id]);
    expect(preview.added.rows).toBe(takeIn.rows);
    expect(preview.removed.sample.map((x) => x.id)).toEqual([leaveOut]);
    const tiers = preview.people!.byTier;
    expect(tiers.confirmed.after + tiers.replayed.after + tiers.possible.after).toBe(stays);
    // Nothing was written: the case still has the last run's scope.
    expect(await inScope()).toEqual(baselineScope);
  });

  it('the scope of the last run previews as no change', async () => {
    const same = await call('scope.preview', { caseDir, scope: NO_SCOPE });
    expect(same.added.count).toBe(0);
    expect(same.removed.count).toBe(0);
    expect(same.people.kept).toBe(baseline.size);
    expect(same.people.jurisdictions).toEqual([]);
  });

  it('a run selecting only the export to take in, by its rules, gives what it exposes', async () => {
    const only = await rerun({ ...NO_SCOPE, integrations: [takeIn.app], from: takeIn.start, to: takeIn.start, excludeExportIds: ['X-000000000000'] });
    expect(await inScope()).toEqual([takeIn.id]);
    expect(only.problems.map((p) => p.code)).toContain('scope_export_unknown');
    expect(only.problems.find((p) => p.code === 'scope_export_unknown')).toMatchObject({ severity: 'warning' });
    expect(only.problems.find((p) => p.code === 'scope_export_unknown')!.message).toContain('X-000000000000');
    const exposed = await persons();
    expect(exposed.size).toBeGreaterThan(0);
    takenInPeople = [...exposed.keys()];
  }, 120_000);

  it('applied, the case is run again on its own evidence with the hand-chosen scope, and the people are the union', async () => {
    const before = custodyEntries(caseDir).length;
    const r = await rerun(handScope());
    expect(r.scope.exportIds).toEqual([takeIn.id]);
    expect(r.scope.excludeExportIds).toEqual([leaveOut]);
    expect(await inScope()).toEqual([...baselineScope.filter((x) => x !== leaveOut), takeIn.id].sort());
    expect(takenInPeople.length).toBeGreaterThan(0);
    const expected = new Set([...[...baseline].filter(([, xs]) => xs.some((x) => x !== leaveOut)).map(([k]) => k), ...takenInPeople]);
    const now = await persons();
    expect([...now.keys()].sort()).toEqual([...expected].sort());
    expect([...now.values()].some((xs) => xs.includes(leaveOut))).toBe(false);
    expect(r.summary.records).toBe(expected.size);
    // No evidence was taken in again, and the run's start in custody names the scope chosen.
    expect(r.problems.map((p) => p.code)).not.toContain('no_evidence');
    const started = custodyEntries(caseDir).slice(before).find((e) => e.action === 'investigation.started');
    expect(started).toBeDefined();
    const detail = JSON.parse(started!.detail) as { evidencePaths: string[]; scope: InvestigationScope };
    expect(detail.evidencePaths).toEqual([]);
    expect(detail.scope.excludeExportIds).toEqual([leaveOut]);
    expect(detail.scope.exportIds).toEqual([takeIn.id]);
  }, 120_000);

  it('refuses a scope that takes in and leaves out the same export, and a run with neither evidence nor case', async () => {
    const both = await dispatch(handlers, 'scope.preview', { caseDir, scope: { ...NO_SCOPE, exportIds: [leaveOut], excludeExportIds: [leaveOut] } });
    expect(both).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const none = await dispatch(handlers, 'investigation.run', { evidencePaths: [] });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.message).toContain('evidence');
  });
});
