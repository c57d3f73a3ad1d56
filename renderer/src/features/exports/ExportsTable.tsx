/**
 * The logical exports the engine reconstructed in one scrolling table: sorted, filtered, searched and counted by the
 * engine (`exports.page`), the rows fetched a page at a time as they scroll into view and only the rows around the
 * view drawn (rows of fixed height, spacers for the rest), so any number of exports can be scrolled through; an
 * export id opens its detail.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ExportListRow, ExportSortColumn } from '../../../../shared/contract.js';
import type { InvestigationResult } from '../../../../shared/domain.js';
import { formatCount, formatInstant } from '../../format.js';
import { channelLabel, ipInfoLabel, objectLabel, reasonLabel } from '../../labels.js';
import './exports.css';
import { ExportDetail } from './ExportDetail.js';
import { ExportFilters } from './ExportFilters.js';
import { initialExportsFilter, type ExportsDrill, type ExportsSort } from './exportsQuery.js';
import { useExportsWindow } from './useExportsWindow.js';

/** Every row's height in pixels (CSS keeps each row to it), so a scroll position is a row index. */
export const ROW_HEIGHT = 52;

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

/** The exports screen: filters and facets, the scrolling table of every matching export and the opened export. */
export function ExportsTable({ result, drill = null }: { result: InvestigationResult; drill?: ExportsDrill | null }) {
  const [filter, setFilter] = useState(initialExportsFilter);
  const [sort, setSort] = useState<ExportsSort>({ column: 'start', direction: 'asc' });
  const [open, setOpen] = useState<string | null>(null);
  const [view, setView] = useState({ first: 0, rows: 12 });
  const panel = useRef<HTMLElement | null>(null);
  const scroller = useRef<HTMLDivElement | null>(null);
  // A jump from the timeline: open the export, or show every export (suspicious or not) of the window, and bring the table into view.
  const [filtersShown, setFiltersShown] = useState(0);
  const applied = useRef(drill?.seq ?? 0); // a jump made before this table was shown is not replayed
  useEffect(() => {
    if (!drill || drill.seq === applied.current) return;
    applied.current = drill.seq;
    if (drill.exportId) setOpen(drill.exportId);
    if (drill.window) {
      setFilter({ ...initialExportsFilter(), suspicious: null, from: drill.window.from, to: drill.window.to });
      setFiltersShown((n) => n + 1); // the filter bar shows the window: drawn afresh from the new filter
    }
    panel.current?.scrollIntoView({ block: 'start' });
  }, [drill]);
  const win = useExportsWindow(result.caseDir, filter, sort, view.first, view.rows);
  const total = win.total;

  /** Which rows the scroll position shows (the header row above them is left out). */
  const measure = () => {
    const el = scroller.current;
    if (!el) return;
    const head = el.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const first = Math.max(0, Math.floor(el.scrollTop / ROW_HEIGHT));
    const rows = Math.max(1, Math.ceil((el.clientHeight - head) / ROW_HEIGHT));
    setView((v) => (v.first === first && v.rows === rows ? v : { first, rows }));
  };
  useLayoutEffect(measure, []);
  // The box (at most 70 % of the window high) changes size as the rows arrive, the window resizes or a panel above it
  // grows: measured again whenever it does.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const watch = new ResizeObserver(() => measure());
    watch.observe(el);
    return () => watch.disconnect();
  }, []);
  // A new filter or sort starts at the top.
  const query = JSON.stringify({ filter, sort });
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    measure();
  }, [query]);

  const sortBy = (column: ExportSortColumn) => {
    setSort((s) => ({ column, direction: s.column === column && s.direction === 'asc' ? 'desc' : column === 'rows' || column === 'flags' ? 'desc' : 'asc' }));
  };
  const shownFrom = total ? Math.min(view.first, total - 1) : 0;
  const shownTo = total ? Math.min(total, view.first + view.rows) : 0;
  const after = total === null ? 0 : Math.max(0, total - win.start - win.rows.length);
  const toEnd = (end: boolean) => {
    if (scroller.current) scroller.current.scrollTop = end ? scroller.current.scrollHeight : 0;
    measure();
  };

  return (
    <section className="panel" aria-labelledby="exports-title" ref={panel} data-testid="exports-panel">
      <div className="panel-head">
        <h2 id="exports-title">Exports</h2>
        <span className="muted" data-testid="exports-shown" data-total={total ?? ''} data-first={win.start} data-drawn={win.rows.length} data-visible-from={shownFrom} data-visible-to={shownTo} data-cached-pages={win.cached}>
          {total === null ? 'Loading…' : `${formatCount(total === 0 ? 0 : shownFrom + 1)}–${formatCount(shownTo)} of ${formatCount(total)} matching · ${formatCount(result.exportCounts.total)} in the case`}
        </span>
        <div className="pager">
          <button type="button" className="button-secondary" data-testid="exports-first" disabled={!total || view.first === 0} onClick={() => toEnd(false)}>« Top</button>
          <button type="button" className="button-secondary" data-testid="exports-last" disabled={!total || shownTo >= total} onClick={() => toEnd(true)}>End »</button>
        </div>
      </div>
      <ExportFilters key={`filters:${filtersShown}`} filter={filter} facets={win.facets} onChange={setFilter} />
      {win.error && <div className="error-box" role="alert">{win.error}</div>}
      {win.note && <div className="warn-box" role="status" data-testid="exports-note">{win.note}</div>}
      <div className="table-wrap exports-scroll" ref={scroller} onScroll={measure} aria-busy={win.busy} data-testid="exports-scroll">
        <table className="table table-exports" data-row-height={ROW_HEIGHT}>
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
            {total === 0 && !win.busy && (
              <tr>
                <td colSpan={COLUMNS.length} className="empty" data-testid="exports-empty">
                  {win.note ?? (filter.suspicious === true && result.exportCounts.suspicious === 0 ? 'No export was flagged suspicious. Set "Suspicious" to "any" to see every export.' : 'No export matches this filter.')}
                </td>
              </tr>
            )}
            {win.start > 0 && <tr className="spacer" aria-hidden="true" style={{ height: win.start * ROW_HEIGHT }}><td colSpan={COLUMNS.length} /></tr>}
            {win.rows.map((e, i) => e
              ? <ExportRow key={e.id} index={win.start + i} exp={e} open={open === e.id} onOpen={() => setOpen(open === e.id ? null : e.id)} />
              : <tr key={`loading:${win.start + i}`} className="row-loading" data-testid="export-row-loading"><td colSpan={COLUMNS.length} className="muted">Loading…</td></tr>)}
            {after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: after * ROW_HEIGHT }}><td colSpan={COLUMNS.length} /></tr>}
          </tbody>
        </table>
      </div>
      {open && <ExportDetail key={open} exportId={open} caseDir={result.caseDir} onClose={() => setOpen(null)} />}
    </section>
  );
}

function ExportRow({ index, exp, open, onOpen }: { index: number; exp: ExportListRow; open: boolean; onOpen(): void }) {
  const integration = exp.integration.name ?? exp.integration.connectedAppId ?? '—';
  return (
    <tr data-testid="export-row" data-index={index} data-suspicious={exp.suspicious ? 'true' : 'false'} data-export-id={exp.id} data-rows={exp.rows ?? ''} className={exp.suspicious ? 'row-suspicious' : undefined}>
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
      <td className="cell-flags" title={exp.reasons.map((r) => r.message).join('\n') || undefined}>
        <div className="flags-clip">
        {exp.suspicious && <span className="badge badge-danger" data-testid="suspicious-badge" title={exp.reasons.map((r) => r.message).join('\n')}>Suspicious</span>}
        {exp.inScope && <span className="badge badge-scope">In scope</span>}
        {exp.reasons.map((r) => <span key={r.code} className="reason" title={r.message}>{reasonLabel(r.code)}</span>)}
        </div>
      </td>
    </tr>
  );
}
