/**
 * The workbench channels on the demo, through the same dispatch the hosts use: a case created in a
 * new folder, investigated, then reopened from its tables (the result must equal what the run
 * returned), a report generated into <case>/reports/<id>/ (its hash re-computed here), the case
 * verified, the mapping previewed and changed, and a review session that refuses every change
 * while notes and reports stay open, with `review.opened` in the custody log under the reviewer.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, rmSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import type { Result } from '../../shared/result.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { RECENT_CASES_FILE } from '../../electron/engine/recentCases.js';
import { custodyEntries as custody } from '../helpers/custodyLog.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
let handlers: Handlers;
let work: string;
let configDir: string;
let caseDir: string;
let run: InvestigationResult;
/** A copy of the demo evidence, so one of its files can be changed at the end. */
let evidence: string;

async function raw(channel: string, payload: unknown): Promise<Result<unknown>> {
  return dispatch(handlers, channel, payload);
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads the values it asserts
async function call(channel: string, payload: unknown): Promise<any> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-workbench-'));
  configDir = path.join(work, 'config');
  handlers = createHandlers({ host: 'web', version: 'test', configDir });
  caseDir = path.join(work, 'cases', 'falcon');
  evidence = path.join(work, 'evidence');
  cpSync(demo, evidence, { recursive: true });
  const created = await call('case.create', { caseDir, name: 'Falcon breach', investigator: 'Ines Investigator' });
  expect(created.caseDir).toBe(caseDir);
  run = await call('investigation.run', { evidencePaths: [evidence], caseDir, outDir: path.join(caseDir, 'output'), investigator: 'Ines Investigator' });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('cases', () => {
  it('creates a case only in a new or empty folder, and remembers it outside the case', async () => {
    expect(custody(caseDir)[0]).toMatchObject({ action: 'case.created' });
    expect(JSON.parse(custody(caseDir)[0]!.detail)).toEqual({ caseDir, name: 'Falcon breach' });
    const again = await raw('case.create', { caseDir });
    expect(again).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const full = path.join(work, 'full');
    await call('case.create', { caseDir: path.join(full, 'sub') });
    writeFileSync(path.join(full, 'notes.txt'), 'mine');
    const notEmpty = await raw('case.create', { caseDir: full });
    expect(notEmpty.ok).toBe(false);
    if (!notEmpty.ok) expect(notEmpty.error.message).toContain('notes.txt');
    const recent = (await call('case.recent', {})).cases as { caseDir: string; name: string | null; mode: string }[];
    expect(recent.map((c) => c.caseDir)).toEqual([path.join(full, 'sub'), caseDir]);
    expect(recent[1]).toMatchObject({ name: 'Falcon breach', mode: 'investigate' });
    expect(existsSync(path.join(configDir, RECENT_CASES_FILE))).toBe(true);
    expect(existsSync(path.join(caseDir, RECENT_CASES_FILE))).toBe(false);
    // A fresh host (the app after a restart) reads the same list.
    const after = createHandlers({ host: 'web', version: 'test', configDir });
    const listed = await dispatch(after, 'case.recent', {});
    expect(listed.ok && (listed.value as { cases: { caseDir: string }[] }).cases.map((c) => c.caseDir)).toEqual([path.join(full, 'sub'), caseDir]);
  });

  it('a broken recent-cases file reads as an empty list, not a failure', async () => {
    const dir = path.join(work, 'broken-config');
    const h = createHandlers({ host: 'web', version: 'test', configDir: dir });
    await dispatch(h, 'case.create', { caseDir: path.join(work, 'c2') });
    writeFileSync(path.join(dir, RECENT_CASES_FILE), '{ not json');
    expect(await dispatch(h, 'case.recent', {})).toEqual({ ok: true, value: { cases: [] } });
  });

  it('reopens the case from its tables with the same results the run returned', async () => {
    const reopened = (await call('case.results', { caseDir })) as InvestigationResult;
    expect(reopened.caseDir).toBe(run.caseDir);
    expect(reopened.outDir).toBe(run.outDir);
    expect(reopened.exportCounts).toEqual(run.exportCounts);
    expect(reopened.summary).toEqual(run.summary);
    expect(reopened.jurisdictions).toEqual(run.jurisdictions);
    expect(reopened.sources).toEqual(run.sources);
    expect(reopened.unresolved).toEqual(run.unresolved);
    expect(reopened.problems).toEqual(run.problems);
    expect(reopened.quarantinedRows).toBe(run.quarantinedRows);
    expect(reopened.quarantine).toEqual(run.quarantine);
    expect(reopened.outputs).toEqual(run.outputs.filter((o) => o.file !== 'manifest.json').concat(run.outputs.filter((o) => o.file === 'manifest.json')));
    expect(reopened.coverage).toEqual(run.coverage);
    expect(reopened.warnings).toEqual([]);
    const status = await call('case.open', { caseDir });
    expect(status.lastInvestigation.people).toBe(run.summary.records);
    expect(status.review).toBeNull();
  });

  it('says a case that was never investigated has no results yet', async () => {
    const fresh = path.join(work, 'fresh');
    await call('case.create', { caseDir: fresh });
    const r = await raw('case.results', { caseDir: fresh });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    if (!r.ok) expect(r.error.message).toContain('not been investigated');
  });
});

describe('report and verify', () => {
  it('writes the report set into <case>/reports/<id>/ with its hashes, lists it, and verify passes', async () => {
    const report = await call('report.generate', { caseDir, runId: 'rep-1', investigator: 'Ines Investigator' });
    expect(path.dirname(report.dir)).toBe(path.join(caseDir, 'reports'));
    expect(report.id).toMatch(/^\d{8}-\d{6}(-\d+)?$/);
    // The whole set (report.set.demo.test.ts compares it with the CLI's); here report.pdf and manifest.json.
    const pdf = report.files.find((f: { file: string }) => f.file === 'report.pdf');
    expect(pdf.sha256).toBe(sha256(path.join(report.dir, 'report.pdf')));
    expect(report.files.at(-1).file).toBe('manifest.json');
    expect(readFileSync(path.join(report.dir, 'report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(report.pages).toBeGreaterThan(3);
    const progress = await call('report.progress', { runId: 'rep-1' });
    expect(progress?.section).toBeTruthy();
    const listed = (await call('report.list', { caseDir })).reports;
    expect(listed[0]).toMatchObject({ id: report.id, dir: report.dir, files: report.files });
    const verified = await call('case.verify', { caseDir });
    expect(verified.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    expect(verified.passed).toBe(true);
    expect(verified.checks.some((c: { message: string }) => c.message === 'Custody chain intact')).toBe(true);
  }, 120_000);

  it('cancels a report on request, writing nothing', async () => {
    const pending = raw('report.generate', { caseDir, runId: 'rep-cancel' });
    for (let i = 0; i < 200 && !(await call('report.cancel', { runId: 'rep-cancel' })).cancelled; i++) await new Promise((r) => setTimeout(r, 5));
    const r = await pending;
    if (r.ok) return; // the report finished before the cancel reached it; the first test covers the written case
    expect(r.error.code).toBe('CANCELLED');
  }, 120_000);
});

describe('mapping', () => {
  it('previews a change against the people it touches, records it with its reason, and puts it back', async () => {
    const view = await call('mapping.get', { caseDir });
    const field = view.exposedFields.find((f: { object: string; field: string; people: number }) => f.object === 'Contact' && f.field === 'Email');
    expect(field.categories).toContain('email');
    const preview = await call('mapping.preview', { caseDir, key: 'Contact.Email', categories: ['email', 'credentials'] });
    expect(preview.people).toBe(field.people);
    const gained = preview.changes.filter((c: { category: string }) => c.category === 'credentials').reduce((n: number, c: { gained: number }) => n + c.gained, 0);
    expect(gained).toBeGreaterThan(0);
    expect(gained).toBeLessThanOrEqual(field.people);
    const bad = await raw('mapping.preview', { caseDir, key: 'Contact Email', categories: ['email'] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const set = await call('mapping.set', { caseDir, key: 'Contact.Email', categories: ['email', 'credentials'], reason: 'used as login', investigator: 'Ines' });
    expect(set.decisions).toEqual([expect.objectContaining({ key: 'Contact.Email', categories: ['email', 'credentials'], reason: 'used as login' })]);
    const unset = await call('mapping.unset', { caseDir, key: 'Contact.Email', reason: 'not a login after all' });
    expect(unset.decisions).toEqual([]);
    expect(custody(caseDir).filter((e) => e.action === 'mapping.changed')).toHaveLength(2);
  });
});

describe('review mode', () => {
  it('opens the case read-only for counsel: changes refused, notes and reports allowed, all in custody', async () => {
    const before = custody(caseDir).length;
    const opened = await call('review.open', { caseDir, reviewer: 'Clara Counsel' });
    expect(opened.session).toMatchObject({ caseDir, reviewer: 'Clara Counsel' });
    expect((await call('case.open', { caseDir })).review).toMatchObject({ reviewer: 'Clara Counsel' });
    const investigate = await raw('investigation.run', { evidencePaths: [demo], caseDir, outDir: path.join(caseDir, 'output') });
    expect(investigate).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    if (!investigate.ok) expect(investigate.error.message).toContain('open for review by Clara Counsel');
    expect(await raw('mapping.set', { caseDir, key: 'Contact.Email', categories: [], reason: 'x' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    expect(await raw('mapping.unset', { caseDir, key: 'Contact.Email', reason: 'x' })).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    const note = await call('notes.add', { caseDir, note: { target: { kind: 'case', id: '' }, text: 'Reviewed the scope', tags: ['review'] } });
    expect(note.author).toContain('Clara Counsel');
    const results = await call('case.results', { caseDir });
    expect(results.summary).toEqual(run.summary);
    const log = custody(caseDir).slice(before);
    expect(log[0]).toMatchObject({ action: 'review.opened' });
    expect(log[0]!.actor).toContain('Clara Counsel');
    expect(JSON.parse(log[0]!.detail)).toEqual({ reviewer: 'Clara Counsel', readOnly: true });
    expect(log.some((e) => e.action === 'investigation.started')).toBe(false);
    expect((await call('case.recent', {})).cases[0]).toMatchObject({ caseDir, mode: 'review', reviewer: 'Clara Counsel' });
    expect(await call('review.close', { caseDir })).toEqual({ closed: true });
    expect(custody(caseDir).at(-1)).toMatchObject({ action: 'review.closed' });
    expect((await call('case.open', { caseDir })).review).toBeNull();
  });
});

describe('integrations', () => {
  it('lists each connected app per org with the counts exports.json gives, and opens one', async () => {
    interface Out { integration: { connectedAppId: string | null }; org: { id: string | null }; user: { id: string | null }; rows: number | null; countOnly: boolean; sourceIp: string | null; object: string | null }
    const all = (JSON.parse(readFileSync(path.join(run.outDir, 'exports.json'), 'utf8')) as { exports: Out[] }).exports;
    const groups = new Map<string, { exports: number; rows: number | null; users: Set<string | null>; ips: Set<string> }>();
    for (const e of all) {
      const k = `${e.org.id ?? ''}|${e.integration.connectedAppId ?? ''}`;
      const g = groups.get(k) ?? { exports: 0, rows: null, users: new Set(), ips: new Set() };
      g.exports++;
      if (!e.countOnly && e.rows !== null) g.rows = (g.rows ?? 0) + e.rows;
      g.users.add(e.user.id);
      if (e.sourceIp) g.ips.add(e.sourceIp);
      groups.set(k, g);
    }
    const page = await call('integrations.page', { caseDir, limit: 500 });
    expect(page.total).toBe(groups.size);
    const shown = Object.fromEntries(page.rows.map((r: { orgId: string | null; appId: string | null; exports: number; rows: number | null; users: number; ips: number }) => [`${r.orgId ?? ''}|${r.appId ?? ''}`, { exports: r.exports, rows: r.rows, users: r.users, ips: r.ips }]));
    expect(shown).toEqual(Object.fromEntries([...groups].map(([k, g]) => [k, { exports: g.exports, rows: g.rows, users: [...g.users].filter((u) => u !== null).length, ips: g.ips.size }])));
    // Suspicious first, then by rows.
    const order = page.rows.map((r: { suspicious: number; rows: number | null }) => [r.suspicious, r.rows ?? -1] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
    expect(page.rows[0].suspicious).toBe(run.exportCounts.suspicious);
    const top = page.rows[0];
    const detail = await call('integrations.detail', { caseDir, orgId: top.orgId, appId: top.appId });
    const mine = all.filter((e) => (e.org.id ?? null) === top.orgId && (e.integration.connectedAppId ?? null) === top.appId);
    const objects = new Map<string, number>();
    for (const e of mine) if (e.object) objects.set(e.object, (objects.get(e.object) ?? 0) + 1);
    expect(Object.fromEntries(detail.objects.map((o: { object: string; exports: number }) => [o.object, o.exports]))).toEqual(Object.fromEntries(objects));
    expect(detail.topUsers.reduce((n: number, u: { exports: number }) => n + u.exports, 0)).toBe(mine.length);
    const missing = await raw('integrations.detail', { caseDir, orgId: '00D000000000000AAA', appId: null });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('verify after a change', () => {
  it('names a source changed after the run', async () => {
    const file = path.join(evidence, 'snapshots', 'Contact.csv');
    writeFileSync(file, 'changed\n');
    const v = await call('case.verify', { caseDir });
    expect(v.passed).toBe(false);
    expect(v.checks.filter((c: { ok: boolean }) => !c.ok).map((c: { message: string }) => c.message)).toEqual([expect.stringContaining(`CHANGED: ${file}`)]);
  });
});
