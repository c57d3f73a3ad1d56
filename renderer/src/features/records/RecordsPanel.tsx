/**
 * The affected records for one jurisdiction, paged from the case store: who, how they were
 * placed there, how sure we are that they left, and which fields and exports exposed them.
 */
import { Fragment, useEffect, useRef, useState } from 'react';
import type { RecordsPage } from '../../../../shared/contract.js';
import type { AffectedRecord, PostalAddress } from '../../../../shared/domain.js';
import { api } from '../../bridge.js';
import { formatCount } from '../../format.js';
import { confidenceLabel } from '../../labels.js';
import { AssignJurisdiction } from './AssignJurisdiction.js';
import './records.css';

const PAGE_SIZE = 50;

interface Props {
  caseDir: string;
  jurisdiction: string;
  name: string;
  onClose(): void;
  /** Review mode: jurisdictions cannot be assigned. */
  readOnly?: boolean;
  /** A jurisdiction was assigned or taken back: the case's counts and duties changed. */
  onChanged?(): void;
}

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; page: RecordsPage };

/** A paged table of affected records for the selected jurisdiction. */
export function RecordsPanel({ caseDir, jurisdiction, name, onClose, readOnly = false, onChanged }: Props) {
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
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
  }, [caseDir, jurisdiction, offset, version]);

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
      <AssignDone message={done} />
      {load.kind === 'loaded' && (
        <RecordsTable
          records={load.page.records}
          decisions={{ caseDir, readOnly, onChanged: (message) => {
            setDone(message);
            setVersion((v) => v + 1);
            onChanged?.();
          } }}
        />
      )}
    </section>
  );
}

/** Where a record's jurisdiction can be assigned by hand (absent: the table only lists). */
export interface RecordDecisions {
  caseDir: string;
  readOnly: boolean;
  /** After an assignment or its removal, with a sentence saying what was done. */
  onChanged(message: string): void;
}

/** The sentence saying what the last assignment did, above the table. */
export function AssignDone({ message }: { message: string | null }) {
  return message ? (
    <div className="notice" role="status" data-testid="assign-done">
      {message}
    </div>
  ) : null;
}

/** The table of affected records, shared by a jurisdiction's list and the people search. */
export function RecordsTable({ records, decisions }: { records: AffectedRecord[]; decisions?: RecordDecisions }) {
  const [open, setOpen] = useState<string | null>(null);
  const keyOf = (r: AffectedRecord): string => `${r.orgId ?? ''}:${r.object}:${r.id}`;
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
            <Fragment key={keyOf(r)}>
            <tr data-testid="record-row" data-record-id={r.id} data-jurisdiction={r.jurisdiction.code}>
              <td className="nowrap">{r.object}</td>
              <td className="mono nowrap">{r.id}</td>
              <td className="cell-clip">{r.name ?? '—'}</td>
              <td className="cell-clip">{r.email ?? '—'}</td>
              <td className="cell-clip" title={formatAddress(r.address)}>
                {formatAddress(r.address)}
              </td>
              <td className="cell-clip placed-by" title={r.jurisdiction.basis} data-testid="record-basis">
                {r.assignment ? (
                  <span className="badge badge-conf-assigned" title={`assigned by ${r.assignment.by} at ${r.assignment.at}`}>
                    assigned by hand
                  </span>
                ) : (
                  <span className={`badge badge-conf-${r.jurisdiction.confidence}`}>{r.jurisdiction.confidence}</span>
                )}{' '}
                <span className="mono">{r.jurisdiction.code}</span> {r.assignment ? `${r.assignment.by}: ${r.assignment.reason}` : r.jurisdiction.basis}
                {r.assignment?.previous && r.assignment.previous !== r.jurisdiction.code && <span className="muted"> (address gave {r.assignment.previous})</span>}
                {decisions && !decisions.readOnly && r.isPerson && (
                  <div>
                    <button
                      type="button"
                      className={r.jurisdiction.code === 'ZZ' || r.assignment ? 'button-secondary button-small' : 'link button-small'}
                      data-testid="assign-open"
                      aria-expanded={open === keyOf(r)}
                      onClick={() => setOpen(open === keyOf(r) ? null : keyOf(r))}
                    >
                      {r.assignment ? 'Change or take back…' : r.jurisdiction.code === 'ZZ' ? 'Assign jurisdiction…' : 'Override…'}
                    </button>
                  </div>
                )}
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
            {decisions && open === keyOf(r) && (
              <tr className="assign-row">
                <td colSpan={9}>
                  <AssignJurisdiction
                    caseDir={decisions.caseDir}
                    record={r}
                    onCancel={() => setOpen(null)}
                    onDone={(message) => {
                      setOpen(null);
                      decisions.onChanged(message);
                    }}
                  />
                </td>
              </tr>
            )}
            </Fragment>
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
