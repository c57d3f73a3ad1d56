/**
 * The logical exports the engine reconstructed, a page at a time: sorted, filtered, searched and counted by the
 * engine (`exports.page`), so any number of exports can be reached; an export id opens its detail.
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportListRow, ExportSortColumn } from '../../../../shared/contract.js';
import type { InvestigationResult } from '../../../../shared/domain.js';
import { formatCount, formatInstant } from '../../format.js';
import { channelLabel, ipInfoLabel, objectLabel, reasonLabel } from '../../labels.js';
import './exports.css';
import { ExportDetail } from './ExportDetail.js';
import { ExportFilters } from './ExportFilters.js';
import { initialExportsFilter, shownPage, useExportsPage, type ExportsDrill, type ExportsSort } from './useExportsPage.js';

const PAGE_SIZES = [100, 500] as const;

const COLUMNS: { label: string; sort: ExportSortColumn | null; className?: string }[] = [
  { label: 'Export', sort: 'id' },
  { label: 'Time (UTC)', sort: 'start' },
  { label: 'Channel', sort: 'channel' },
  { label: 'Integration / user', sort: 'integration' },
  { label: 'Object', sort: 'object' },
  { label: 'Rows', sort: 'rows', className: 'num' },
  { label: 'Source IP / user agent', sort: 'sourceIp' },
  { label: 'Assessment', sort: 'flags' },
];

/** The exports screen: filters and facets, the sorted page, the pager and the opened export. */
export function ExportsTable({ result, drill = null }: { result: InvestigationResult; drill?: ExportsDrill | null }) {
  const [filter, setFilter] = useState(initialExportsFilter);
  const [sort, setSort] = useState<ExportsSort>({ column: 'start', direction: 'asc' });
  const [offset, setOffset] = useState(0);
  const [limit, setLimit] = useState<number>(PAGE_SIZES[0]);
  const [open, setOpen] = useState<string | null>(null);
  const panel = useRef<HTMLElement | null>(null);
  // A jump from the timeline: open the export, or show every export (suspicious or not) of the window, and bring the table into view.
  const [filtersShown, setFiltersShown] = useState(0);
  const applied = useRef(drill?.seq ?? 0); // a jump made before this table was shown is not replayed
  useEffect(() => {
    if (!drill || drill.seq === applied.current) return;
    applied.current = drill.seq;
    if (drill.exportId) setOpen(drill.exportId);
    if (drill.window) {
      setFilter({ ...initialExportsFilter(), suspicious: null, from: drill.window.from, to: drill.window.to });
      setOffset(0);
      setFiltersShown((n) => n + 1); // the filter bar shows the window: drawn afresh from the new filter
    }
    panel.current?.scrollIntoView({ block: 'start' });
  }, [drill]);
  const load = useExportsPage(result.caseDir, filter, sort, offset, limit);
  const page = shownPage(load);
  const total = page?.total ?? null;
  const lastOffset = total === null || total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const busy = load.kind === 'loading';
  // A narrower filter can leave the offset past the end: go back to the last page that exists.
  useEffect(() => {
    if (load.kind === 'ready' && offset > 0 && offset >= load.page.total) setOffset(lastOffset);
  }, [load, offset, lastOffset]);

  const sortBy = (column: ExportSortColumn) => {
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : column === 'rows' || column === 'flags' ? 'desc' : 'asc' }));
    setOffset(0);
  };
  const shownTo = page ? page.offset + page.rows.length : 0;

  return (
    <section className="panel" aria-labelledby="exports-title" ref={panel} data-testid="exports-panel">
      <div className="panel-head">
        <h2 id="exports-title">Exports</h2>
        <span className="muted" data-testid="exports-shown" data-total={total ?? ''} data-offset={page?.offset ?? ''}>
          {total === null ? 'Loading…' : `${formatCount(total === 0 ? 0 : page!.offset + 1)}–${formatCount(shownTo)} of ${formatCount(total)} matching · ${formatCount(result.exportCounts.total)} in the case`}
        </span>
        <Pager offset={offset} limit={limit} total={total} lastOffset={lastOffset} busy={busy} onOffset={setOffset} onLimit={(n) => { setLimit(n); setOffset(0); }} />
      </div>
      <ExportFilters key={`filters:${filtersShown}`} filter={filter} facets={page?.facets ?? null} onChange={(f) => { setFilter(f); setOffset(0); }} />
      {load.kind === 'failed' && <div className="error-box" role="alert">{load.message}</div>}
      {page?.note && <div className="warn-box" role="status" data-testid="exports-note">{page.note}</div>}
      <div className="table-wrap" aria-busy={busy}>
        <table className="table table-exports">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.label} className={c.className} aria-sort={c.sort && sort.column === c.sort ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {c.sort ? (
                    <button type="button" className="sort" data-testid={`sort-${c.sort}`} onClick={() => sortBy(c.sort!)}>
                      {c.label}
                      {sort.column === c.sort ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page && page.rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="empty" data-testid="exports-empty">
                  {page.note ?? (filter.suspicious === true && result.exportCounts.suspicious === 0 ? 'No export was flagged suspicious. Set "Suspicious" to "any" to see every export.' : 'No export matches this filter.')}
                </td>
              </tr>
            )}
            {page?.rows.map((e) => <ExportRow key={e.id} exp={e} open={open === e.id} onOpen={() => setOpen(open === e.id ? null : e.id)} />)}
          </tbody>
        </table>
      </div>
      {open && <ExportDetail key={open} exportId={open} caseDir={result.caseDir} onClose={() => setOpen(null)} />}
    </section>
  );
}

