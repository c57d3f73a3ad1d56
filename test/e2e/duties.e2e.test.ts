/**
 * Jurisdictions and duties in Debian Chromium against the loopback host over the real engine: an unresolved
 * person found in "Was this person affected?" is assigned a jurisdiction by hand (the record then says so, the
 * jurisdiction's count rises, a new duty appears with its due date), and the organisation profile form shows the
 * effect of a profile before it is applied, then applies it (the regime's duty appears). Counsel in review mode sees
 * neither form's actions. Due dates are computed here from the awareness time and the rule files' clocks.
 * The table's threshold, triggers and filing columns are compared with the case's `duties` table read here through
 * DuckDB directly (not the engine's query), and California's with its rule file.
 * Screenshots at 1280×800 and 1920×1080 go to test-results/screenshots/duties-*.png.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers, RecordsPage } from '../../shared/contract.js';
import { callThrough, REPO, SHOTS, SIZES, openInvestigatedDemo, type DemoCaseSession } from '../helpers/browser.js';
import { custodyEntries, figure } from '../helpers/custodyLog.js';

const AWARE = '2025-07-28T09:00:00.000Z';
const HOUR = 3_600_000;

let handlers: Handlers;
let page: Page;
let caseDir: string;
let pageErrors: string[] = [];
let session: DemoCaseSession | undefined;

const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

/** What the user sees around `target`, at both sizes (then back to the first size). */
async function shoot(name: string, target: Locator): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await target.scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, -80)');
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `duties-${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(SIZES[0]);
}

/** A regulator's or regime's clock from its rule file, read here. */
function clockHours(file: string, pick: (notices: { recipient: string; id?: string; clock: { kind: string; value: number | null; start: string } }[]) => { clock: { kind: string; value: number | null; start: string } } | undefined): number {
  const doc = JSON.parse(readFileSync(path.join(REPO, 'resources', file), 'utf8')) as { jurisdictions?: { code: string; notices: never[] }[]; notices?: never[] };
  const notice = pick(doc.notices ?? []);
  if (!notice || notice.clock.kind !== 'hours' || notice.clock.start !== 'awareness') throw new Error(`${file}: expected an hours clock from awareness`);
  return notice.clock.value!;
}
const atRegulatorHours = (): number => {
  const rules = JSON.parse(readFileSync(path.join(REPO, 'resources', 'jurisdictions', 'rules.json'), 'utf8')) as { jurisdictions: { code: string; notices: { recipient: string; clock: { kind: string; value: number; start: string } }[] }[] };
  const clock = rules.jurisdictions.find((j) => j.code === 'AT')!.notices.find((n) => n.recipient === 'regulator')!.clock;
  expect([clock.kind, clock.start]).toEqual(['hours', 'awareness']);
  return clock.value;
};
/** The case's `duties` table, read through DuckDB directly (not the engine). */
async function dutiesTable(): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const text = `SELECT jurisdiction, recipient, strftime(due, '%Y-%m-%dT%H:%M:%SZ') AS due, threshold, triggers_met, categories_exposed, filing_url, filing_note FROM duties`;
    return (await connection.runAndReadAll(text)).getRowObjectsJS().map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
const dueAfter = (hours: number): string => new Date(Date.parse(AWARE) + hours * HOUR).toISOString().replace('.000Z', 'Z');

beforeAll(async () => {
  session = await openInvestigatedDemo('duties', AWARE);
  ({ handlers, caseDir, page, pageErrors } = session);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

describe('a jurisdiction assigned by hand from the People search', () => {
  it('assigns US-CA to an unresolved person: the record says who and why, and California counts one more', async () => {
    const unresolved = await call<RecordsPage>('investigation.records', { caseDir, jurisdiction: 'ZZ', limit: 2 });
    const record = unresolved.records[0]!;
    const caRow = page.getByTestId('jurisdiction-row-US-CA');
    const caBefore = Number(await caRow.getAttribute('data-records'));
    const search = page.getByTestId('people-search');
    await search.getByTestId('people-search-input').fill(record.id);
    const row = search.locator(`[data-testid="record-row"][data-record-id="${record.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-jurisdiction')).toBe('ZZ');
    await row.getByTestId('assign-open').click();
    const form = search.getByTestId('assign-form');
    await form.getByTestId('assign-code').fill('US-CA');
    await expect.poll(() => form.getByTestId('assign-code-name').textContent()).toBe('California');
    await form.getByTestId('assign-reason').fill('signed contract gives a San Diego address');
    await form.getByTestId('assign-name').fill('Ines Investigator');
    await shoot('01-assign-form', form);
    await form.getByTestId('assign-apply').click();
    await search.getByTestId('assign-done').waitFor();
    await expect.poll(() => row.getAttribute('data-jurisdiction'), { timeout: 20_000 }).toBe('US-CA');
    const basis = await row.getByTestId('record-basis').textContent();
    expect(basis).toContain('assigned by hand');
    expect(basis).toContain('Ines Investigator: signed contract gives a San Diego address');
    await expect.poll(async () => figure(await caRow.locator('td.num').first().textContent()), { timeout: 20_000 }).toBe(caBefore + 1);
    expect(Number(await caRow.getAttribute('data-records'))).toBe(caBefore + 1);
    await shoot('02-assigned', row);
    const entry = custodyEntries(caseDir).filter((e) => e.action === 'jurisdiction.assigned').pop()!;
    expect(JSON.parse(entry.detail)).toMatchObject({ recordId: record.id, jurisdiction: 'US-CA', previous: 'ZZ', by: 'Ines Investigator' });
  });

  it('assigns Austria to another: its regulator duty appears with the due date of its clock', async () => {
    const unresolved = await call<RecordsPage>('investigation.records', { caseDir, jurisdiction: 'ZZ', limit: 1 });
    const record = unresolved.records[0]!;
    const duties = page.getByTestId('duties-section');
    expect(await duties.locator('[data-testid="duty-row"][data-jurisdiction="AT"]').count()).toBe(0);
    const search = page.getByTestId('people-search');
    await search.getByTestId('people-search-input').fill(record.id);
    const row = search.locator(`[data-testid="record-row"][data-record-id="${record.id}"]`);
    await row.waitFor();
    await row.getByTestId('assign-open').click();
    const form = search.getByTestId('assign-form');
    await form.getByTestId('assign-code').fill('AT');
    await form.getByTestId('assign-reason').fill('invoice address in Wien');
    await form.getByTestId('assign-apply').click();
    const at = duties.locator('[data-testid="duty-row"][data-jurisdiction="AT"][data-recipient="regulator"]');
    await at.waitFor();
    expect(await at.getAttribute('data-due')).toBe(dueAfter(atRegulatorHours()));
    await shoot('03-duty-appears', at);
  });
});

