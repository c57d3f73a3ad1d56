/**
 * Drilling from the timeline into the exports (a mark opens its export, a bar lists its bucket's exports, counted
 * as the engine's timeline counts them), then the Scope screen's scope editor, in Debian Chromium against the loopback host over the real
 * engine: on the investigated demo case, an in-scope export is left out and an out-of-scope one
 * found by its id and taken in; the effect shown before applying is checked against who stays
 * according to `affected.export_ids` (read here, apart from the preview's SQL); applying runs the
 * case again on its own evidence, and the exports in scope afterwards are exactly the chosen set.
 * Screenshots at 1280×800 and 1920×1080 go to test-results/screenshots/{timeline,scope}-*.png.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import type { TimelineResponse } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { sql } from '../../electron/engine/store/sql.js';
import type { WebHost } from '../../electron/web/server.js';
import { openCaseFromCases, callThrough, openBrowser, REPO, shoot as shootAt, type BrowserSession } from '../helpers/browser.js';
import { withCase } from '../helpers/caseRun.js';
import { figure } from '../helpers/custodyLog.js';

const DEMO = path.join(REPO, 'resources', 'demo', 'evidence');
const RUN_TIMEOUT = 240_000;

let workDir: string;
let handlers: Handlers;
let host: WebHost;
let page: Page;
let caseDir: string;
let pageErrors: string[] = [];
let session: BrowserSession | undefined;

const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

const shoot = (name: string, testId?: string): Promise<void> => shootAt(page, `${name}`, testId ? { testId } : {});

const inScope = (): Promise<string[]> => withCase(caseDir, async (db) => (await db.all<{ id: string }>(sql`SELECT export_id AS id FROM in_scope_exports ORDER BY 1`)).map((r) => r.id));

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'leakscope-scope-e2e-'));
  handlers = createHandlers({ host: 'web', version: 'e2e', configDir: path.join(workDir, 'config'), outRoot: path.join(workDir, 'Leakscope') });
  caseDir = path.join(workDir, 'cases', 'falcon');
  await call('case.create', { caseDir, name: 'Falcon scope' });
  await call('investigation.run', { evidencePaths: [DEMO], caseDir, outDir: path.join(caseDir, 'output') });
  session = await openBrowser(handlers);
  ({ host, page, pageErrors } = session);
  await page.goto(host.url);
}, RUN_TIMEOUT);

afterAll(async () => {
  await session?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('drilling from the timeline', () => {
  it('opens the case, and a mark opens the export it names', async () => {
    await openCaseFromCases(page, caseDir);
    const timeline = page.getByTestId('timeline-section');
    await timeline.getByTestId('timeline-chart').waitFor();
    await timeline.getByTestId('timeline-marks-summary').click();
    const mark = timeline.getByTestId('timeline-mark-export').first();
    const id = await mark.textContent();
    expect(id).toMatch(/^X-[0-9a-f]{12}/);
    await mark.click();
    const detail = page.getByTestId('export-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-export-id')).toBe(id!.trim());
    await shoot('timeline-01-mark-opens-export', 'export-detail');
    await detail.getByTestId('export-detail-close').click();
  });

  it('a click on a bar lists every export of its bucket, as many as the engine counts there', async () => {
    const whole = await call<TimelineResponse>('timeline.get', { caseDir });
    const timeline = page.getByTestId('timeline-section');
    // As a user does: the pointer comes over the bar (the chart marks the bucket under it), then clicks.
    await timeline.getByTestId('timeline-chart').scrollIntoViewIfNeeded();
    const bars = timeline.locator('.recharts-bar-rectangle path');
    let box = (await bars.first().boundingBox())!;
    for (let i = 0; i < (await bars.count()); i++) {
      const b = await bars.nth(i).boundingBox();
      if (b && b.height > box.height) box = b;
    }
    expect(box.height).toBeGreaterThan(4);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 2);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    await page.waitForTimeout(100);
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(() => page.getByTestId('exports-from').inputValue()).not.toBe('');
    const from = await page.getByTestId('exports-from').inputValue();
    // Buckets start on the clock; the first one's list starts at the window's start (the engine counts only inside it).
    const bucket = whole.buckets.find((b) => new Date(Math.max(Date.parse(b.t), Date.parse(whole.from!))).toISOString().slice(0, 16) === from);
    expect(bucket, `a bucket starting ${from}`).toBeDefined();
    await expect.poll(async () => Number(await page.getByTestId('exports-shown').getAttribute('data-total'))).toBe(bucket!.exports);
    expect(bucket!.exports).toBeGreaterThan(0);
    await shoot('timeline-02-bar-lists-exports', 'exports-panel');
  });
});

describe('choosing the scope by hand', () => {
  let leaveOut: string;
  let takeIn: string;
  let before: string[];

  it('leaves an export out and takes another in, and shows the effect before applying it', async () => {
    await page.getByTestId('tab-scope').click();
    const editor = page.getByTestId('scope-editor');
    await editor.waitFor();
    before = await inScope();
    // Chosen from the case tables: the in-scope export touching most people, some of whom another export touched too.
    const people = await withCase(caseDir, async (db) => (await db.all<{ x: string }>(sql`SELECT export_ids AS x FROM affected WHERE is_person`)).map((r) => r.x.split(';')));
    const touched = new Map<string, number>();
    for (const xs of people) if (xs.length > 1) for (const x of xs) touched.set(x, 0);
    for (const xs of people) for (const x of xs) if (touched.has(x)) touched.set(x, touched.get(x)! + 1);
    leaveOut = [...touched].sort((a, b) => b[1] - a[1])[0]![0];
    takeIn = (await withCase(caseDir, (db) => db.one<{ id: string }>(sql`
      SELECT export_id AS id FROM exports x WHERE object = 'Lead' AND query IS NOT NULL AND rows > 0
        AND NOT EXISTS (SELECT 1 FROM in_scope_exports s WHERE s.export_id = x.export_id) ORDER BY start_ts DESC, export_id LIMIT 1`)))!.id;
    const stays = people.filter((xs) => xs.some((x) => x !== leaveOut)).length;

    await editor.getByTestId('scope-in-list').waitFor();
    expect(await editor.getByTestId('scope-in-list').getByTestId('scope-pick').count()).toBe(before.length);
    await editor.locator(`[data-testid="scope-in-list"] [data-testid="scope-pick"][data-id="${leaveOut}"]`).getByTestId('pick-out').click();
    await editor.getByTestId('scope-find').fill(takeIn);
    await editor.getByTestId('scope-find-go').click();
    await editor.locator(`[data-testid="scope-found-list"] [data-testid="scope-pick"][data-id="${takeIn}"]`).getByTestId('pick-in').click();
    expect(await editor.getByTestId('chip-out').textContent()).toContain(leaveOut);
    expect(await editor.getByTestId('chip-in').textContent()).toContain(takeIn);
    expect(await editor.getByTestId('scope-apply').isDisabled()).toBe(true);
    await editor.getByTestId('scope-preview').click();
    const effect = editor.getByTestId('scope-effect');
    await effect.waitFor();
    expect(figure(await effect.getByTestId('effect-kept').textContent())).toBe(stays);
    expect(await effect.getByTestId('effect-added').textContent()).toContain(takeIn);
    expect(await effect.getByTestId('effect-removed').textContent()).toContain(leaveOut);
    // A preview writes nothing.
    expect(await inScope()).toEqual(before);
    await shoot('scope-01-editor', 'scope-editor');
    await shoot('scope-02-effect', 'scope-effect');
  });

  it('applies it: the case runs again on its own evidence, and exactly the chosen exports are in scope', async () => {
    await page.getByTestId('scope-editor').getByTestId('scope-apply').click();
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    await expect.poll(async () => (await inScope()).includes(takeIn), { timeout: RUN_TIMEOUT }).toBe(true);
    expect(await inScope()).toEqual([...before.filter((x) => x !== leaveOut), takeIn].sort());
    const results = await call<InvestigationResult>('case.results', { caseDir });
    expect(results.scope.excludeExportIds).toEqual([leaveOut]);
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(results.summary.records);
    await page.getByTestId('tab-scope').click();
    const editor = page.getByTestId('scope-editor');
    await editor.waitFor();
    expect(await editor.getByTestId('chip-out').textContent()).toContain(leaveOut);
    expect(await editor.getByTestId('chip-in').textContent()).toContain(takeIn);
    expect(await page.locator('#scope-title').locator('..').textContent()).toContain('1 left out by hand');
    await shoot('scope-03-applied');
    expect(pageErrors).toEqual([]);
  }, RUN_TIMEOUT);
});
