/**
 * The exports table's query state (filter, sort, page) and the page the engine answers for it. The engine sorts,
 * filters and counts; this holds one page. An answer to an older query is dropped when a newer one was asked.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportPageFilter, ExportSortColumn, ExportsPage } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';

export type ExportsFilter = ExportPageFilter;
export interface ExportsSort {
  column: ExportSortColumn;
  direction: 'asc' | 'desc';
}

/** The filter the table opens with: the suspicious exports, everything else open. */
/** A jump into the exports from elsewhere (a timeline mark or bar): open one export, or show a time window's exports. */
export interface ExportsDrill {
  /** Changes with every jump, so the same jump twice still lands. */
  seq: number;
  exportId?: string;
  window?: { from: string; to: string };
}

export function initialExportsFilter(): ExportsFilter {
  return { orgs: [], integrations: [], users: [], objects: [], channels: [], ips: [], flags: [], suspicious: true, inScope: null, from: null, to: null, search: '' };
}

export type PageLoad = { kind: 'loading'; last: ExportsPage | null } | { kind: 'ready'; page: ExportsPage } | { kind: 'failed'; message: string; last: ExportsPage | null };

/** Asks `exports.page` whenever the case, filter, sort, offset or page size change. */
export function useExportsPage(caseDir: string, filter: ExportsFilter, sort: ExportsSort, offset: number, limit: number): PageLoad {
  const [load, setLoad] = useState<PageLoad>({ kind: 'loading', last: null });
  const asked = useRef(0);
  const key = JSON.stringify({ caseDir, filter, sort, offset, limit });
  useEffect(() => {
    const n = ++asked.current;
    setLoad((prev) => ({ kind: 'loading', last: prev.kind === 'ready' ? prev.page : prev.last }));
    void api['exports.page']({ caseDir, filter, sort, offset, limit }).then((r) => {
      if (n !== asked.current) return;
      setLoad((prev) => (r.ok ? { kind: 'ready', page: r.value } : { kind: 'failed', message: r.error.message, last: prev.kind === 'ready' ? prev.page : prev.last }));
    });
  }, [key]);
  return load;
}

/** The page the table shows while a newer one loads (the last answer), or null before the first. */
export function shownPage(load: PageLoad): ExportsPage | null {
  return load.kind === 'ready' ? load.page : load.last;
}
