/**
 * End to end in Debian Chromium: the built renderer, served by the loopback web host over the
 * real engine, runs the demo investigation; every figure the page shows must equal what the
 * engine returns for the same request. Needs `npm run build` first (`npm test` does it) and
 * /usr/bin/chromium. Screenshots go to test-results/screenshots/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Handlers, RecordsPage } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC_DIR = path.join(REPO, 'dist', 'renderer');
const SHOTS = path.join(REPO, 'test-results', 'screenshots');
const RUN_TIMEOUT = 240_000;

let workDir: string;
let handlers: Handlers;
let host: WebHost;
let browser: Browser;
let page: Page;
let info: AppInfo;
let expected: InvestigationResult;
const pageErrors: string[] = [];

/** Runs a channel through the same validation the hosts use and unwraps the value. */
async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Full-page capture from the top, so the sticky header and chart sit where a reader expects them. */
async function screenshot(name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

/** Reads a figure as displayed ("1,234") back into a number. */
function figure(text: string | null): number {
  const n = Number((text ?? '').replace(/[,\s]/g, ''));
  if (!Number.isFinite(n)) throw new Error(`Not a number on screen: ${JSON.stringify(text)}`);
  return n;
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
  host = await startWebHost({ handlers, staticDir: STATIC_DIR, port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
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
    expect(expected.exports.some((e) => e.suspicious)).toBe(true);
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
    expect(await page.getByTestId('evidence-paths').inputValue()).toBe(info.demoEvidencePath);
    await page.getByTestId('out-dir').fill(path.join(workDir, 'ui'));
    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    expect(await page.getByTestId('run-error').count()).toBe(0);

    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(expected.summary.records);
    expect(figure(await page.getByTestId('exports-total').textContent())).toBe(expected.exports.length);
    expect(figure(await page.getByTestId('sources-total').textContent())).toBe(expected.sources.length);

    const suspicious = expected.exports.filter((e) => e.suspicious);
    const rows = page.getByTestId('export-row');
    expect(await rows.count()).toBe(Math.min(suspicious.length, 500));
    expect(await page.locator('[data-testid="export-row"][data-suspicious="false"]').count()).toBe(0);
    expect(new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-export-id'))))).toEqual(
      new Set(suspicious.slice(0, 500).map((e) => e.id)),
    );

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

    await page.getByTestId('suspicious-only').uncheck();
    expect(await rows.count()).toBe(Math.min(expected.exports.length, 500));
    await page.getByTestId('suspicious-only').check();
    expect(await rows.count()).toBe(Math.min(suspicious.length, 500));
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
      await expect.poll(() => page.getByTestId('records-total').textContent()).toMatch(/^51–/);
      expect(await records.count()).toBe(Math.min(50, largest.records - 50));
    }
  }, RUN_TIMEOUT);

  it('opens an export and shows a source row exactly as read', async () => {
    const first = page.getByTestId('export-row').first();
    await first.getByRole('button', { name: 'Show export details' }).click();
    const detail = page.getByTestId('export-detail');
    await detail.waitFor();
    await detail.locator('button.link').first().click();
    await page.getByTestId('source-line').waitFor();
    expect(await page.getByTestId('source-line').locator('tr').count()).toBeGreaterThan(0);
  });

  it('raised no page errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