describe('the organisation profile form', () => {
  it('shows what a profile changes before applying it, then applies it', async () => {
    const duties = page.getByTestId('duties-section');
    const form = duties.getByTestId('profile-form');
    await form.locator('summary').click();
    await form.getByTestId('profile-organisation').fill('Northwind');
    await form.getByTestId('profile-hipaa').selectOption('covered_entity');
    await form.getByTestId('profile-indiaCertIn').check();
    await form.getByTestId('profile-preview').click();
    const effect = form.getByTestId('profile-effect');
    await effect.waitFor();
    const certIn = effect.locator('[data-testid="profile-appear"][data-jurisdiction="IN-CERTIN"]');
    expect(await certIn.count()).toBe(1);
    expect(await effect.locator('[data-testid="profile-appear"][data-jurisdiction="US-HIPAA"][data-recipient="hhs"]').count()).toBeGreaterThan(0);
    // Nothing applied yet.
    expect(await duties.locator('[data-testid="duty-row"][data-jurisdiction="IN-CERTIN"]').count()).toBe(0);
    await shoot('04-profile-effect', effect);
    await form.getByTestId('profile-reason').fill('engagement letter: HIPAA covered entity with operations in India');
    await form.getByTestId('profile-apply').click();
    const row = duties.locator('[data-testid="duty-row"][data-jurisdiction="IN-CERTIN"]');
    await row.waitFor();
    expect(await row.getAttribute('data-due')).toBe(dueAfter(clockHours('regimes/IN-CERTIN.json', (n) => n[0])));
    await expect.poll(() => form.getByTestId('profile-state').textContent(), { timeout: 20_000 }).toContain('kept in the case');
    await shoot('05-profile-applied', row);
    expect(custodyEntries(caseDir).filter((e) => e.action === 'profile.set')).toHaveLength(1);
  });
});

