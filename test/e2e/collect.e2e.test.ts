/**
 * The Collect screen in Debian Chromium against the loopback host over the real engine and a fake
 * Salesforce org (loopback HTTP, the demo evidence behind the real API shapes): an expired token
 * (401) first — a clear message at the top, no token in it — then a collection with a pasted
 * token, its progress, the coverage report (problems first, what to do), "Import this bundle", the
 * investigation, and the figures on screen checked against the demo generator's own truth (as the
 * collector's CLI test checks them). Last, every file under the bundle, the case, the outputs and
 * the host's config folder, every API answer the page received, its storage and its DOM are read:
 * the token is in none. Screenshots at 1280×800 and 1920×1080 go to test-results/screenshots/collect-*.png.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../shared/bundle.js';
import type { Handlers } from '../../shared/contract.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';
import { generateDemo } from '../../scripts/demo/index.js';
import { figure } from '../helpers/custodyLog.js';
import { parseCsv, startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC_DIR = process.env.LS_STATIC_DIR ?? path.join(REPO, 'dist', 'renderer');
const SHOTS = path.join(REPO, 'test-results', 'screenshots');
const DEMO = path.join(REPO, 'resources', 'demo', 'evidence');
const RUN_TIMEOUT = 300_000;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const TOKEN = '00D5j000000NWDm!AQEAQCollectScreenToken.e2e_Only_4kR9zQ';
const EXPIRED = '00D5j000000NWDm!AQEAQExpiredSessionToken.e2e_Only_8pL2';
const RANGE = { from: '2025-07-01T00:00:00Z', to: '2025-08-05T00:00:00Z' };

let workDir: string;
let handlers: Handlers;
let host: WebHost;
let browser: Browser;
let page: Page;
let org: FakeSalesforce;
let expired: FakeSalesforce;
let bundleDir: string;
const answers: string[] = [];
const pageErrors: string[] = [];

/** Every file under dir (absolute paths). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

/** Records of a demo CSV (header excluded, blank lines ignored). */
function csvRecords(file: string): number {
  return parseCsv(readFileSync(file, 'utf8')).filter((r) => r.some((v) => v !== '')).length - 1;
}

