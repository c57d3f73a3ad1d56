/**
 * End to end in Debian Chromium: the built renderer, served by the loopback web host over the
 * real engine, runs the demo investigation; every figure the page shows must equal what the
 * engine returns for the same request. Needs `npm run build` first (`npm test` does it) and
 * /usr/bin/chromium. Screenshots go to test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Handlers, RecordsPage, SourceLine } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { callThrough } from '../helpers/browser.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';
import { custodyEntries as custodyActions, figure } from '../helpers/custodyLog.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC_DIR = process.env.LS_STATIC_DIR ?? path.join(REPO, 'dist', 'renderer');
const SHOTS = path.join(REPO, 'test-results', 'screenshots');
const RUN_TIMEOUT = 240_000;

let workDir: string;
let handlers: Handlers;
let host: WebHost;
let browser: Browser;
let page: Page;
let info: AppInfo;
let expected: InvestigationResult;
/** The engine's own exports.json for the direct run: the figures the exports screen must show. */
let expectedExports: ExportOut[];
/** The export the walk opens (the attacker's most-flagged one). */
let opened: ExportOut;

interface ExportOut {
  id: string; channel: string; object: string | null; query: string | null; rows: number | null; suspicious: boolean; inScope: boolean; start: string;
  sourceIp: string | null; sourceIpInfo: { country: string | null; asn: number | null; org: string | null; network: string | null } | null;
  reasons: { code: string; message: string }[]; evidence: { sourceId: number; file: string; record: number; eventType: string; role: string }[];
}

