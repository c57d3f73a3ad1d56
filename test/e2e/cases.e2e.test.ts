/**
 * The workbench screens in Debian Chromium against the loopback host over the real engine: a new
 * user's path (create a case → import with visible progress → timeline → the suspicious export →
 * scope and a mapping change previewed then applied → duties → a person → a note → the report →
 * verify → reload → reopen the case from its tables), then counsel's path in review mode (read-only,
 * changes refused by the engine, notes and report allowed, `review.opened` in custody). Every figure
 * checked is the engine's own answer to the same request, or re-computed here (hashes). Screenshots
 * of every screen at 1280×800 and 1920×1080 go to test-results/screenshots/cases-*.png.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Handlers } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import type { MappingPreviewView, MappingView } from '../../shared/workbench.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import type { WebHost } from '../../electron/web/server.js';
import { callThrough, openBrowser, SHOTS, SIZES, shoot as shootAt, type BrowserSession } from '../helpers/browser.js';
import { custodyEntries as custody, figure } from '../helpers/custodyLog.js';

const RUN_TIMEOUT = 240_000;

let workDir: string;
let handlers: Handlers;
let host: WebHost;
let page: Page;
let info: AppInfo;
let caseDir: string;
let results: InvestigationResult;
let pageErrors: string[] = [];
let session: BrowserSession | undefined;

const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

const shoot = (name: string): Promise<void> => shootAt(page, `cases-${name}`);

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'leakscope-cases-e2e-'));
  handlers = createHandlers({ host: 'web', version: 'e2e', configDir: path.join(workDir, 'config'), outRoot: path.join(workDir, 'Leakscope') });
  info = await call<AppInfo>('app.info', {});
  caseDir = path.join(workDir, 'cases', 'falcon');
  session = await openBrowser(handlers);
  ({ host, page, pageErrors } = session);
  await page.goto(host.url);
}, 60_000);

afterAll(async () => {
  await session?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe("a new investigator's path", () => {
  it('creates a case in a new folder from the Cases screen', async () => {
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('recent-empty').waitFor();
    expect(await page.getByTestId('tab-scope').isDisabled()).toBe(true);
    expect(await page.getByTestId('tab-report').isDisabled()).toBe(true);
    await shoot('01-cases-empty');
    await page.getByTestId('new-case-dir').fill(caseDir);
    await page.getByTestId('new-case-name').fill('Falcon connected-app leak');
    await page.getByTestId('create-case').click();
    await page.getByTestId('evidence-case').waitFor();
    expect(await page.getByTestId('evidence-case').textContent()).toContain(caseDir);
    expect(custody(caseDir).map((e) => e.action)).toEqual(['case.created']);
  });

  it('imports the demo into the case with visible progress, and shows the timeline of the incident', async () => {
    await expect.poll(() => page.getByTestId('evidence-paths').inputValue()).toBe(info.demoEvidencePath);
    await page.getByTestId('run-button').click();
    await page.getByTestId('run-progress').waitFor({ timeout: 30_000 });
    await page.getByTestId('results').waitFor({ timeout: RUN_TIMEOUT });
    results = await call<InvestigationResult>('case.results', { caseDir });
    expect(results.caseDir).toBe(caseDir);
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(results.summary.records);
    expect(figure(await page.getByTestId('exports-total').textContent())).toBe(results.exportCounts.total);
    const timeline = page.getByTestId('timeline-section');
    await timeline.getByTestId('timeline-chart').waitFor();
    const whole = await call<{ markersTotal: number }>('timeline.get', { caseDir });
    expect(await timeline.getByTestId('timeline-marks-summary').textContent()).toContain(`${whole.markersTotal.toLocaleString('en-US')} mark`);
    expect(whole.markersTotal).toBeGreaterThan(0);
    await shoot('02-investigation-results');
  }, RUN_TIMEOUT);

  it('opens the most-flagged suspicious export and takes a note on it', async () => {
    const page1 = await call<{ rows: { id: string; flags?: unknown; reasons: { code: string }[] }[] }>('exports.page', { caseDir, filter: { suspicious: true }, sort: { column: 'flags', direction: 'desc' }, limit: 1 });
    const top = page1.rows[0]!;
    const row = page.locator(`[data-testid="export-row"][data-export-id="${top.id}"]`);
    await row.waitFor();
    await row.getByTestId('export-link').click();
    const detail = page.getByTestId('export-detail');
    await detail.getByTestId('export-flags').waitFor();
    expect(await detail.getByTestId('export-flag').count()).toBe(top.reasons.length);
    const notes = detail.getByTestId('notes-panel');
    await notes.getByTestId('note-text').fill('Attacker pull — confirm with the vendor');
    await notes.getByTestId('note-add').click();
    await notes.getByTestId('note').first().waitFor();
    const listed = await call<{ notes: { text: string }[] }>('notes.list', { caseDir, target: { kind: 'export', id: top.id } });
    expect(listed.notes.map((n) => n.text)).toEqual(['Attacker pull — confirm with the vendor']);
    await detail.scrollIntoViewIfNeeded();
  });

  it('shows the duties with due dates and finds a person', async () => {
    const duties = page.getByTestId('duties-section');
    await duties.waitFor();
    const engine = await call<{ duties: { due: string | null; required: string }[] }>('duties.list', { caseDir });
    expect(engine.duties.some((d) => d.due !== null)).toBe(true);
    expect(await duties.getByTestId('duty-row').count()).toBeGreaterThan(0);
    const person = await call<{ records: { email: string | null }[] }>('investigation.records', { caseDir, limit: 1 });
    const email = person.records[0]!.email!;
    const byEmail = await call<{ total: number }>('investigation.records', { caseDir, search: email });
    await page.getByTestId('people-search-input').fill(email);
    await expect.poll(() => page.getByTestId('people-search-total').getAttribute('data-total')).toBe(String(byEmail.total));
  });

  it('lists the integrations as the engine pages them and opens the one with the suspicious exports', async () => {
    await page.getByTestId('tab-integrations').click();
    const engine = await call<{ total: number; rows: { appId: string | null; rows: number | null }[] }>('integrations.page', { caseDir, limit: 100 });
    await expect.poll(() => page.getByTestId('integrations-total').getAttribute('data-total')).toBe(String(engine.total));
    expect(await page.getByTestId('integration-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-app-id')))).toEqual(engine.rows.map((r) => r.appId ?? ''));
    await page.getByTestId('integration-open').first().click();
    await page.getByTestId('integration-detail').getByTestId('integration-objects').waitFor();
    await shoot('02b-integrations');
    await page.getByTestId('integration-detail').scrollIntoViewIfNeeded();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.getByTestId('integration-detail').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `cases-02c-integration-detail-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[0]);
  });

  it('shows the scope by tier and category, previews a mapping change against the engine, and applies it with a reason', async () => {
    await page.getByTestId('tab-scope').click();
    await page.getByTestId('scope-screen').waitFor();
    expect(figure(await page.getByTestId('tier-confirmed').textContent())).toBe(results.summary.byConfidence.confirmed);
    expect(figure(await page.getByTestId('tier-replayed').textContent())).toBe(results.summary.byConfidence.replayed);
    expect(figure(await page.getByTestId('tier-possible').textContent())).toBe(results.summary.byConfidence.possible);
    expect(figure(await page.getByTestId('scope-in-scope').textContent())).toBe(results.exportCounts.inScope);
    const mapping = await call<MappingView>('mapping.get', { caseDir });
    await page.getByTestId('mapping-row').first().waitFor();
    expect(await page.getByTestId('mapping-row').count()).toBe(mapping.exposedFields!.length);
    await shoot('03-scope');
    const row = page.locator('[data-testid="mapping-row"][data-key="Contact.Email"]');
    await row.getByTestId('mapping-edit').click();
    const editor = page.getByTestId('mapping-editor');
    await editor.getByTestId('category-credentials').check();
    await editor.getByTestId('mapping-preview').click();
    await editor.getByTestId('mapping-preview-result').waitFor();
    const expected = await call<MappingPreviewView>('mapping.preview', { caseDir, key: 'Contact.Email', categories: ['email', 'credentials'] });
    expect(await editor.getByTestId('mapping-change').count()).toBe(expected.changes.length);
    expect(expected.changes.length).toBeGreaterThan(0);
    expect(await editor.getByTestId('mapping-preview-result').textContent()).toContain(`${expected.people.toLocaleString('en-US')} affected`);
    // Nothing is recorded by a preview.
    expect(custody(caseDir).filter((e) => e.action === 'mapping.changed')).toHaveLength(0);
    await editor.scrollIntoViewIfNeeded();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await editor.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `cases-04-scope-preview-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[0]);
    await editor.getByTestId('mapping-reason').fill('the email is the portal login');
    await editor.getByTestId('mapping-apply').click();
    await page.getByTestId('mapping-changed').waitFor();
    const changed = custody(caseDir).filter((e) => e.action === 'mapping.changed');
    expect(changed.map((e) => JSON.parse(e.detail))).toEqual([{ key: 'Contact.Email', categories: ['email', 'credentials'], reason: 'the email is the portal login' }]);
    expect(await page.getByTestId('mapping-decision').count()).toBe(1);
  });

  it('generates the report with its hash and verifies the case', async () => {
    await page.getByTestId('tab-report').click();
    await page.getByTestId('report-screen').waitFor();
    await shoot('05-report-before');
    await page.getByTestId('generate-report').click();
    await page.getByTestId('report-done').waitFor({ timeout: 120_000 });
    const { reports } = await call<{ reports: { dir: string; files: { file: string; sha256: string }[] }[] }>('report.list', { caseDir });
    expect(reports).toHaveLength(1);
    const pdf = path.join(reports[0]!.dir, 'report.pdf');
    const sha = createHash('sha256').update(readFileSync(pdf)).digest('hex');
    expect(path.dirname(reports[0]!.dir)).toBe(path.join(caseDir, 'reports'));
    expect(await page.locator('[data-testid="report-file"][data-file="report.pdf"]').getByTestId('report-file-sha').textContent()).toBe(sha);
    expect(await page.getByTestId('report-file').count()).toBe(reports[0]!.files.length);
    await page.getByTestId('verify-case').click();
    await page.getByTestId('verify-outcome').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('verify-outcome').textContent()).toContain('Every check passed');
    expect(await page.locator('[data-testid="verify-check"].check-failed').count()).toBe(0);
    await shoot('06-report-verified');
  }, 180_000);

  it('after a reload, the tab reopens the case, and so does the recent list, with its results read from the tables', async () => {
    const before = custody(caseDir).filter((e) => e.action === 'investigation.started').length;
    await page.reload();
    // The tab keeps the case open across the reload: read again from its tables.
    await page.getByTestId('reopened-status').waitFor();
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(results.summary.records);
    // And from the recent cases (as after a restart).
    await page.getByTestId('tab-cases').click();
    const recent = page.getByTestId('recent-case');
    await recent.first().waitFor();
    expect(await recent.count()).toBe(1);
    expect(await recent.first().textContent()).toContain('Falcon connected-app leak');
    await recent.first().getByTestId('recent-open').click();
    await page.getByTestId('results').waitFor();
    await page.getByTestId('reopened-status').waitFor();
    expect(figure(await page.getByTestId('affected-total').textContent())).toBe(results.summary.records);
    expect(figure(await page.getByTestId('exports-total').textContent())).toBe(results.exportCounts.total);
    expect(await page.getByTestId('output-row').count()).toBe(results.outputs.length);
    // Read back, not re-run.
    expect(custody(caseDir).filter((e) => e.action === 'investigation.started')).toHaveLength(before);
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('case-status').waitFor();
    expect(await page.getByTestId('case-results').textContent()).toContain(`${results.summary.records.toLocaleString('en-US')} affected people`);
    await shoot('07-cases-open');
  });
});

describe("counsel's review", () => {
  it('opens the case read-only: no import or mapping change, the engine refuses them too, custody names the reviewer', async () => {
    await page.getByTestId('close-case').click();
    await page.getByTestId('reviewer-name').fill('Clara Counsel');
    await page.getByTestId('recent-case').first().getByTestId('recent-review').click();
    await page.getByTestId('review-banner').waitFor();
    await page.getByTestId('results').waitFor();
    expect(await page.getByTestId('evidence-paths').count()).toBe(0);
    expect(await page.getByTestId('run-button').count()).toBe(0);
    const opened = custody(caseDir).filter((e) => e.action === 'review.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.actor).toContain('Clara Counsel');
    expect(JSON.parse(opened[0]!.detail)).toEqual({ reviewer: 'Clara Counsel', readOnly: true });
    await shoot('08-review-investigation');
    // The page itself asking the engine to investigate is refused.
    const refused = await page.evaluate(async (dir) => {
      const token = window.sessionStorage.getItem('leakscope.token');
      const r = await fetch('/api/investigation.run', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ evidencePaths: ['/tmp'], caseDir: dir }) });
      return { status: r.status, body: (await r.json()) as { ok: boolean; error?: { code: string; message: string } } };
    }, caseDir);
    expect(refused.status).toBe(409);
    expect(refused.body.error?.code).toBe('READ_ONLY');
    expect(refused.body.error?.message).toContain('open for review by Clara Counsel');
    await page.getByTestId('tab-scope').click();
    await page.getByTestId('mapping-row').first().waitFor();
    expect(await page.getByTestId('mapping-edit').count()).toBe(0);
    expect(await page.getByTestId('mapping-unset').count()).toBe(0);
    await shoot('09-review-scope');
  });

  it('lets counsel note and generate the report, both recorded under the reviewer', async () => {
    await page.getByTestId('tab-investigation').click();
    const first = page.getByTestId('export-row').first();
    await first.waitFor();
    const id = await first.getAttribute('data-export-id');
    await first.getByTestId('export-link').click();
    const notes = page.getByTestId('export-detail').getByTestId('notes-panel');
    await notes.getByTestId('note-text').fill('Counsel: notify before the 72 h clock runs out');
    await notes.getByTestId('note-add').click();
    await notes.getByTestId('note').last().waitFor();
    const listed = await call<{ notes: { text: string; author: string }[] }>('notes.list', { caseDir, target: { kind: 'export', id } });
    expect(listed.notes.find((n) => n.text.startsWith('Counsel:'))?.author).toContain('Clara Counsel');
    await page.getByTestId('tab-report').click();
    await page.getByTestId('generate-report').click();
    await page.getByTestId('report-done').waitFor({ timeout: 120_000 });
    const written = custody(caseDir).filter((e) => e.action === 'report.written').at(-1)!;
    expect(written.actor).toContain('Clara Counsel');
    expect(await page.getByTestId('report-entry').count()).toBe(2);
    await shoot('10-review-report');
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('review-badge').waitFor();
    await shoot('11-review-cases');
    await page.getByTestId('close-case').click();
    await expect.poll(() => custody(caseDir).at(-1)?.action).toBe('review.closed');
    await expect.poll(() => page.getByTestId('review-banner').count()).toBe(0); // the custody entry is written before the answer reaches the page
    // A Result failure arrives with its HTTP status (404 for a case not investigated yet, 409 for the refusal above), which Chromium logs.
    expect(pageErrors.filter((e) => !/Failed to load resource: the server responded with a status of (404|409)/.test(e))).toEqual([]);
  }, 180_000);
});