describe('the duties table', () => {
  it("shows each duty's threshold, triggering categories and where it is filed, as the duties table holds them, nothing cut off at 1280×800", async () => {
    const duties = page.getByTestId('duties-section');
    await duties.getByTestId('duties-show-all').check();
    const stored = await dutiesTable();
    const rows = duties.getByTestId('duty-row');
    await expect.poll(() => rows.count()).toBe(stored.length);
    const list = (v: unknown): string[] => String(v ?? '').split(';').filter(Boolean);
    const key = (r: unknown[]): string => JSON.stringify(r);
    const expected = stored.map((d) => {
      const met = list(d['triggers_met']);
      const exposed = list(d['categories_exposed']);
      return key([
        d['jurisdiction'], d['recipient'], d['due'] ?? '',
        d['threshold'] === null ? '—' : `≥ ${Number(d['threshold']).toLocaleString('en-US')}`,
        met, exposed.length > met.length ? `exposed: ${exposed.join(', ')}` : null,
        d['filing_url'] ?? null, d['filing_note'] ?? null,
      ]);
    }).sort();
    const shown = (await rows.evaluateAll((els) => els.map((el) => {
      const text = (id: string): string | null => el.querySelector(`[data-testid="${id}"]`)?.textContent ?? null;
      return [
        el.getAttribute('data-jurisdiction'), el.getAttribute('data-recipient'), el.getAttribute('data-due'), text('duty-threshold'),
        Array.from(el.querySelectorAll('[data-testid="duty-trigger"]')).map((li) => li.textContent), text('duty-exposed'), text('duty-filing-url'), text('duty-filing-note'),
      ];
    }))).map(key).sort();
    expect(shown).toEqual(expected);
    expect(stored.some((d) => d['filing_url'] !== null)).toBe(true);
    expect(stored.some((d) => list(d['triggers_met']).length > 0)).toBe(true);

    // California's Attorney General: its threshold and filing page are those of the rule file.
    const rules = JSON.parse(readFileSync(path.join(REPO, 'resources', 'jurisdictions', 'rules.json'), 'utf8')) as { jurisdictions: { code: string; notices: { recipient: string; threshold: number; url?: string }[] }[] };
    const caAg = rules.jurisdictions.find((j) => j.code === 'US-CA')!.notices.find((n) => n.recipient === 'attorney_general')!;
    const caRow = duties.locator('[data-testid="duty-row"][data-jurisdiction="US-CA"][data-recipient="attorney_general"]');
    expect(await caRow.count()).toBe(1);
    expect(await caRow.getByTestId('duty-threshold').textContent()).toBe(`≥ ${caAg.threshold.toLocaleString('en-US')}`);
    expect(await caRow.getByTestId('duty-filing-url').textContent()).toBe(caAg.url);

    // At 1280×800 the table fits its panel and no cell's text runs past its cell.
    await page.setViewportSize(SIZES[0]);
    const wrap = duties.locator('.table-wrap');
    const fit = await wrap.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    const overflowing = await duties.locator('.table-duties td').evaluateAll((cells) => cells.filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent));
    expect(overflowing).toEqual([]);
    await shoot('07-table-columns', caRow);
    await duties.getByTestId('duties-show-all').uncheck();
  });
});

describe('review mode', () => {
  it('shows the decisions but offers no way to change them', async () => {
    await page.getByTestId('tab-cases').click();
    await page.getByTestId('open-case-dir').fill(caseDir);
    await page.getByTestId('reviewer-name').fill('Counsel');
    await page.getByTestId('review-case').click();
    await page.getByTestId('review-banner').waitFor();
    await page.getByTestId('results').waitFor();
    const search = page.getByTestId('people-search');
    await search.getByTestId('people-search-input').fill('a');
    await search.getByTestId('record-row').first().waitFor();
    expect(await search.getByTestId('assign-open').count()).toBe(0);
    const form = page.getByTestId('profile-form');
    await form.locator('summary').click();
    expect(await form.getByTestId('profile-apply').count()).toBe(0);
    expect(await form.getByTestId('profile-remove').count()).toBe(0);
    await shoot('06-review', form);
    expect(pageErrors).toEqual([]);
  });
});
