/**
 * The affected records for one jurisdiction, paged from the case store: who, how they were
 * placed there, how sure we are that they left, and which fields and exports exposed them.
 */
import { useEffect, useRef, useState } from 'react';
import type { RecordsPage } from '../../../../shared/contract.js';
import type { AffectedRecord, PostalAddress } from '../../../../shared/domain.js';
import { api } from '../../bridge.js';
import { formatCount } from '../../format.js';
import { confidenceLabel } from '../../labels.js';

const PAGE_SIZE = 50;

interface Props {
  caseDir: string;
  jurisdiction: string;
  name: string;
  onClose(): void;
}

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; page: RecordsPage };

/** A paged table of affected records for the selected jurisdiction. */
export function RecordsPanel({ caseDir, jurisdiction, name, onClose }: Props) {
  const [offset, setOffset] = useState(0);
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, []);

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    void api['investigation.records']({ caseDir, jurisdiction, offset, limit: PAGE_SIZE }).then((r) => {
      if (!live) return;
      setLoad(r.ok ? { kind: 'loaded', page: r.value } : { kind: 'failed', message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [caseDir, jurisdiction, offset]);

  const total = load.kind === 'loaded' ? load.page.total : null;
  const shownTo = load.kind === 'loaded' ? offset + load.page.records.length : offset;

  return (
    <section className="panel" aria-labelledby="records-title" data-testid="records-panel" ref={panel}>
      <div className="panel-head">
        <h2 id="records-title">
          Affected records — <span className="mono">{jurisdiction}</span> {name}
        </h2>
        <span className="muted" data-testid="records-total" data-total={total ?? ''}>
          {total === null ? 'Loading…' : `${formatCount(total === 0 ? 0 : offset + 1)}–${formatCount(shownTo)} of ${formatCount(total)}`}
        </span>
        <div className="pager">
          <button type="button" className="button-secondary" data-testid="records-prev" disabled={offset === 0 || load.kind === 'loading'} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            ← Previous
          </button>
          <button
            type="button"
            className="button-secondary"
            data-testid="records-next"
            disabled={total === null || shownTo >= total || load.kind === 'loading'}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Next →
          </button>
          <button type="button" className="button-secondary" onClick={onClose} aria-label="Close records">
            Close
          </button>
        </div>
      </div>
      {load.kind === 'failed' && (
        <div className="error-box" role="alert" data-testid="records-error">
          {load.message}
        </div>
      )}
      {load.kind === 'loaded' && <RecordsTable records={load.page.records} />}
    </section>
  );
}

/** The table of affected records, shared by a jurisdiction's list and the people search. */
export function RecordsTable({ records }: { records: AffectedRecord[] }) {
  return (
    <div className="table-wrap">
      <table className="table table-records">
        <thead>
          <tr>
            <th>Object</th>
            <th>Record id</th>
            <th>Name</th>
            <th>Email</th>
            <th>Address</th>
            <th>Placed by</th>
            <th>Confidence</th>
            <th>Exposed fields</th>
            <th>Exports</th>
          </tr>
        </thead>
        <tbody>
          {records.length === 0 && (
            <tr>
              <td colSpan={9} className="empty">
                No records on this page.
              </td>
            </tr>
          )}
          {records.map((r) => (
            <tr key={`${r.object}:${r.id}`} data-testid="record-row">
              <td className="nowrap">{r.object}</td>
              <td className="mono nowrap">{r.id}</td>
              <td className="cell-clip">{r.name ?? '—'}</td>
              <td className="cell-clip">{r.email ?? '—'}</td>
              <td className="cell-clip" title={formatAddress(r.address)}>
                {formatAddress(r.address)}
              </td>
              <td className="cell-clip" title={r.jurisdiction.basis}>
                <span className={`badge badge-conf-${r.jurisdiction.confidence}`}>{r.jurisdiction.confidence}</span> {r.jurisdiction.basis}
              </td>
              <td className="nowrap">
                <span className={`badge badge-${r.confidence}`}>{confidenceLabel(r.confidence)}</span>
              </td>
              <td className="cell-clip fields" title={r.exposedFields.join('\n')}>
                <span className="muted">{r.exposedFields.length} ·</span> {r.exposedFields.join(', ')}
              </td>
              <td className="mono cell-clip" title={r.exportIds.join('\n')}>
                {r.exportIds.length === 1 ? r.exportIds[0] : `${r.exportIds.length} exports`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatAddress(a: PostalAddress): string {
  const parts = [a.street, a.city, [a.state ?? a.stateCode, a.postalCode].filter(Boolean).join(' '), a.country ?? a.countryCode];
  const text = parts.filter((p) => p && p.trim()).join(', ');
  return text || '—';
}
