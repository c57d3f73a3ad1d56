/**
 * What every browser walk sets up the same way: the built UI served by the loopback host over the real engine's
 * handlers, Debian's Chromium driven by playwright-core with the page's errors collected, screenshots of a screen at
 * 1280×800 and 1920×1080 into test-results/screenshots, and a call through the dispatcher the hosts use.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppInfo, Handlers } from '../../shared/contract.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';

export const CHROMIUM = '/usr/bin/chromium';
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STATIC_DIR = process.env['LS_STATIC_DIR'] ?? path.join(REPO, 'dist', 'renderer');
export const SHOTS = path.join(REPO, 'test-results', 'screenshots');
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** A contract call through the dispatcher (validation included); throws with the error's code and message. */
export async function callThrough<T>(handlers: Handlers, channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

export interface BrowserSession {
  host: WebHost;
  browser: Browser;
  page: Page;
  /** Uncaught page errors and console errors, in order. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Serves the built UI over `handlers` on 127.0.0.1 and opens it in Chromium at the first size (the page not yet loaded). */
export async function openBrowser(handlers: Handlers, options: { acceptDownloads?: boolean } = {}): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package to run the browser tests.`);
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error(`${STATIC_DIR}/index.html is missing: run \`npm run build\` first.`);
  await mkdir(SHOTS, { recursive: true });
  const host = await startWebHost({ handlers, staticDir: STATIC_DIR, port: 0 });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: SIZES[0], acceptDownloads: options.acceptDownloads === true });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  return {
    host, browser, page, pageErrors,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}

/**
 * The screen as the user sees it at both sizes, saved as `<name>-<width>x<height>.png`: from the top, or scrolled to the
 * element `testId`, the whole page when `fullPage`; then back to the first size.
 */
export async function shoot(page: Page, name: string, options: { testId?: string; fullPage?: boolean } = {}): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    if (options.testId) await page.getByTestId(options.testId).scrollIntoViewIfNeeded();
    else await page.evaluate('window.scrollTo(0, 0)');
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size.width}x${size.height}.png`), fullPage: options.fullPage === true });
  }
  await page.setViewportSize(SIZES[0]);
}

/** Opens the case in `caseDir` from the Cases screen, for investigation, and waits for its results. */
export async function openCaseFromCases(page: Page, caseDir: string): Promise<void> {
  await page.getByTestId('tab-cases').click();
  await page.getByTestId('open-case-dir').fill(caseDir);
  await page.getByTestId('open-case').click();
  await page.getByTestId('results').waitFor({ timeout: 60_000 });
}

export interface DemoCaseSession extends BrowserSession {
  workDir: string;
  handlers: Handlers;
  /** The investigated demo case (its outputs in `<caseDir>/output`). */
  caseDir: string;
}

/**
 * The bundled demo investigated into a new case "Falcon" (awareness at `awareAt`) in a new work folder, served by the
 * loopback host and opened from the Cases screen in Chromium; `close` also removes the work folder.
 */
export async function openInvestigatedDemo(name: string, awareAt: string): Promise<DemoCaseSession> {
  const workDir = await mkdtemp(path.join(tmpdir(), `leakscope-${name}-e2e-`));
  const handlers = createHandlers({ host: 'web', version: 'e2e', configDir: path.join(workDir, 'config'), outRoot: path.join(workDir, 'Leakscope') });
  const info = await callThrough<AppInfo>(handlers, 'app.info', {});
  const caseDir = path.join(workDir, 'cases', 'falcon');
  await callThrough(handlers, 'case.create', { caseDir, name: 'Falcon' });
  await callThrough(handlers, 'investigation.run', { evidencePaths: [info.demoEvidencePath], caseDir, outDir: path.join(caseDir, 'output'), scope: { awareAt } });
  const session = await openBrowser(handlers);
  await session.page.goto(session.host.url);
  await openCaseFromCases(session.page, caseDir);
  return {
    ...session, workDir, handlers, caseDir,
    close: async () => {
      await session.close();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}