/** The screen as the user sees it, at both sizes, from the top (then back to the first size). */
async function shoot(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `collect-${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SIZES[0]!);
}

/** Fills the Collect form for `url` into `out`, with the range of the demo incident and the given token. */
async function fillForm(url: string, out: string, token: string): Promise<void> {
  await page.getByTestId('collect-instance-url').fill(url);
  await page.getByTestId('collect-out-dir').fill(out);
  await page.getByTestId('collect-from').fill(RANGE.from);
  await page.getByTestId('collect-to').fill(RANGE.to);
  await page.getByTestId('collect-token').fill(token);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package to run the browser tests.`);
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error(`${STATIC_DIR}/index.html is missing: run \`npm run build\` first.`);
  workDir = await mkdtemp(path.join(tmpdir(), 'leakscope-collect-e2e-'));
  await mkdir(SHOTS, { recursive: true });
  bundleDir = path.join(workDir, 'bundles', 'northwind');
  // LoginHistory holds nothing in the demo: refusing it changes no figure, and shows a "not permitted" problem.
  org = await startFakeSalesforce({ root: DEMO, exclude: ['org-southwind'], token: TOKEN, emptyRtem: ['LoginEvent'], queryPageSize: 500, faults: { notPermitted: ['LoginHistory'] } });
  expired = await startFakeSalesforce({ root: DEMO, exclude: ['org-southwind'], token: EXPIRED, faults: { expireTokenAfter: 0 } });
  handlers = createHandlers({ host: 'web', version: 'e2e', configDir: path.join(workDir, 'config'), outRoot: path.join(workDir, 'Leakscope'), collect: { pollIntervalMs: 20 } });
  host = await startWebHost({ handlers, staticDir: STATIC_DIR, port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: SIZES[0]! });
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/')) void r.text().then((t) => answers.push(t), () => undefined);
  });
  await page.goto(host.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await org?.close();
  await expired?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the Collect screen', () => {
  it('shows the form with its defaults and the permissions the user needs', async () => {
    await page.getByTestId('tab-collect').click();
    await page.getByTestId('collect-screen').waitFor();
    const token = page.getByTestId('collect-token');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await token.getAttribute('autocomplete')).toBe('off');
    expect(await page.getByTestId('collect-objects').inputValue()).toBe('Account, Case, Contact, Lead, Opportunity');
    expect(await page.getByTestId('collect-query-all').isChecked()).toBe(true);
    // The default range: the 30 days Salesforce keeps log files, up to now.
    const from = Date.parse(await page.getByTestId('collect-from').inputValue());
    const to = Date.parse(await page.getByTestId('collect-to').inputValue());
    expect(Math.round((to - from) / 86_400_000)).toBe(30);
    expect(Math.abs(Date.now() - to)).toBeLessThan(10 * 60_000);
    expect(await page.getByTestId('collect-out-dir').inputValue()).toContain(path.join(workDir, 'Leakscope', 'bundles'));
    const needs = (await page.getByTestId('collect-permissions').textContent()) ?? '';
    for (const p of ['View Event Log Files', 'API Enabled', 'View Setup and Configuration', 'Read on each snapshot object']) expect(needs).toContain(p);
    expect(await page.getByTestId('collect-start').isDisabled()).toBe(true);
    await shoot('01-form');
  });

  it('says at the top, without the token, that an expired token (401) was refused and what to do', async () => {
    await fillForm(expired.url, path.join(workDir, 'bundles', 'expired'), EXPIRED);
    await page.getByTestId('collect-start').click();
    const error = page.getByTestId('collect-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.getAttribute('data-code')).toBe('UNAUTHORIZED');
    const text = (await error.textContent()) ?? '';
    expect(text).toContain('Salesforce refused the sign-in');
    expect(text).toMatch(/HTTP 401 INVALID_SESSION_ID/);
    expect(text).toMatch(/Paste a fresh access token/);
    expect(text).not.toContain(EXPIRED);
    // At the top: above the form.
    const errorBox = (await error.boundingBox())!;
    const formBox = (await page.getByTestId('collect-instance-url').boundingBox())!;
    expect(errorBox.y).toBeLessThan(formBox.y);
    expect(await page.getByTestId('collect-token').inputValue()).toBe('');
    expect(await page.content()).not.toContain(EXPIRED);
    expect(expired.requests.length).toBeGreaterThan(0);
    await shoot('02-expired-token');
  }, 60_000);

  it('collects with a pasted token, with progress, and shows the coverage report with its problems first', async () => {
    await fillForm(org.url, bundleDir, TOKEN);
    await page.getByTestId('collect-start').click();
    // The token left with the request: the field is empty while the collection runs.
    expect(await page.getByTestId('collect-token').inputValue()).toBe('');
    await page.getByTestId('collect-progress').waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number((await page.getByTestId('collect-progress').getAttribute('data-files-done').catch(() => '0')) || 0) > 0 || (await page.getByTestId('collect-outcome').count()) > 0, { timeout: 60_000 }).toBe(true);
    if ((await page.getByTestId('collect-progress').count()) > 0) await shoot('03-progress').catch(() => undefined);
    const outcome = page.getByTestId('collect-outcome');
    await outcome.waitFor({ timeout: RUN_TIMEOUT });
    expect(await outcome.getAttribute('data-complete')).toBe('true');

    // What the collector wrote, read from disk: the screen's figures are the bundle's.
    const manifest = JSON.parse(readFileSync(path.join(bundleDir, 'bundle.json'), 'utf8')) as BundleManifest;
    expect(await page.getByTestId('collect-bundle-dir').textContent()).toBe(bundleDir);
    expect(Number(await page.getByTestId('collect-files-total').getAttribute('data-files'))).toBe(manifest.files.length);
    expect(Number(await page.getByTestId('collect-bytes-total').getAttribute('data-bytes'))).toBe(manifest.files.reduce((n, f) => n + f.bytes, 0));

    // The coverage report against the fake org's data.
    const row = (name: string) => outcome.locator(`[data-testid="collect-coverage-row"][data-name="${name}"]`);
    expect(await row('ApiEvent').getAttribute('data-status')).toBe('collected');
    expect(Number(await row('ApiEvent').getAttribute('data-records'))).toBe(csvRecords(path.join(DEMO, 'rtem', 'ApiEvent.csv')));
    expect(Number(await row('Contact').getAttribute('data-records'))).toBe(csvRecords(path.join(DEMO, 'snapshots', 'Contact.csv')));
    expect(await row('LoginEvent').getAttribute('data-status')).toBe('empty');
    expect(await row('FileEventStore').getAttribute('data-status')).toBe('not_licensed');
    expect(await row('LoginHistory').getAttribute('data-status')).toBe('not_permitted');
    const demoElf = filesUnder(path.join(DEMO, 'elf')).length + filesUnder(path.join(DEMO, 'elf-hourly')).length;
    const elfFiles = await outcome.locator('[data-testid="collect-coverage-row"][data-kind="elf"]').evaluateAll((rows) => rows.reduce((n, r) => n + Number(r.getAttribute('data-files')), 0));
    expect(elfFiles).toBe(demoElf); // one row per log type, every daily and hourly file of the demo
    expect(await row('RestApi').getAttribute('data-status')).toBe('collected');
    // Problems first, each saying what to do; the first row of the table is the one to act on.
    const problems = outcome.getByTestId('collect-problems');
    const words = (await problems.textContent()) ?? '';
    expect(words).toMatch(/The signed-in user may not read LoginHistory/);
    expect(words).toMatch(/Give the user “View Setup and Configuration”.*collect again into the same bundle folder/);
    expect(words).toMatch(/FileEventStore.*not licensed/);
    expect(await outcome.getByTestId('collect-coverage-row').first().getAttribute('data-status')).toBe('not_permitted');
    expect((await problems.boundingBox())!.y).toBeLessThan((await outcome.getByTestId('collect-coverage').boundingBox())!.y);
    await shoot('04-coverage');
  }, RUN_TIMEOUT);

  it('imports the bundle: the evidence form takes its folder, and the figures are the demo generator’s truth', async () => {
    await page.getByTestId('collect-import').click();
    expect(await page.getByTestId('tab-investigation').getAttribute('aria-selected')).toBe('true');
    // The form takes the preset on its next render: wait for it rather than read the field in the same instant.
    await expect.poll(() => page.getByTestId('evidence-paths').inputValue()).toBe(bundleDir);
    await page.getByTestId('run-button').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    const truth = generateDemo(20250726).truth;
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(truth.affectedPersons.length);
    for (const [code, n] of Object.entries(truth.byJurisdiction)) {
      expect(Number(await page.getByTestId(`jurisdiction-row-${code}`).getAttribute('data-records')), code).toBe(n);
    }
    await shoot('05-investigated');
  }, RUN_TIMEOUT);

  it('cancels a collection leaving a consistent bundle, and a second collection into it continues and completes it', async () => {
    const again = path.join(workDir, 'bundles', 'cancelled');
    await page.getByTestId('tab-collect').click();
    await fillForm(org.url, again, TOKEN);
    // A slow link, so that the run is still downloading when the poll looks (on a fast machine the
    // whole collection could otherwise finish between two looks, and there would be nothing to cancel).
    org.faults.slowDownloadsMs = 400;
    await page.getByTestId('collect-start').click();
    await expect.poll(() => page.getByTestId('collect-progress').getAttribute('data-phase', { timeout: 1_000 }).catch(() => null), { timeout: 60_000, interval: 100 }).toBe('downloading');
    await page.getByTestId('collect-cancel').click();
    await page.getByTestId('collect-cancelled').waitFor({ timeout: 60_000 });
    org.faults.slowDownloadsMs = 0;
    // Every file bundle.json lists is there with its size and hash; nothing half-received is left.
    const m = JSON.parse(readFileSync(path.join(again, 'bundle.json'), 'utf8')) as BundleManifest;
    expect(m.complete).toBe(false);
    for (const f of m.files) expect(statSync(path.join(again, f.path)).size).toBe(f.bytes);
    expect(existsSync(path.join(again, '.incoming'))).toBe(false);
    const onDisk = filesUnder(again).map((f) => path.relative(again, f).split(path.sep).join('/')).filter((f) => f !== 'bundle.json' && f !== 'coverage.json');
    expect(onDisk.sort()).toEqual(m.files.map((f) => f.path).sort());
    await shoot('06-cancelled');
    // The same folder and options again: what is saved is verified and skipped.
    await page.getByTestId('collect-token').fill(TOKEN);
    await page.getByTestId('collect-start').click();
    const outcome = page.getByTestId('collect-outcome');
    await outcome.waitFor({ timeout: RUN_TIMEOUT });
    expect(await outcome.getAttribute('data-complete')).toBe('true');
    const total = JSON.parse(readFileSync(path.join(again, 'bundle.json'), 'utf8')) as BundleManifest;
    expect(Number(await page.getByTestId('collect-files-total').getAttribute('data-files'))).toBe(total.files.length);
    expect(total.files.length).toBe(JSON.parse(readFileSync(path.join(bundleDir, 'bundle.json'), 'utf8')).files.length);
    // The files the cancelled run saved were verified, not fetched again (the EventLogFile listing is read afresh).
    const [, saved, verified] = /\(([\d,]+) saved by this run, ([\d,]+) already there and verified\)/.exec((await outcome.textContent()) ?? '') ?? [];
    expect(figure(verified ?? null)).toBeGreaterThanOrEqual(m.files.length - 1);
    expect(figure(verified ?? null)).toBeLessThanOrEqual(m.files.length);
    expect(figure(saved ?? null)).toBeLessThan(total.files.length - m.files.length + 2);
  }, RUN_TIMEOUT);

  it('left the token in no file written (bundle, case, outputs, config), no answer, no storage and not in the page', async () => {
    const written = filesUnder(workDir);
    expect(written.some((f) => f.endsWith('bundle.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('custody.sqlite'))).toBe(true);
    expect(written.some((f) => f.startsWith(path.join(workDir, 'config')))).toBe(true);
    expect(written.length).toBeGreaterThan(200);
    for (const f of written) {
      const bytes = readFileSync(f);
      for (const t of [TOKEN, EXPIRED]) expect(bytes.includes(t), `${f} holds a token`).toBe(false);
    }
    expect(answers.some((a) => a.includes('"phase"'))).toBe(true); // progress answers were seen
    for (const a of answers) for (const t of [TOKEN, EXPIRED]) expect(a.includes(t)).toBe(false);
    const storage = await page.evaluate(() => JSON.stringify({ local: { ...window.localStorage }, session: { ...window.sessionStorage } }));
    const inputs = await page.evaluate(() => Array.from(document.querySelectorAll('input, textarea'), (i) => (i as HTMLInputElement).value).join('\n'));
    const dom = await page.content();
    for (const t of [TOKEN, EXPIRED]) {
      expect(storage).not.toContain(t);
      expect(inputs).not.toContain(t);
      expect(dom).not.toContain(t);
    }
    // The one error the console shows is the host answering the refused sign-in with HTTP 401 (the Result in its body).
    expect(pageErrors.filter((e) => !/status of 401 \(Unauthorized\)/.test(e))).toEqual([]);
  });
});
