/**
 * The notification duties of the case: who must be told (regulator, individuals, agencies), whether
 * it is required and why, by when — with a live countdown from the awareness time — the threshold of
 * people the notice needs, the exposed data categories that trigger it, the law behind it and where
 * the notice is filed (shown as text to copy: the app opens no web page). Read from the engine's `duties` table; the text wraps, nothing is cut off.
 */
import { useEffect, useState } from 'react';
import type { DutyRow } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';
import { formatCount, formatInstant } from '../../format.js';
import { timeLeft } from './timeLeft.js';
import { ProfileForm } from './ProfileForm.js';
import './duties.css';

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; duties: DutyRow[]; awareAt: string | null };

/** A `;`-separated list of the duties table as its entries. */
const listOf = (text: string | null): string[] => (text ?? '').split(';').filter(Boolean);

const REQUIRED_LABEL: Record<DutyRow['required'], string> = { yes: 'Required', assess: 'Assess', no: 'Not required' };

/** The duties table; a minute timer keeps the time left current. */
export function DutiesSection({ caseDir, readOnly = false, version = 0, onChanged }: { caseDir: string; readOnly?: boolean; version?: number; onChanged?(): void }) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [ownVersion, setOwnVersion] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let live = true;
    void api['duties.list']({ caseDir }).then((r) => {
      if (live) setLoad(r.ok ? { kind: 'loaded', duties: r.value.duties, awareAt: r.value.awareAt } : { kind: 'failed', message: r.error.message });
    });
    return () => {
      live = false;
    };
  }, [caseDir, version, ownVersion]);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);

  if (load.kind === 'loading') return null;
  const duties = load.kind === 'loaded' ? load.duties : [];
  const shown = showAll ? duties : duties.filter((d) => d.required !== 'no');
  const required = duties.filter((d) => d.required === 'yes').length;
  return (
    <section className="panel" aria-labelledby="duties-title" data-testid="duties-section">
      <div className="panel-head">
        <h2 id="duties-title">Notification duties</h2>
        {load.kind === 'loaded' && (
          <span className="muted" data-testid="duties-summary">
            {formatCount(required)} required, {formatCount(duties.filter((d) => d.required === 'assess').length)} to assess
            {load.awareAt ? ` · deadlines run from awareness at ${formatInstant(load.awareAt)}` : ''} · not legal advice: check each rule
          </span>
        )}
        {duties.some((d) => d.required === 'no') && (
          <label className="checkbox">
            <input type="checkbox" data-testid="duties-show-all" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> also duties not required
          </label>
        )}
      </div>
      {load.kind === 'loaded' && (
        <ProfileForm
          caseDir={caseDir}
          readOnly={readOnly}
          onApplied={() => {
            setOwnVersion((v) => v + 1);
            onChanged?.();
          }}
        />
      )}
      {load.kind === 'failed' && <div className="error-box" role="alert">{load.message}</div>}
      {load.kind === 'loaded' && duties.length === 0 && <p className="empty">No notification duty: no affected person was placed in a jurisdiction with a notice rule.</p>}
      {shown.length > 0 && (
        <div className="table-wrap">
          <table className="table table-duties">
            <colgroup>
              <col className="col-due" />
              <col className="col-jur" />
              <col className="col-recipient" />
              <col className="col-required" />
              <col className="col-people" />
              <col className="col-threshold" />
              <col className="col-triggers" />
              <col className="col-why" />
              <col className="col-law" />
              <col className="col-filing" />
            </colgroup>
            <thead>
              <tr>
                <th>Due · time left</th>
                <th>Jurisdiction</th>
                <th>Recipient</th>
                <th>Required</th>
                <th className="num">People</th>
                <th className="num" title="People meeting the trigger that the notice needs">Threshold</th>
                <th title="The exposed data categories that trigger this duty under its law">Triggers</th>
                <th>Why</th>
                <th>Law</th>
                <th title="Where the notice is filed">Filed at</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((d, i) => {
                const left = d.due ? timeLeft(d.due, now) : null;
                const met = listOf(d.triggersMet);
                const exposed = listOf(d.categoriesExposed);
                return (
                  <tr key={i} data-testid="duty-row" data-jurisdiction={d.jurisdiction} data-recipient={d.recipient} data-required={d.required} data-due={d.due ?? ''}>
                    <td className="wrap">
                      {d.due ? formatInstant(d.due) : <span className="muted duty-reason">{d.dueReason ?? 'no fixed date'}</span>}
                      <div className={`duty-left ${left?.overdue ? 'due-overdue' : left?.urgent ? 'due-urgent' : ''}`} data-testid="duty-time-left">
                        {left ? left.text : '—'}
                      </div>
                    </td>
                    <td className="mono duty-jur">{d.jurisdiction}</td>
                    <td className="wrap">
                      {d.recipient}
                      {d.authority && <div className="muted">{d.authority}</div>}
                    </td>
                    <td className="nowrap">
                      <span className={`badge badge-required-${d.required}`}>{REQUIRED_LABEL[d.required]}</span>
                    </td>
                    <td className="num">{formatCount(d.people)}</td>
                    <td className="num" data-testid="duty-threshold">
                      {d.threshold === null ? '—' : `≥ ${formatCount(d.threshold)}`}
                    </td>
                    <td className="wrap duty-triggers" data-testid="duty-triggers">
                      {met.length > 0 ? (
                        <ul className="duty-categories">
                          {met.map((c) => (
                            <li key={c} className="mono" data-testid="duty-trigger">{c}</li>
                          ))}
                        </ul>
                      ) : (
                        <span className="muted">none met</span>
                      )}
                      {exposed.length > met.length && (
                        <div className="muted duty-exposed" data-testid="duty-exposed">
                          exposed: <span className="mono">{exposed.join(', ')}</span>
                        </div>
                      )}
                    </td>
                    <td className="wrap duty-why">
                      <ul className="duty-reasons">
                        {d.why.split('\n').filter(Boolean).map((w, k) => (
                          <li key={k}>{w}</li>
                        ))}
                      </ul>
                    </td>
                    <td className="wrap duty-law">
                      {d.law}
                      {d.citation && <div className="muted mono duty-citation">{d.citation}</div>}
                    </td>
                    <td className="wrap duty-filing" data-testid="duty-filing">
                      {d.filingUrl && <div className="mono duty-filing-url" data-testid="duty-filing-url">{d.filingUrl}</div>}
                      {d.filingNote && <div className="muted duty-filing-note" data-testid="duty-filing-note">{d.filingNote}</div>}
                      {!d.filingUrl && !d.filingNote && <span className="muted">—</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
