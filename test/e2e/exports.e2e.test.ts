/**
 * The exports table scrolls through every export of the demo in Debian Chromium against the loopback host over the
 * real engine: rows are fetched from `exports.page` a page at a time as they come into view, only the rows around the
 * view are drawn and at most a few pages are kept. What each row should be is asked of `exports.page` here, with the
 * same filter and sort, a page at a time. Screenshots go to test-results/screenshots/exports-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportsPage, Handlers } from '../../shared/contract.js';
import { callThrough, SHOTS, openInvestigatedDemo, type DemoCaseSession } from '../helpers/browser.js';

/** What the renderer keeps at most (useExportsWindow.ts): MAX_PAGES pages of 100 rows; drawn, the (at most two) pages in view and one either side. */
const MAX_PAGES = 6;
const MAX_DRAWN = 400;

let handlers: Handlers;
let page: Page;
let caseDir: string;
let pageErrors: string[] = [];
let session: DemoCaseSession | undefined;

const call = <T>(channel: string, payload: unknown): Promise<T> => callThrough<T>(handlers, channel, payload);

type Sort = { column: string; direction: 'asc' | 'desc' };
/** The ids the engine gives for rows [from, to) of every export (suspicious or not) in this sort, read 100 at a time. */
async function idsOf(sort: Sort, from: number, to: number, filter: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = from; offset < to; offset += 100) {
    const p = await call<ExportsPage>('exports.page', { caseDir, filter: { suspicious: null, ...filter }, sort, offset, limit: Math.min(100, to - offset) });
    ids.push(...p.rows.map((r) => r.id));
  }
  return ids;
}
const totalOf = async (filter: Record<string, unknown> = {}): Promise<number> =>
  (await call<ExportsPage>('exports.page', { caseDir, filter: { suspicious: null, ...filter }, limit: 1 })).total;

