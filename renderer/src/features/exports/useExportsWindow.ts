/**
 * The exports table's rows around where the user has scrolled: pages of `exports.page` for the current case, filter
 * and sort, fetched as they come into view and kept in a bounded cache (at most MAX_PAGES pages, the farthest from
 * the view dropped first), so any number of exports can be scrolled through without ever holding them all. The engine
 * sorts, filters, counts and gives the facets; an answer for an older filter or sort is dropped.
 */
import { useEffect, useReducer, useRef } from 'react';
import type { ExportListRow, ExportsPage } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';
import type { ExportsFilter, ExportsSort } from './exportsQuery.js';

/** Rows per `exports.page` call. */
export const WINDOW_PAGE = 100;
/** Pages kept at most (the view's page, the ones either side, and a few the user has just left). */
export const MAX_PAGES = 6;

interface Cache {
  key: string;
  pages: Map<number, ExportListRow[]>;
  asking: Set<number>;
  head: Pick<ExportsPage, 'total' | 'facets' | 'note'> | null;
  error: string | null;
}

export interface ExportsWindow {
  /** Matching exports (null before the first answer). */
  total: number | null;
  facets: ExportsPage['facets'] | null;
  note: string | null;
  error: string | null;
  /** The first row index drawn, and the rows from there (null: its page is on its way). */
  start: number;
  rows: (ExportListRow | null)[];
  /** A page the view needs is being fetched. */
  busy: boolean;
  /** Pages held now (never more than MAX_PAGES). */
  cached: number;
}

const fresh = (key: string): Cache => ({ key, pages: new Map(), asking: new Set(), head: null, error: null });

/** The rows to draw for a view whose first visible row is `firstVisible` and which shows `visible` rows. */
export function useExportsWindow(caseDir: string, filter: ExportsFilter, sort: ExportsSort, firstVisible: number, visible: number): ExportsWindow {
  const key = JSON.stringify({ caseDir, filter, sort });
  const cache = useRef<Cache>(fresh(key));
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  if (cache.current.key !== key) cache.current = fresh(key);
  const c = cache.current;
  const total = c.head?.total ?? null;
  const lastPage = total === null ? 0 : Math.max(0, Math.ceil(total / WINDOW_PAGE) - 1);
  const here = Math.min(Math.floor(firstVisible / WINDOW_PAGE), lastPage);
  const there = Math.min(Math.floor((firstVisible + Math.max(visible, 1) - 1) / WINDOW_PAGE), lastPage);
  // The pages in view and one either side, so a scroll of a screen never shows an empty row.
  const wanted: number[] = [];
  for (let p = Math.max(0, here - 1); p <= Math.min(lastPage, there + 1); p++) wanted.push(p);
  const wantedKey = wanted.join(',');
  const latestView = useRef(firstVisible);
  latestView.current = firstVisible;

  useEffect(() => {
    const mine = cache.current;
    for (const p of wanted) {
      if (mine.pages.has(p) || mine.asking.has(p)) continue;
      mine.asking.add(p);
      void api['exports.page']({ caseDir, filter, sort, offset: p * WINDOW_PAGE, limit: WINDOW_PAGE }).then((r) => {
        mine.asking.delete(p);
        if (mine !== cache.current) return; // the filter or sort changed meanwhile
        if (!r.ok) mine.error = r.error.message;
        else {
          mine.error = null;
          mine.head = { total: r.value.total, facets: r.value.facets, note: r.value.note };
          mine.pages.set(p, r.value.rows);
          // Keep the cache bounded: drop the pages farthest from the view.
          const centre = Math.floor(latestView.current / WINDOW_PAGE);
          while (mine.pages.size > MAX_PAGES) {
            const far = [...mine.pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre))[0]!;
            mine.pages.delete(far);
          }
        }
        redraw();
      });
    }
  }, [key, wantedKey]); // `wanted` is keyed by wantedKey, the query (case, filter, sort) by key

  const start = total === null ? 0 : wanted[0]! * WINDOW_PAGE;
  const end = total === null ? 0 : Math.min(total, (wanted[wanted.length - 1]! + 1) * WINDOW_PAGE);
  const rows: (ExportListRow | null)[] = [];
  for (let i = start; i < end; i++) rows.push(c.pages.get(Math.floor(i / WINDOW_PAGE))?.[i % WINDOW_PAGE] ?? null);
  return {
    total, facets: c.head?.facets ?? null, note: c.head?.note ?? null, error: c.error, start, rows,
    busy: total === null ? c.error === null : wanted.some((p) => !c.pages.has(p)), cached: c.pages.size,
  };
}
