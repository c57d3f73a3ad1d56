/**
 * The Report screen in Debian Chromium against the loopback host over the real engine, on an investigated demo case:
 * generate the report set, see every file the engine wrote (names, sizes, hashes as on disk), download one through
 * the host and check its SHA-256 here, verify the report folder, and the download route refusing what is not a file of
 * a report (climbing paths, another folder, no token, another site). The evidence field in the browser explains that
 * a dropped file's path must be typed. Screenshots at 1280×800 and 1920×1080 go to test-results/screenshots/report-*.png.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Handlers } from '../../shared/contract.js';
import type { GeneratedReport } from '../../shared/workbench.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import type { WebHost } from '../../electron/web/server.js';
import { callThrough, openBrowser, SIZES, shoot as shootAt, type BrowserSession } from '../helpers/browser.js';


let workDir: string;
let handlers: Handlers;
let host: WebHost;
let browser: Browser;
let page: Page;
let caseDir: string;
let report: GeneratedReport;
let pageErrors: string[] = [];
let session: BrowserSession | undefined;

const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

const shoot = (name: string): Promise<void> => shootAt(page, `report-${name}`, { fullPage: name.endsWith('full') });

/** A raw GET to the host (fetch would normalise the path), with the headers given. */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ hostname: '127.0.0.1', port: host.port, path: pathAndQuery, method: 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const link = (q: Record<string, string>): string => `/download?${new URLSearchParams(q).toString()}`;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'leakscope-report-e2e-'));
  handlers = createHandlers({ host: 'web', version: 'e2e', configDir: path.join(workDir, 'config'), outRoot: path.join(workDir, 'Leakscope') });
  const info = await call<AppInfo>('app.info', {});
  caseDir = path.join(workDir, 'cases', 'falcon');
  await call('case.create', { caseDir, name: 'Falcon report set' });
  await call('investigation.run', { evidencePaths: [info.demoEvidencePath], caseDir, scope: { awareAt: '2025-07-28T09:00:00Z' } });
  session = await openBrowser(handlers, { acceptDownloads: true });
  ({ host, browser, page, pageErrors } = session);
  await page.goto(host.url);
}, 240_000);

