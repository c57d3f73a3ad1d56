/**
 * Scope: what the last run took as in scope, the affected people by confidence tier, the data
 * categories exposed per jurisdiction, and the field → category mapping, editable with the effect
 * of each change shown before it is applied (the next investigation of the case applies it).
 */
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { InvestigationResult, InvestigationScope } from '../../../../shared/domain.js';
import type { MappingView } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { formatCount, formatInstant } from '../../format.js';
import { MappingEditor } from './MappingEditor.js';
import { ScopeEditor } from './ScopeEditor.js';
import './scope.css';

interface Props {
  caseDir: string;
  result: InvestigationResult | null;
  readOnly: boolean;
  investigator: string | null;
  /** Runs the investigation of the case again, on the evidence it holds, with this scope. */
  onRescope: (scope: InvestigationScope) => void;
}

/** The Scope screen. */
export function ScopeScreen({ caseDir, result, readOnly, investigator, onRescope }: Props) {
  const [mapping, setMapping] = useState<MappingView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [unsetReason, setUnsetReason] = useState('');
  const [changed, setChanged] = useState<string | null>(null);

  const reload = useCallback(async () => {
    const r = await api['mapping.get']({ caseDir });
    if (r.ok) setMapping(r.value);
    else setError(r.error.message);
  }, [caseDir]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function unset(key: string) {
    const r = await api['mapping.unset']({ caseDir, key, reason: unsetReason.trim(), ...(investigator ? { investigator } : {}) });
    if (!r.ok) return setError(r.error.message);
    setUnsetReason('');
    setChanged(`${key} is back to the bundled mapping.`);
    await reload();
  }

  const scope = result?.scope;
  const tiers = result?.summary.byConfidence;
  const decisionOf = (key: string) => mapping?.decisions.find((d) => d.key.toLowerCase() === key.toLowerCase()) ?? null;
  return (
    <div className="scope-screen" data-testid="scope-screen">
      {result && scope && tiers ? (
        <>
          <section className="panel" aria-labelledby="scope-title">
            <div className="panel-head">
              <h2 id="scope-title">Scope of the last run</h2>
              <span className="muted">
                {scope.integrations.length || scope.users.length
                  ? `exports of ${[...scope.integrations, ...scope.users].join(', ')}`
                  : 'every export flagged suspicious (no integration or user given)'}
                {scope.from || scope.to ? ` · ${formatInstant(scope.from)} → ${formatInstant(scope.to)}` : ''}
                {scope.excludeExportIds?.length ? ` · ${scope.excludeExportIds.length} left out by hand` : ''}
                {scope.exportIds?.length ? ` · ${scope.exportIds.length} taken in by hand` : ''}
                {readOnly ? '' : ' · change it below'}
              </span>
            </div>
            <div className="cards" data-testid="scope-tiers">
              <div className="card">
                <div className="card-label">Exports in scope</div>
                <div className="card-value" data-testid="scope-in-scope">{formatCount(result.exportCounts.inScope)}</div>
                <div className="card-detail">of {formatCount(result.exportCounts.total)} · {formatCount(result.exportCounts.suspicious)} suspicious</div>
              </div>
              <div className="card card-alert">
                <div className="card-label">Confirmed</div>
                <div className="card-value" data-testid="tier-confirmed">{formatCount(tiers.confirmed)}</div>
                <div className="card-detail">record ids in the logs</div>
              </div>
              <div className="card card-alert">
                <div className="card-label">Replayed</div>
                <div className="card-value" data-testid="tier-replayed">{formatCount(tiers.replayed)}</div>
                <div className="card-detail">the logged query re-run on the snapshots</div>
              </div>
              <div className="card card-warn">
                <div className="card-label">Possible</div>
                <div className="card-value" data-testid="tier-possible">{formatCount(tiers.possible)}</div>
                <div className="card-detail">matched, but cut by a LIMIT or unsure</div>
              </div>
            </div>
          </section>
          <ScopeEditor key={JSON.stringify(scope)} caseDir={caseDir} scope={scope} readOnly={readOnly} onApply={onRescope} />
          <section className="panel" aria-labelledby="scope-categories-title">
            <div className="panel-head">
              <h2 id="scope-categories-title">Exposed data categories by jurisdiction</h2>
              <span className="muted">what decides which notices are owed</span>
            </div>
            <div className="table-wrap scroll-box">
              <table className="table" data-testid="scope-categories">
                <thead>
                  <tr>
                    <th>Jurisdiction</th>
                    <th className="num">People</th>
                    <th>Categories exposed</th>
                  </tr>
                </thead>
                <tbody>
                  {result.jurisdictions.map((j) => (
                    <tr key={j.code}>
                      <td>
                        {j.name} <span className="muted mono">{j.code}</span>
                      </td>
                      <td className="num">{formatCount(j.records)}</td>
                      <td className="cell-wrap">{(j.categories ?? []).join(', ') || <span className="muted">none named</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      ) : (
        <div className="notice">The case has not been investigated yet: the scope, tiers and categories appear after the first run.</div>
      )}
      <section className="panel" aria-labelledby="mapping-title">
        <div className="panel-head">
          <h2 id="mapping-title">Field → data category mapping</h2>
          <span className="muted">
            {readOnly ? 'read-only in review' : 'change a field to see the effect before applying it; the next investigation of the case applies it to the people, lists and duties'}
          </span>
        </div>
        {error && (
          <div className="error-box" role="alert" data-testid="scope-error">
            {error}
          </div>
        )}
        {changed && (
          <div className="notice notice-ok" role="status" data-testid="mapping-changed">
            {changed} Run the investigation again to apply it.
          </div>
        )}
        {mapping && mapping.decisions.length > 0 && (
          <div className="mapping-decisions" data-testid="mapping-decisions">
            <h3>Decisions in force</h3>
            <ul>
              {mapping.decisions.map((d) => (
                <li key={d.key} data-testid="mapping-decision">
                  <code>{d.key}</code> → {d.categories.join(', ') || 'none (no personal data)'} <span className="muted">· {d.author}, {formatInstant(d.at)}: {d.reason}</span>
                  {!readOnly && (
                    <span className="decision-unset">
                      <input aria-label={`Why put ${d.key} back`} data-testid="unset-reason" placeholder="why put it back" value={unsetReason} onChange={(e) => setUnsetReason(e.target.value)} />
                      <button type="button" className="button-secondary" data-testid="mapping-unset" disabled={!unsetReason.trim()} onClick={() => void unset(d.key)}>
                        Put back the bundled mapping
                      </button>
                    </span>
                  )}
                </li>
              ))}
            </ul>
          </div>
        )}
        {mapping?.exposedFields === null ? (
          <div className="muted pad">No exposed field yet (the case has not been investigated).</div>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="mapping-table">
              <thead>
                <tr>
                  <th>Object</th>
                  <th>Field</th>
                  <th>Categories</th>
                  <th className="num">People exposed</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {(mapping?.exposedFields ?? []).map((f) => {
                  const key = `${f.object}.${f.field}`;
                  const decision = decisionOf(key);
                  return (
                    <Fragment key={key}>
                      <tr data-testid="mapping-row" data-key={key}>
                        <td>{f.object}</td>
                        <td className="mono">{f.field}</td>
                        <td className="cell-wrap">
                          {f.categories.join(', ') || <span className="muted">none</span>}
                          {decision && <span className="decided" title={decision.reason}> · decided: {decision.categories.join(', ') || 'none'}</span>}
                        </td>
                        <td className="num">{formatCount(f.people)}</td>
                        <td>
                          {!readOnly && (
                            <button type="button" className="button-secondary" data-testid="mapping-edit" onClick={() => setEditing(editing === key ? null : key)}>
                              Change…
                            </button>
                          )}
                        </td>
                      </tr>
                      {editing === key && (
                        <tr>
                          <td colSpan={5}>
                            <MappingEditor
                              caseDir={caseDir}
                              keyName={key}
                              current={decision ? decision.categories : f.categories}
                              investigator={investigator}
                              onCancel={() => setEditing(null)}
                              onApplied={(decisions) => {
                                setEditing(null);
                                setMapping((m) => (m ? { ...m, decisions } : m));
                                setChanged(`${key} now holds ${decisions.find((d) => d.key === key)?.categories.join(', ') || 'no category'}.`);
                              }}
                            />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