const shown = () => page.getByTestId('exports-shown');
const scroller = () => page.getByTestId('exports-scroll');
const attr = async (name: string): Promise<number> => Number(await shown().getAttribute(name));
/** The drawn rows with their index, once every page in view has arrived. */
async function drawn(): Promise<{ index: number; id: string }[]> {
  await expect.poll(async () => [await scroller().getAttribute('aria-busy'), await page.getByTestId('export-row-loading').count()]).toEqual(['false', 0]);
  return page.getByTestId('export-row').evaluateAll((els) => els.map((el) => ({ index: Number(el.getAttribute('data-index')), id: el.getAttribute('data-export-id') ?? '' })));
}
/** Scrolls the table with the mouse wheel, a screen at a time, until its end (checking the bounds on the way). */
async function wheelToEnd(): Promise<number> {
  const box = (await scroller().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let steps = 0;
  for (;;) {
    const at = await scroller().evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
    if (at.top >= at.max - 1) break;
    await page.mouse.wheel(0, box.height * 3);
    await page.waitForTimeout(40);
    steps++;
    expect(await attr('data-drawn')).toBeLessThanOrEqual(MAX_DRAWN);
    expect(await attr('data-cached-pages')).toBeLessThanOrEqual(MAX_PAGES);
    if (steps > 2000) throw new Error('the table never reached its end');
  }
  return steps;
}
/** Whether the row of `id` is inside the table's scroll box, below its header. */
async function inView(id: string): Promise<boolean> {
  const row = page.locator(`[data-testid="export-row"][data-export-id="${id}"]`);
  if ((await row.count()) !== 1) return false;
  const r = (await row.boundingBox())!;
  const s = (await scroller().boundingBox())!;
  return r.y >= s.y && r.y + r.height <= s.y + s.height + 1;
}

beforeAll(async () => {
  session = await openInvestigatedDemo('exports', '2025-07-28T09:00:00.000Z');
  ({ handlers, caseDir, page, pageErrors } = session);
}, 300_000);

afterAll(async () => {
  await session?.close();
});

describe('the exports table', () => {
  it('scrolls through every export to the last one, fetching pages as they come into view and keeping only a few', async () => {
    const byStart: Sort = { column: 'start', direction: 'asc' };
    const total = await totalOf();
    expect(total).toBeGreaterThan(MAX_PAGES * 100); // more exports than the table ever holds
    await page.getByTestId('exports-suspicious').selectOption('any');
    await expect.poll(() => shown().getAttribute('data-total')).toBe(String(total));
    await scroller().scrollIntoViewIfNeeded();

    // The top: the first rows in time order, each row the fixed height the scroll position is counted in.
    const top = await drawn();
    expect(top[0]!.index).toBe(0);
    expect(top.map((r) => r.id)).toEqual(await idsOf(byStart, 0, top.length));
    const height = Number(await page.locator('.table-exports').getAttribute('data-row-height'));
    const heights = await page.getByTestId('export-row').evaluateAll((els) => [...new Set(els.map((el) => Math.round(el.getBoundingClientRect().height)))]);
    expect(heights).toEqual([height]);
    // The header's range is the rows in view, measured once they have arrived (not the one row the empty box held before).
    const visible = await scroller().evaluate((el) => {
      const box = el.getBoundingClientRect();
      const below = box.top + (el.querySelector('thead')?.getBoundingClientRect().height ?? 0);
      return Array.from(el.querySelectorAll('[data-testid="export-row"]')).filter((r) => {
        const b = r.getBoundingClientRect();
        return b.bottom > below + 1 && b.top < box.bottom - 1;
      }).length;
    });
    expect(visible).toBeGreaterThan(3);
    await expect.poll(() => attr('data-visible-to')).toBeGreaterThanOrEqual(visible);
    expect(await attr('data-visible-to')).toBeLessThanOrEqual(visible + 1);
    expect(await shown().textContent()).toMatch(new RegExp(`^1–${await attr('data-visible-to')} of `));

    // To the end with the wheel: the last export in this sort, as exports.page gives it, is drawn and in view.
    await wheelToEnd();
    const [lastId] = await idsOf(byStart, total - 1, total);
    const end = await drawn();
    expect(end[end.length - 1]).toEqual({ index: total - 1, id: lastId });
    expect(end.map((r) => r.id)).toEqual(await idsOf(byStart, end[0]!.index, total));
    expect(await inView(lastId!)).toBe(true);
    expect(await attr('data-visible-to')).toBe(total);
    expect(await shown().textContent()).toMatch(new RegExp(`–${total.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} matching`));
    expect(await attr('data-cached-pages')).toBeLessThanOrEqual(MAX_PAGES);
    await page.screenshot({ path: path.join(SHOTS, 'exports-01-end-by-time.png') });

    // Back in the middle: the rows drawn there are the engine's rows at those positions.
    await scroller().evaluate((el, px) => { el.scrollTop = px; }, Math.floor(total / 2) * height);
    // The scroll is answered on a later render: wait until the rows drawn are those of the new position before reading them.
    await expect.poll(async () => (await drawn()).some((r) => r.index === Math.floor(total / 2))).toBe(true);
    const middle = await drawn();
    expect(middle.length).toBeLessThanOrEqual(MAX_DRAWN);
    expect(middle.map((r) => r.id)).toEqual(await idsOf(byStart, middle[0]!.index, middle[0]!.index + middle.length));
    expect(middle.some((r) => r.index === Math.floor(total / 2))).toBe(true);
  });

  it('sorts on the engine: by rows, largest first, from the top; End shows the smallest', async () => {
    const byRows: Sort = { column: 'rows', direction: 'desc' };
    const total = await totalOf();
    await page.getByTestId('sort-rows').click();
    await expect.poll(async () => (await page.getByTestId('export-row').first().getAttribute('data-export-id'))).toBe((await idsOf(byRows, 0, 1))[0]);
    expect(await scroller().evaluate((el) => el.scrollTop)).toBe(0);
    const top = await drawn();
    expect(top.map((r) => r.id)).toEqual(await idsOf(byRows, 0, top.length));
    await page.getByTestId('exports-last').click();
    const [lastId] = await idsOf(byRows, total - 1, total);
    const end = await drawn();
    expect(end[end.length - 1]).toEqual({ index: total - 1, id: lastId });
    expect(await inView(lastId!)).toBe(true);
    await page.getByTestId('exports-first').click();
    await expect.poll(() => attr('data-visible-from')).toBe(0);
  });

  it('keeps the filter, the facets and the opened export', async () => {
    const byRows: Sort = { column: 'rows', direction: 'desc' };
    await page.getByTestId('exports-suspicious').selectOption('yes');
    const suspicious = await totalOf({ suspicious: true });
    await expect.poll(() => shown().getAttribute('data-total')).toBe(String(suspicious));
    const facet = page.getByTestId('facet-flag').locator('.chip').first();
    const code = (await facet.getAttribute('data-value'))!;
    const flagged = await totalOf({ suspicious: true, flags: [code] });
    expect(Number(await facet.getAttribute('data-count'))).toBe(flagged);
    await facet.click();
    await expect.poll(() => shown().getAttribute('data-total')).toBe(String(flagged));
    const rows = await drawn();
    expect(rows.map((r) => r.id)).toEqual(await idsOf(byRows, 0, rows.length, { suspicious: true, flags: [code] }));
    await page.locator(`[data-testid="export-row"][data-export-id="${rows[0]!.id}"]`).getByTestId('export-link').click();
    const detail = page.getByTestId('export-detail');
    await detail.getByTestId('export-flags').waitFor();
    expect(await detail.getAttribute('data-export-id')).toBe(rows[0]!.id);
    await scroller().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'exports-02-filtered.png') });
    expect(pageErrors).toEqual([]);
  });
});