const byStart = (a: ExportOut, b: ExportOut): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
/** Largest rows first, exports without a row count last, ties by id descending (the engine's documented order). */
const byRowsDesc = (a: ExportOut, b: ExportOut): number => (b.rows ?? -1) - (a.rows ?? -1) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const countBy = (xs: readonly string[]): Record<string, number> => xs.reduce<Record<string, number>>((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {});
const pageErrors: string[] = [];

/** Runs a channel through the same validation the hosts use and unwraps the value. */
const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

/** Full-page capture from the top, so the sticky header and chart sit where a reader expects them. */
async function screenshot(name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** Every file under a folder with its size, as intake will count them. */
async function filesUnder(dir: string): Promise<{ path: string; bytes: number }[]> {
  const out: { path: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push({ path: full, bytes: (await stat(full)).size });
  }
  return out;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) to run the browser tests.`);
  }
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) {
    throw new Error(`${STATIC_DIR}/index.html is missing: run \`npm run build\` before the e2e tests.`);
  }
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  workDir = await mkdtemp(path.join(tmpdir(), 'leakscope-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  handlers = createHandlers({ host: 'web', version });
  info = await call<AppInfo>('app.info', {});
  // The engine's own answer for the request the page is about to make (a separate output folder).
  expected = await call<InvestigationResult>('investigation.run', {
    evidencePaths: [info.demoEvidencePath],
    outDir: path.join(workDir, 'direct'),
  });
  expectedExports = (JSON.parse(readFileSync(path.join(workDir, 'direct', 'exports.json'), 'utf8')) as { exports: ExportOut[] }).exports;
  host = await startWebHost({ handlers, staticDir: STATIC_DIR, port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message} ${e.stack ?? ''}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
}, RUN_TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('Leakscope in the browser', () => {
  it('the engine finds something to show in the demo evidence', () => {
    expect(expected.summary.records).toBeGreaterThan(0);
    expect(expected.exportCounts.suspicious).toBeGreaterThan(0);
    expect(expected.exportCounts.total).toBe(expectedExports.length);
    expect(expected.exportCounts.suspicious).toBe(expectedExports.filter((e) => e.suspicious).length);
    // More exports than one page holds, so reaching the end takes the pager.
    expect(expectedExports.length).toBeGreaterThan(500);
    expect(expected.jurisdictions.filter((j) => j.records > 0).length).toBeGreaterThan(0);
  });

  it('loads with the token from the fragment and then hides it', async () => {
    await page.goto(host.url);
    await expect.poll(() => page.getByTestId('evidence-paths').inputValue()).toBe(info.demoEvidencePath);
    expect(page.url()).not.toContain('token');
    expect(await page.getByTestId('host-badge').textContent()).toBe('Browser');
    await screenshot('01-before-run.png');
  });

  it('runs the demo investigation and shows the engine’s figures', async () => {
    await page.getByTestId('evidence-paths').fill('/somewhere/else');
    await page.getByTestId('use-demo').click();
    await expect.poll(() => page.getByTestId('evidence-paths').inputValue()).toBe(info.demoEvidencePath);
    await page.getByTestId('out-dir').fill(path.join(workDir, 'ui'));
    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId('run-error').count()).toBe(0);

    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(expected.summary.records);
    expect(figure(await page.getByTestId('exports-total').textContent())).toBe(expectedExports.length);
    expect(figure(await page.getByTestId('sources-total').textContent())).toBe(expected.sources.length);

    // The table opens on the suspicious exports in time order, as exports.json lists them.
    const suspicious = expectedExports.filter((e) => e.suspicious).sort(byStart);
    const rows = page.getByTestId('export-row');
    await expect.poll(() => page.getByTestId('exports-shown').getAttribute('data-total'), { timeout: 15_000 }).toBe(String(suspicious.length));
    expect(await page.locator('[data-testid="export-row"][data-suspicious="false"]').count()).toBe(0);
    const opening = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-export-id')));
    expect(opening).toEqual(suspicious.slice(0, Math.max(opening.length, Math.min(suspicious.length, 100))).map((e) => e.id));

    const shownCodes = await page.locator('[data-testid^="jurisdiction-row-"]').evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-testid')?.slice('jurisdiction-row-'.length)),
    );
    expect(new Set(shownCodes)).toEqual(new Set(expected.jurisdictions.map((j) => j.code)));
    for (const j of expected.jurisdictions) {
      const row = page.getByTestId(`jurisdiction-row-${j.code}`);
      expect(Number(await row.getAttribute('data-records')), j.code).toBe(j.records);
      expect(await row.locator('td').nth(2).textContent(), j.code).toBe(j.records.toLocaleString('en-US'));
    }
    expect(await page.getByTestId('jurisdiction-chart').locator('.recharts-bar-rectangle').count()).toBe(
      Math.min(25, expected.jurisdictions.filter((j) => j.records > 0).length),
    );
    expect(await page.getByTestId('output-row').count()).toBe(expected.outputs.length);
    await screenshot('02-after-run.png');

  }, RUN_TIMEOUT);

  it('shows log coverage for every event type of the demo, BulkApi2 with its incident hours', async () => {
    const coverage = expected.coverage;
    if (!coverage) throw new Error('the engine returned no coverage');
    const section = page.getByTestId('coverage-section');
    await section.waitFor();
    const shown = await page.locator('[data-testid^="coverage-row-"]').evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-testid')?.slice('coverage-row-'.length)),
    );
    expect(shown).toEqual(coverage.types.map((t) => t.eventType));
    for (const t of ['API', 'ApiTotalUsage', 'BulkApi', 'BulkApi2', 'Login', 'ReportExport', 'RestApi', 'URI']) expect(shown, t).toContain(t);
    const bulk2 = coverage.types.find((t) => t.eventType === 'BulkApi2');
    expect(bulk2?.runs.some((r) => r.state === 'present' && r.from <= '2025-07-26T22:00:00.000Z' && '2025-07-26T22:00:00.000Z' < r.to)).toBe(true);
    const row = page.getByTestId('coverage-row-BulkApi2');
    const present = Number(await row.getAttribute('data-present'));
    expect(present).toBe(bulk2?.hours.present);
    expect(present).toBeGreaterThan(0);
    expect(await row.locator('.cov-cell.cov-present').count()).toBe(present);
    expect(await row.locator('.cov-day').count()).toBe(coverage.totalHours / 24);
    expect(await page.getByTestId('coverage-legend').textContent()).toContain('beyond retention');
    await section.scrollIntoViewIfNeeded();
    await section.screenshot({ path: path.join(SHOTS, '04-coverage.png') });
  }, RUN_TIMEOUT);

  it('lists the affected records of the largest jurisdiction, as the engine pages them', async () => {
    const largest = [...expected.jurisdictions].sort((a, b) => b.records - a.records)[0];
    if (!largest) throw new Error('no jurisdiction');
    const direct = await call<RecordsPage>('investigation.records', {
      caseDir: expected.caseDir,
      jurisdiction: largest.code,
      offset: 0,
      limit: 50,
    });
    expect(direct.total).toBe(largest.records);

    await page.getByTestId(`jurisdiction-row-${largest.code}`).click();
    const records = page.getByTestId('record-row');
    await records.first().waitFor();
    expect(await records.count()).toBe(Math.min(50, largest.records));
    expect(Number(await page.getByTestId('records-total').getAttribute('data-total'))).toBe(largest.records);
    const shownIds = await records.evaluateAll((els) => els.map((el) => el.querySelectorAll('td')[1]?.textContent));
    expect(new Set(shownIds)).toEqual(new Set(direct.records.map((r) => r.id)));
    await screenshot('03-records.png');

    if (largest.records > 50) {
      await page.getByTestId('records-next').click();
      // "51–50 of N" shows while the page loads: wait for the rows themselves.
      await expect.poll(() => page.getByTestId('records-total').textContent()).toMatch(/^51–(?!50 )/);
      await expect.poll(() => records.count()).toBe(Math.min(50, largest.records - 50));
    }
  }, RUN_TIMEOUT);

  it('shows the run’s problems above the results, as the engine states them', async () => {
    const banner = page.getByTestId('problems');
    if (expected.problems.length === 0) {
      expect(await banner.count()).toBe(0);
      return;
    }
    const results = await page.getByTestId('results').boundingBox();
    const box = await banner.boundingBox();
    expect(box && results && box.y - results.y).toBeLessThan(5); // the first thing in the results
    const codes = await banner.locator('li').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')));
    expect(codes).toEqual(expected.problems.map((p) => p.code));
    expect(await banner.locator('.problem-message').allTextContents()).toEqual(expected.problems.map((p) => p.message));
  });

  it('shows the timeline of the incident: rows by integration, containment marked, zoomed by dragging', async () => {
    const caseDir = path.join(workDir, 'ui', 'case');
    const whole = await call<{ bucket: string; series: string[]; buckets: { rows: Record<string, number> }[]; markers: { kind: string }[]; markersTotal: number }>('timeline.get', { caseDir });
    const section = page.getByTestId('timeline-section');
    await section.getByTestId('timeline-chart').waitFor();
    expect(await section.getByTestId('timeline-window').getAttribute('data-bucket')).toBe(whole.bucket);
    expect(await section.getByTestId('timeline-legend-item').allTextContents()).toEqual(whole.series);
    expect(await section.getByTestId('timeline-marks-summary').textContent()).toContain(`${whole.markersTotal.toLocaleString('en-US')} mark`);
    expect(whole.markers.some((m) => m.kind === 'containment')).toBe(true); // the demo's token revocation
    expect(await section.locator('.recharts-reference-line').count()).toBeGreaterThan(0);
    await section.screenshot({ path: path.join(SHOTS, '02b-timeline.png') });
    // Drag across the middle of the plot: the engine re-buckets the narrower window.
    const plot = await section.locator('.recharts-cartesian-grid').boundingBox();
    if (!plot) throw new Error('no plot area');
    await page.mouse.move(plot.x + plot.width * 0.55, plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(plot.x + plot.width * 0.6, plot.y + plot.height / 2, { steps: 5 });
    await page.mouse.up();
    await section.getByTestId('timeline-reset').waitFor();
    await expect.poll(() => section.getByTestId('timeline-window').getAttribute('data-bucket')).not.toBe(whole.bucket);
    await section.screenshot({ path: path.join(SHOTS, '02c-timeline-zoomed.png') });
    await section.getByTestId('timeline-reset').click();
    await expect.poll(() => section.getByTestId('timeline-window').getAttribute('data-bucket')).toBe(whole.bucket);
  });

  it('lists the notification duties the engine found, with due dates and the time left', async () => {
    const direct = await call<{ duties: { jurisdiction: string; recipient: string; required: string; due: string | null }[]; awareAt: string | null }>('duties.list', { caseDir: path.join(workDir, 'ui', 'case') });
    const section = page.getByTestId('duties-section');
    await section.waitFor();
    const wanted = direct.duties.filter((d) => d.required !== 'no');
    expect(wanted.length).toBeGreaterThan(0);
    const rows = section.getByTestId('duty-row');
    expect(await rows.evaluateAll((els) => els.map((el) => [el.getAttribute('data-jurisdiction'), el.getAttribute('data-recipient'), el.getAttribute('data-required'), el.getAttribute('data-due')])))
      .toEqual(wanted.map((d) => [d.jurisdiction, d.recipient, d.required, d.due ?? '']));
    const first = wanted.findIndex((d) => d.due !== null);
    if (first >= 0) {
      const left = await rows.nth(first).getByTestId('duty-time-left').textContent();
      expect(left).toMatch(Date.parse(wanted[first]!.due!) < Date.now() ? /^overdue by / : /^in /);
    }
    await section.screenshot({ path: path.join(SHOTS, '03c-duties.png') });
    if (await section.getByTestId('duties-show-all').count()) {
      await section.getByTestId('duties-show-all').check();
      expect(await rows.count()).toBe(direct.duties.length);
      await section.getByTestId('duties-show-all').uncheck();
    }
  });

  it('answers "was this person affected?" by email and by record id, as the engine does', async () => {
    const sample = await call<RecordsPage>('investigation.records', { caseDir: expected.caseDir, offset: 0, limit: 50 });
    const person = sample.records.find((r) => r.email);
    if (!person?.email) throw new Error('no affected person with an email in the demo');
    const byEmail = await call<RecordsPage>('investigation.records', { caseDir: expected.caseDir, search: person.email, limit: 25 });
    const box = page.getByTestId('people-search-input');
    await box.scrollIntoViewIfNeeded();
    await box.fill(person.email);
    await expect.poll(() => page.getByTestId('people-search-total').getAttribute('data-total')).toBe(String(byEmail.total));
    const ids = await page.getByTestId('people-search').getByTestId('record-row').locator('td:nth-child(2)').allTextContents();
    expect(ids).toEqual(byEmail.records.map((r) => r.id));
    await page.getByTestId('people-search').screenshot({ path: path.join(SHOTS, '03b-people-search.png') });
    await box.fill(person.id.slice(0, 15));
    await expect.poll(() => page.getByTestId('people-search-total').getAttribute('data-total')).toBe('1');
    await box.fill('nobody-at-all@nowhere.example');
    await page.getByTestId('people-search-none').waitFor();
    await box.fill('');
  });

  it('walks the exports: every export, sorted by rows, scrolled to the end; then the suspicious; opens the attacker’s export', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const rows = page.getByTestId('export-row');
    const shown = page.getByTestId('exports-shown');
    const ids = () => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-export-id')));
    // The table scrolls through every row, drawing those around the view (from `data-first`), fetched as they come into view.
    const settled = async (total: number) => {
      await expect.poll(async () => [await shown.getAttribute('data-total'), await page.getByTestId('exports-scroll').getAttribute('aria-busy'), await page.getByTestId('export-row-loading').count()]).toEqual([String(total), 'false', 0]);
    };
    const first = async () => Number(await shown.getAttribute('data-first'));
    const all = [...expectedExports].sort(byStart);
    const count = (n: number) => n.toLocaleString('en-US');

    // Every export, time order, scrolled to the very end.
    await page.getByTestId('exports-suspicious').selectOption('any');
    await settled(all.length);
    expect(await first()).toBe(0);
    const top = await ids();
    expect(top).toEqual(all.slice(0, top.length).map((e) => e.id));
    await page.getByTestId('exports-last').click();
    await expect.poll(() => shown.getAttribute('data-visible-to')).toBe(String(all.length));
    await settled(all.length);
    expect(await ids()).toEqual(all.slice(await first()).map((e) => e.id));
    const from = Number(await shown.getAttribute('data-visible-from'));
    expect(await shown.textContent()).toBe(`${count(from + 1)}–${count(all.length)} of ${count(all.length)} matching · ${count(all.length)} in the case`);
    expect(await page.getByTestId('exports-last').isDisabled()).toBe(true);

    // Sorted by rows, largest first (from the top again); the end holds the smallest.
    const byRows = [...expectedExports].sort(byRowsDesc);
    await page.getByTestId('sort-rows').click();
    await expect.poll(() => page.getByTestId('export-row').first().getAttribute('data-export-id')).toBe(byRows[0]!.id);
    await settled(all.length);
    expect(await first()).toBe(0);
    const topByRows = await ids();
    expect(topByRows).toEqual(byRows.slice(0, topByRows.length).map((e) => e.id));
    await page.getByTestId('exports-last').click();
    await expect.poll(() => shown.getAttribute('data-visible-to')).toBe(String(all.length));
    await settled(all.length);
    expect(await ids()).toEqual(byRows.slice(await first()).map((e) => e.id));
    await page.getByTestId('exports-first').click();
    await expect.poll(() => shown.getAttribute('data-visible-from')).toBe('0');
    await settled(all.length);
    await page.locator('#exports-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '09-exports-all-by-rows.png') });

    // Filtered to the suspicious, still by rows; facets count what exports.json holds.
    const suspicious = expectedExports.filter((e) => e.suspicious).sort(byRowsDesc);
    await page.getByTestId('exports-suspicious').selectOption('yes');
    await settled(suspicious.length);
    const drawnSuspicious = await ids();
    expect(drawnSuspicious).toEqual(suspicious.slice(0, drawnSuspicious.length).map((e) => e.id));
    expect(await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-rows'))))).toEqual(suspicious.slice(0, drawnSuspicious.length).map((e) => e.rows ?? 0));
    const facet = async (name: string) => Object.fromEntries(await page.getByTestId(`facet-${name}`).locator('.chip').evaluateAll((els) => els.map((el) => [el.getAttribute('data-value'), Number(el.getAttribute('data-count'))])));
    expect(await facet('channel')).toEqual(countBy(suspicious.map((e) => e.channel)));
    expect(await facet('flag')).toEqual(countBy(suspicious.flatMap((e) => e.reasons.map((r) => r.code))));
    expect(await facet('object')).toEqual(countBy(suspicious.flatMap((e) => (e.object ? [e.object] : []))));

    // A facet narrows the table: the suspicious exports whose Bulk job was deleted afterwards.
    const deleted = suspicious.filter((e) => e.reasons.some((r) => r.code === 'bulk_job_deleted'));
    if (deleted.length) {
      await page.getByTestId('facet-flag').locator('.chip[data-value="bulk_job_deleted"]').click();
      await settled(deleted.length);
      expect(await ids()).toEqual(deleted.map((e) => e.id));
      await page.getByTestId('facet-flag').locator('.chip[data-value="bulk_job_deleted"]').click();
      await settled(suspicious.length);
    }
    await page.locator('#exports-title').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '10-exports-suspicious.png') });

    // The attacker's most-flagged export, opened from its id.
    opened = [...suspicious].sort((a, b) => b.reasons.length - a.reasons.length)[0]!;
    await page.locator(`[data-testid="export-row"][data-export-id="${opened.id}"]`).getByTestId('export-link').click();
    const detail = page.getByTestId('export-detail');
    await detail.getByTestId('export-flags').waitFor();
    expect(await detail.getAttribute('data-export-id')).toBe(opened.id);
    expect(await detail.getByTestId('export-flag').evaluateAll((els) => els.map((el) => el.getAttribute('data-code')))).toEqual(opened.reasons.map((r) => r.code));
    for (const r of opened.reasons) expect(await detail.locator(`[data-testid="export-flag"][data-code="${r.code}"]`).textContent()).toContain(r.message);
    expect(figure(await detail.getByTestId('export-detail-rows').textContent())).toBe(opened.rows);
    expect(await detail.getByTestId('export-query').textContent()).toBe(opened.query ?? '(not logged)');
    expect(figure((await detail.getByTestId('export-evidence-count').textContent())?.split(' ')[0] ?? null)).toBe(opened.evidence.length);
    expect(await detail.getByTestId('export-evidence').getByTestId('evidence-link').count()).toBe(Math.min(50, opened.evidence.length));
    const ipText = await detail.getByTestId('export-source-ip').textContent();
    if (opened.sourceIp) expect(ipText).toContain(opened.sourceIp);
    for (const part of [opened.sourceIpInfo?.country, opened.sourceIpInfo?.org, opened.sourceIpInfo?.network]) if (part) expect(ipText).toContain(part);
    await page.screenshot({ path: path.join(SHOTS, '11-export-detail.png') });

    // Its first merged event, exactly as read from the source.
    await detail.getByTestId('export-evidence').getByTestId('evidence-link').first().click();
    await page.getByTestId('source-line').waitFor();
    expect(await page.getByTestId('source-line').locator('tr').count()).toBeGreaterThan(0);
    await page.getByTestId('source-line').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '12-export-evidence-line.png') });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, RUN_TIMEOUT);

  it('shows the line number and the record exactly as it stands in the file', async () => {
    const ref = opened.evidence[0];
    if (!ref) throw new Error(`export ${opened.id} has no evidence in exports.json`);
    const direct = await call<SourceLine>('source.line', { caseDir: path.join(workDir, 'ui', 'case'), sourceId: ref.sourceId, record: ref.record });
    if (direct.line === null || direct.raw === null) throw new Error('the engine gave no line or raw text for a CSV source');
    expect(await page.getByTestId('source-line-number').textContent()).toBe(`line ${direct.line}`);
    const shown = await page.getByTestId('source-line-raw').textContent();
    expect(shown).toBe(direct.raw);
    // The text really is what the file holds at that line.
    const lines = readFileSync(direct.file, 'utf8').split(/\r?\n/);
    expect(lines.slice(direct.line - 1).join('\n').startsWith(direct.raw.replace(/\r\n/g, '\n'))).toBe(true);
    await page.getByTestId('source-line').screenshot({ path: path.join(SHOTS, '08-source-line.png') });
  });

  it('takes a privileged note on the opened export, recorded by the engine and listed back', async () => {
    const detail = page.getByTestId('export-detail');
    const notes = detail.getByTestId('notes-panel');
    await notes.scrollIntoViewIfNeeded();
    await notes.getByTestId('note-text').fill('Attacker pull: confirm the row count with the vendor');
    await notes.getByTestId('note-tags').fill('incident, vendor');
    await notes.getByTestId('note-privileged').check();
    await notes.getByTestId('note-add').click();
    await notes.getByTestId('note').first().waitFor();
    const caseDir = path.join(workDir, 'ui', 'case');
    const listed = await call<{ notes: { id: string; text: string; privileged: boolean; tags: string[]; target: { kind: string; id: string } }[] }>('notes.list', { caseDir, target: { kind: 'export', id: opened.id } });
    expect(listed.notes).toHaveLength(1);
    expect(listed.notes[0]).toMatchObject({ text: 'Attacker pull: confirm the row count with the vendor', privileged: true, tags: ['incident', 'vendor'], target: { kind: 'export', id: opened.id } });
    expect(await notes.getByTestId('note').getAttribute('data-note-id')).toBe(listed.notes[0]!.id);
    expect(await notes.locator('.badge-privileged').count()).toBe(1);
    expect(custodyActions(caseDir).map((a) => a.action)).toContain('note.added');
    await notes.screenshot({ path: path.join(SHOTS, '11b-export-note.png') });
  });

  it('shows live progress, quarantines a malformed row with its file and line, and records the investigator', async () => {
    // A copy of the demo evidence with one more Login file: one row with two extra columns, one good row.
    const evidence = path.join(workDir, 'evidence-extra');
    await cp(info.demoEvidencePath, evidence, { recursive: true });
    const [header, good] = readFileSync(path.join(evidence, 'elf/Login/Login-2025-08-04.csv'), 'utf8').split(/\r?\n/);
    if (!header || !good) throw new Error('the demo Login file has no data row');
    const moved = good.replace(/20250804/g, '20250805').replace(/2025-08-04/g, '2025-08-05');
    const bad = moved.replace('"LOGIN_NO_ERROR"', '"LOGIN_NO_ERROR","EXTRA","COLUMNS"');
    expect(bad).not.toBe(moved);
    const extraFile = path.join(evidence, 'elf/Login/Login-2025-08-05.csv');
    const extraText = `${header}\n${bad}\n${moved}\n`;
    await writeFile(extraFile, extraText);
    const extraSha = createHash('sha256').update(extraText).digest('hex');
    const files = await filesUnder(evidence);
    const engine = await call<InvestigationResult>('investigation.run', { evidencePaths: [evidence], outDir: path.join(workDir, 'direct-extra') });
    expect(engine.quarantinedRows).toBe(1);

    await page.getByTestId('evidence-paths').fill(evidence);
    await page.getByTestId('out-dir').fill(path.join(workDir, 'ui-extra'));
    await page.getByTestId('investigator').fill('Dana Whitfield');
    await page.getByTestId('run-button').click();

    // Progress, as the engine reports it, while the run is under way.
    const progress = page.getByTestId('run-progress');
    await expect
      .poll(() => page.getByTestId('progress-bytes').textContent().catch(() => ''), { timeout: 30_000, interval: 50 })
      .toMatch(/^[\d.,]+ (B|kB|MB) of [\d.,]+ MB · \d+%$/);
    expect(Number(await progress.getAttribute('data-bytes-total'))).toBe(files.reduce((n, f) => n + f.bytes, 0));
    expect(await progress.textContent()).toContain(`/ ${files.length.toLocaleString('en-US')}`);
    await expect
      .poll(async () => Number((await progress.getAttribute('data-bytes-done').catch(() => '0')) || 0), { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(0)
      .catch(() => undefined); // a very fast machine may be past intake already; the figures above were seen
    await page.screenshot({ path: path.join(SHOTS, '05-progress.png') });

    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await progress.count()).toBe(0);
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(engine.summary.records);
    expect(figure(await page.getByTestId('sources-total').textContent())).toBe(engine.sources.length);

    // The quarantine lists the row: its file, its physical line (2: the header is line 1) and its exact text.
    const section = page.getByTestId('quarantine-section');
    expect(await section.getAttribute('data-total')).toBe('1');
    expect(figure(await page.getByTestId('quarantine-total').textContent())).toBe(1);
    const rows = page.getByTestId('quarantine-row');
    expect(await rows.count()).toBe(1);
    const row = rows.first();
    expect(await row.getAttribute('data-line')).toBe('2');
    expect(await row.locator('td').nth(0).textContent()).toBe('Login-2025-08-05.csv');
    expect(await row.locator('td').nth(0).getAttribute('title')).toBe(extraFile);
    expect(await row.locator('td').nth(1).textContent()).toBe('2');
    expect(await row.locator('td').nth(2).textContent()).toBe(engine.quarantine[0]?.reason);
    expect(await row.locator('td').nth(3).getAttribute('title')).toBe(bad);
    expect(await page.getByTestId('quarantine-truncated').count()).toBe(0);

    // The sources table shows the file: kind, rows kept, rows quarantined and the SHA-256 of its bytes.
    await page.getByTestId('sources-section').locator('summary').click();
    const source = page.getByTestId('source-row').filter({ has: page.getByTestId('source-name').getByText('Login-2025-08-05.csv', { exact: true }) });
    expect(await source.count()).toBe(1);
    const cells = source.locator('td');
    expect(await cells.nth(1).textContent()).toBe('Event Log File');
    expect(await cells.nth(2).textContent()).toBe('Login');
    expect(await cells.nth(3).textContent()).toBe('1');
    expect(await source.getByTestId('source-quarantined').textContent()).toBe('1');
    expect(await source.getByTestId('source-sha256').textContent()).toBe(extraSha);

    await source.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, '06b-sources.png') });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, '06-quarantine.png') });

    // The investigator's name reached the custody log, beside the OS user.
    const actions = custodyActions(path.join(workDir, 'ui-extra', 'case'));
    expect(actions.some((a) => a.action === 'investigation.started' && /^Dana Whitfield \(OS user .+\)$/.test(a.actor))).toBe(true);
  }, RUN_TIMEOUT);

  it('takes an oddly named export as the sObject the investigator names, and keeps verified copies', async () => {
    const evidence = path.join(workDir, 'evidence-as');
    await mkdir(evidence, { recursive: true });
    const text = 'Id,FirstName,LastName,Email,MailingCountry,CreatedDate\n0035j00000AsObA,Ada,Lovelace,ada@example.org,UK,2025-06-01T10:00:00.000Z\n';
    await writeFile(path.join(evidence, 'crm-dump-final(2).csv'), text);
    await page.getByTestId('evidence-paths').fill(evidence);
    await page.getByTestId('out-dir').fill(path.join(workDir, 'ui-as'));
    await page.getByTestId('as-object').fill('Contact');
    await page.getByTestId('copy-evidence').check();
    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    await page.getByTestId('sources-section').locator('summary').click();
    const source = page.getByTestId('source-row').filter({ has: page.getByTestId('source-name').getByText('crm-dump-final(2).csv', { exact: true }) });
    expect(await source.locator('td').nth(1).textContent()).toBe('Record snapshot');
    expect(await source.locator('td').nth(2).textContent()).toBe('Contact');
    const actions = custodyActions(path.join(workDir, 'ui-as', 'case'));
    expect(actions.filter((a) => a.action === 'source.copied')).toHaveLength(1);
    expect(readFileSync(path.join(workDir, 'ui-as', 'case', 'evidence', '1-crm-dump-final(2).csv'), 'utf8')).toBe(text);
    await page.getByTestId('as-object').fill('');
    await page.getByTestId('copy-evidence').uncheck();
  }, RUN_TIMEOUT);

  it('shows what was found but not taken in (a FIFO, a hidden file), with the reasons', async () => {
    const evidence = path.join(workDir, 'evidence-skipped');
    await mkdir(evidence, { recursive: true });
    await writeFile(path.join(evidence, 'Contact.csv'), 'Id,FirstName,LastName,MailingCountry\n0035j00000SkpA1,Ada,Lovelace,UK\n');
    await writeFile(path.join(evidence, '.notes.csv'), 'x\n');
    execFileSync('mkfifo', [path.join(evidence, 'pipe.csv')]);
    await page.getByTestId('evidence-paths').fill(evidence);
    await page.getByTestId('out-dir').fill(path.join(workDir, 'ui-skipped'));
    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    const items = await page.getByTestId('skipped').locator('li').allTextContents();
    expect(items).toEqual([
      `${evidence}/.notes.csv — hidden file (its name starts with "."); not imported — name it on the command line to import it`,
      `${evidence}/pipe.csv — is a named pipe (FIFO), not a regular file; never opened, not imported`,
    ]);
    // Each skipped item is shown once: not repeated among the warnings.
    expect(await page.getByTestId('warnings').locator('li').filter({ hasText: 'pipe.csv' }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, '06b-skipped.png') });
  }, RUN_TIMEOUT);

  it('cancels a run calmly, and running again completes the same case with the engine’s answer', async () => {
    // The investigator's name is remembered across a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('investigator').inputValue()).toBe('Dana Whitfield');
    await page.getByTestId('use-demo').click();
    const outDir = path.join(workDir, 'ui-cancel');
    await page.getByTestId('out-dir').fill(outDir);
    const errorsBefore = pageErrors.length;
    await page.getByTestId('run-button').click();

    // Cancel once the progress bar shows the first files in, so the case really holds part of the evidence.
    const progress = page.getByTestId('run-progress');
    await progress.waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number((await progress.getAttribute('data-bytes-done')) || 0), { timeout: 30_000, interval: 25 }).toBeGreaterThan(0);
    await page.getByTestId('cancel-run').click();
    const notice = page.getByTestId('run-cancelled');
    await notice.waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId('run-error').count()).toBe(0);
    expect(await page.getByTestId('results').count()).toBe(0);
    expect(await notice.getAttribute('role')).toBe('status');
    // A cancelled run is an outcome the investigator asked for: nothing is logged as an error.
    expect(pageErrors.splice(errorsBefore)).toEqual([]);
    expect(await notice.textContent()).toContain('The case keeps every file that was fully imported');
    expect(await notice.textContent()).toContain('Run the investigation again with the same output folder to finish the job');
    const takenIn = /Import cancelled: (\d+) file\(s\) were taken in/.exec((await page.getByTestId('cancelled-engine-message').textContent()) ?? '');
    expect(Number(takenIn?.[1])).toBeGreaterThan(0);
    expect(Number(takenIn?.[1])).toBeLessThan(expected.sources.length);
    expect(await page.getByTestId('out-dir').inputValue()).toBe(outDir);
    expect(custodyActions(path.join(outDir, 'case')).map((a) => a.action)).toContain('intake.cancelled');
    await page.screenshot({ path: path.join(SHOTS, '07-cancelled.png') });

    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId('run-cancelled').count()).toBe(0);
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(expected.summary.records);
    expect(figure(await page.getByTestId('sources-total').textContent())).toBe(expected.sources.length);
    expect(figure(await page.getByTestId('exports-total').textContent())).toBe(expectedExports.length);
    expect(await page.getByTestId('quarantine-none').count()).toBe(1);
  }, RUN_TIMEOUT);

  it('raised no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