afterAll(async () => {
  await session?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the Report screen', () => {
  it('tells a browser user who drops a file that its path has to be typed', async () => {
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('recent-case').first().getByTestId('recent-open').click();
    await page.getByTestId('results').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('pick-files').count()).toBe(0);
    expect(await page.getByTestId('evidence-typed-only').textContent()).toContain('Type or paste paths');
    const before = await page.getByTestId('evidence-paths').inputValue();
    const drop = await page.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['EVENT_TYPE,TIMESTAMP\n'], 'ApiEvent.csv', { type: 'text/csv' }));
      return dt;
    });
    await page.getByTestId('evidence-drop').dispatchEvent('dragover', { dataTransfer: drop });
    await page.getByTestId('evidence-drop').dispatchEvent('drop', { dataTransfer: drop });
    const message = await page.getByTestId('evidence-drop-message').textContent();
    expect(message).toContain('A browser cannot tell Leakscope where ApiEvent.csv is on disk');
    expect(message).toContain('type or paste its full path');
    expect(await page.getByTestId('evidence-paths').inputValue()).toBe(before);
    await page.getByTestId('evidence-drop').scrollIntoViewIfNeeded();
    await shoot('01-evidence-dropped');
  }, 90_000);

  it('generates the report set and lists every file the engine wrote, with its size and SHA-256 as on disk', async () => {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-screen').waitFor();
    await page.getByTestId('generate-report').click();
    await page.getByTestId('report-done').waitFor({ timeout: 120_000 });
    const { reports } = await call<{ reports: GeneratedReport[] }>('report.list', { caseDir });
    expect(reports).toHaveLength(1);
    report = reports[0]!;
    expect(await page.getByTestId('report-done').textContent()).toContain(`${report.files.length} files`);
    const rows = page.getByTestId('report-entry').first().getByTestId('report-file');
    expect(await rows.count()).toBe(report.files.length);
    expect(report.files.map((f) => f.file)).toEqual(expect.arrayContaining(['report.pdf', 'notification-lists.xlsx', 'duties.json', 'affected.json', 'exports.json', 'secrets.json', 'lineage.json', 'manifest.json']));
    for (const f of report.files) {
      const row = page.locator(`[data-testid="report-file"][data-file="${f.file}"]`);
      const shown = await row.getByTestId('report-file-sha').textContent();
      expect(shown, f.file).toBe(createHash('sha256').update(readFileSync(path.join(report.dir, ...f.file.split('/')))).digest('hex'));
      expect(statSync(path.join(report.dir, ...f.file.split('/'))).size).toBe(f.bytes);
    }
    await shoot('02-generated');
    await shoot('03-generated-full');
  }, 180_000);

  it('downloads a file of the report through the loopback host, the bytes the SHA-256 says', async () => {
    await page.getByTestId('report-lists-toggle').click();
    for (const name of ['notification-lists.xlsx', 'affected/US-CA.csv']) {
      const row = page.locator(`[data-testid="report-file"][data-file="${name}"]`);
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('report-file-download').click()]);
      const saved = path.join(workDir, 'downloads', name.replace('/', '_'));
      await download.saveAs(saved);
      expect(download.suggestedFilename()).toBe(path.basename(name));
      const listed = report.files.find((f) => f.file === name)!;
      expect(createHash('sha256').update(readFileSync(saved)).digest('hex'), name).toBe(listed.sha256);
    }
  });

  it('verifies the report folder against its manifest and the case', async () => {
    await page.getByTestId('report-entry').first().getByTestId('verify-report').click();
    const outcome = page.getByTestId('verify-report-result').getByTestId('verify-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toContain('Every check passed');
    expect(await page.locator('[data-testid="verify-check"].check-failed').count()).toBe(0);
    await shoot('04-report-verified');
  }, 90_000);

  it('serves no file that is not one a report listed, nor without the token, nor to another site', async () => {
    const base = { token: host.token, case: caseDir, report: report.id };
    expect((await get(link({ ...base, file: 'report.pdf' }))).status).toBe(200);
    const refused = [
      { q: { ...base, file: '../../custody.sqlite' }, status: 400 },
      { q: { ...base, file: '../../case.duckdb' }, status: 400 },
      { q: { ...base, file: 'affected/../../../custody.sqlite' }, status: 400 },
      { q: { ...base, file: '/etc/passwd' }, status: 400 },
      { q: { ...base, file: 'affected\\..\\..\\custody.sqlite' }, status: 400 },
      { q: { ...base, report: '..', file: 'custody.sqlite' }, status: 400 },
      { q: { ...base, report: report.id, file: 'INCOMPLETE' }, status: 404 },
      { q: { ...base, case: path.dirname(caseDir), file: 'report.pdf' }, status: 404 },
      { q: { ...base, token: 'ab'.repeat(32), file: 'report.pdf' }, status: 401 },
      { q: { case: caseDir, report: report.id, file: 'report.pdf' }, status: 401 },
    ];
    for (const { q, status } of refused) {
      const r = await get(link(q));
      expect(r.status, JSON.stringify(q)).toBe(status);
      expect(JSON.parse(r.body), JSON.stringify(q)).toMatchObject({ ok: false });
    }
    // Encoded the way a hand-made link would carry them, too.
    expect((await get(`/download?token=${host.token}&case=${encodeURIComponent(caseDir)}&report=${report.id}&file=%2e%2e%2f%2e%2e%2fcustody.sqlite`)).status).toBe(400);
    // The desktop-only channels answer the browser with what to do instead.
    const pick = await page.evaluate(async () => {
      const token = window.sessionStorage.getItem('leakscope.token');
      const r = await fetch('/api/evidence.pick', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
      return { status: r.status, body: (await r.json()) as { ok: boolean; error?: { code: string; message: string } } };
    });
    expect(pick.status).toBe(422);
    expect(pick.body.error?.code).toBe('UNSUPPORTED');
    expect(pick.body.error?.message).toContain('Not available in the browser');
    expect(pick.body.error?.message).toContain('Type or paste the evidence path');
    // The token is not enough for another site's page.
    expect((await get(link({ ...base, file: 'report.pdf' }), { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get(link({ ...base, file: 'report.pdf' }), { Origin: 'https://evil.example' })).status).toBe(403);
    expect(pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of (404|409|422)/.test(e))).toEqual([]);
  });
});

describe('the same screens in the desktop app (its preload bridge stood in for: no Electron binary here)', () => {
  let app: Page;
  const asked: { channel: string; payload: unknown }[] = [];

  beforeAll(async () => {
    app = await browser.newPage({ viewport: SIZES[0] });
    await app.exposeFunction('recordHostCall', (channel: string, payload: unknown) => void asked.push({ channel, payload }));
    // What electron/preload/index.ts exposes: invoke (here over the loopback API) and pathForFile (webUtils: a File's path).
    await app.addInitScript((token: string) => {
      const record = (window as unknown as { recordHostCall: (c: string, p: unknown) => Promise<void> }).recordHostCall;
      (window as unknown as { leakscope: unknown }).leakscope = {
        async invoke(channel: string, payload: unknown) {
          if (channel === 'evidence.pick' || channel === 'report.open') {
            await record(channel, payload);
            return channel === 'evidence.pick'
              ? { ok: true, value: { paths: ['/evidence/falcon/elf'], refused: [{ path: '/evidence/gone', reason: 'does not exist' }] } }
              : { ok: true, value: { opened: 'x' } };
          }
          const r = await fetch(`/api/${channel}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(payload ?? {}) });
          return r.json();
        },
        pathForFile: (file: unknown) => (file instanceof File ? `/evidence/falcon/${file.name}` : null),
      };
    }, host.token);
    await app.goto(`http://127.0.0.1:${host.port}/`);
  }, 60_000);

  afterAll(async () => app?.close());

  it('adds the paths of dropped files and of the files chosen in the dialog to the evidence field, saying what was left out', async () => {
    await app.getByTestId('tab-cases').click();
    await app.getByTestId('recent-case').first().getByTestId('recent-open').click();
    await app.getByTestId('results').waitFor({ timeout: 60_000 });
    expect(await app.getByTestId('evidence-typed-only').count()).toBe(0);
    const drop = await app.evaluateHandle(() => {
      const dt = new DataTransfer();
      dt.items.add(new File(['EVENT_TYPE,TIMESTAMP\n'], 'ApiEvent.csv', { type: 'text/csv' }));
      dt.items.add(new File(['Id\n'], 'Contact.csv', { type: 'text/csv' }));
      return dt;
    });
    await app.getByTestId('evidence-drop').dispatchEvent('dragover', { dataTransfer: drop });
    await app.getByTestId('evidence-drop').dispatchEvent('drop', { dataTransfer: drop });
    // The dropped paths replace the demo default the field started with.
    await expect.poll(() => app.getByTestId('evidence-paths').inputValue()).toBe('/evidence/falcon/ApiEvent.csv\n/evidence/falcon/Contact.csv');
    await app.getByTestId('pick-folders').click();
    await expect.poll(() => app.getByTestId('evidence-paths').inputValue()).toBe('/evidence/falcon/ApiEvent.csv\n/evidence/falcon/Contact.csv\n/evidence/falcon/elf');
    expect(await app.getByTestId('evidence-drop-message').textContent()).toBe('Left out: /evidence/gone (does not exist)');
    expect(asked).toEqual([{ channel: 'evidence.pick', payload: { what: 'folders' } }]);
    await app.getByTestId('evidence-drop').scrollIntoViewIfNeeded();
    const was = page;
    page = app;
    await shoot('05-app-evidence-picked');
    page = was;
  }, 90_000);

  it('offers Open instead of a download link, and asks the main process to open exactly the file clicked', async () => {
    await app.getByTestId('tab-report').click();
    const row = app.locator(`[data-testid="report-entry"][data-report-id="${report.id}"] [data-testid="report-file"][data-file="report.pdf"]`);
    await row.waitFor();
    expect(await app.getByTestId('report-file-download').count()).toBe(0);
    await row.getByTestId('report-file-open').click();
    await expect.poll(() => asked.length).toBe(2);
    expect(asked[1]).toEqual({ channel: 'report.open', payload: { caseDir, reportId: report.id, file: 'report.pdf' } });
  });
});