function Pager({ offset, limit, total, lastOffset, busy, onOffset, onLimit }: { offset: number; limit: number; total: number | null; lastOffset: number; busy: boolean; onOffset(n: number): void; onLimit(n: number): void }) {
  const atEnd = total === null || offset + limit >= total;
  return (
    <div className="pager">
      <label className="inline-field">
        Per page
        <select data-testid="exports-page-size" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </label>
      <button type="button" className="button-secondary" data-testid="exports-first" disabled={offset === 0 || busy} onClick={() => onOffset(0)}>« First</button>
      <button type="button" className="button-secondary" data-testid="exports-prev" disabled={offset === 0 || busy} onClick={() => onOffset(Math.max(0, offset - limit))}>← Previous</button>
      <button type="button" className="button-secondary" data-testid="exports-next" disabled={atEnd || busy} onClick={() => onOffset(offset + limit)}>Next →</button>
      <button type="button" className="button-secondary" data-testid="exports-last" disabled={atEnd || busy} onClick={() => onOffset(lastOffset)}>Last »</button>
    </div>
  );
}

function ExportRow({ exp, open, onOpen }: { exp: ExportListRow; open: boolean; onOpen(): void }) {
  const integration = exp.integration.name ?? exp.integration.connectedAppId ?? '—';
  return (
    <tr data-testid="export-row" data-suspicious={exp.suspicious ? 'true' : 'false'} data-export-id={exp.id} data-rows={exp.rows ?? ''} className={exp.suspicious ? 'row-suspicious' : undefined}>
      <td className="nowrap">
        <button type="button" className="link mono" aria-expanded={open} data-testid="export-link" onClick={onOpen} title="Open this export's evidence, flags and files">
          {exp.id}
        </button>
      </td>
      <td className="nowrap mono">{formatInstant(exp.start, false)}</td>
      <td className="nowrap">{channelLabel(exp.channel)}</td>
      <td className="cell-clip cell-who">
        <div className="line-clip" title={exp.integration.connectedAppId ?? undefined}>{integration}</div>
        <div className="line-clip muted" title={exp.user.id ?? undefined}>{exp.user.username ?? exp.user.id ?? '—'}</div>
      </td>
      <td className="nowrap" title={exp.query ?? undefined}>
        {objectLabel(exp.object) ?? '—'}
        {exp.countOnly && <span className="tag">COUNT()</span>}
      </td>
      <td className="num">{formatCount(exp.rows)}</td>
      <td className="cell-clip cell-client">
        <div className="line-clip mono" title={ipInfoLabel(exp.sourceIpInfo) ?? undefined}>
          {exp.sourceIp ?? '—'}
          {exp.sourceIpInfo?.country && <span className="tag">{exp.sourceIpInfo.country}</span>}
        </div>
        <div className="line-clip muted" title={exp.userAgent ?? undefined}>{exp.userAgent ?? '—'}</div>
      </td>
      <td className="cell-flags">
        {exp.suspicious && <span className="badge badge-danger" data-testid="suspicious-badge" title={exp.reasons.map((r) => r.message).join('\n')}>Suspicious</span>}
        {exp.inScope && <span className="badge badge-scope">In scope</span>}
        {exp.reasons.map((r) => <span key={r.code} className="reason" title={r.message}>{reasonLabel(r.code)}</span>)}
      </td>
    </tr>
  );
}
