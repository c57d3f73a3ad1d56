/** The exports table's query (filter and sort, both applied by the engine) and a jump into it from elsewhere. */
import type { ExportPageFilter, ExportSortColumn } from '../../../../shared/contract.js';

export type ExportsFilter = ExportPageFilter;
export interface ExportsSort {
  column: ExportSortColumn;
  direction: 'asc' | 'desc';
}

/** A jump into the exports from elsewhere (a timeline mark or bar): open one export, or show a time window's exports. */
export interface ExportsDrill {
  /** Changes with every jump, so the same jump twice still lands. */
  seq: number;
  exportId?: string;
  window?: { from: string; to: string };
}

/** The filter the table opens with: the suspicious exports, everything else open. */
export function initialExportsFilter(): ExportsFilter {
  return { orgs: [], integrations: [], users: [], objects: [], channels: [], ips: [], flags: [], suspicious: true, inScope: null, from: null, to: null, search: '' };
}
