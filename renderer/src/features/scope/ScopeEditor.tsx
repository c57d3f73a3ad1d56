/**
 * Change the scope of the case: the rules (integrations, users, time range), or the suspicious set
 * as it stands, and then exports left out or taken in by hand. The effect is computed by the engine
 * (`scope.preview`, SQL over the case) and shown before anything is applied; applying runs the
 * investigation again on the evidence the case holds, with the new scope (recorded in custody).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ExportListRow } from '../../../../shared/contract.js';
import type { InvestigationScope } from '../../../../shared/domain.js';
import type { ScopeExportBrief, ScopePreview } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { formatCount, formatInstant } from '../../format.js';

interface Props {
  caseDir: string;
  /** The scope of the last run (the draft starts from it). */
  scope: InvestigationScope;
  readOnly: boolean;
  /** Runs the investigation of the case again with this scope. */
  onApply: (scope: InvestigationScope) => void;
}

interface Draft {
  integrations: string;
  users: string;
  from: string;
  to: string;
  include: string[];
  exclude: string[];
}

const IN_SCOPE_PAGE = 100;
const SEARCH_PAGE = 10;

const list = (text: string): string[] => text.split(',').map((s) => s.trim()).filter(Boolean);

function draftOf(scope: InvestigationScope): Draft {
  return { integrations: scope.integrations.join(', '), users: scope.users.join(', '), from: scope.from ?? '', to: scope.to ?? '', include: [...(scope.exportIds ?? [])], exclude: [...(scope.excludeExportIds ?? [])] };
}

function scopeOf(d: Draft, awareAt: string | null): InvestigationScope {
  return {
    integrations: list(d.integrations), users: list(d.users), from: d.from.trim() || null, to: d.to.trim() || null, awareAt,
    exportIds: d.include, excludeExportIds: d.exclude,
  };
}

/** The scope editor of the Scope screen. */
export function ScopeEditor({ caseDir, scope, readOnly, onApply }: Props) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(scope));
  const [inScope, setInScope] = useState<{ rows: ExportListRow[]; total: number } | null>(null);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<{ rows: ExportListRow[]; total: number } | null>(null);
  const [preview, setPreview] = useState<{ key: string; value: ScopePreview } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const proposed = useMemo(() => scopeOf(draft, scope.awareAt), [draft, scope.awareAt]);
  const key = JSON.stringify(proposed);
  const current = JSON.stringify(scopeOf(draftOf(scope), scope.awareAt));

  useEffect(() => {
    let live = true;
    void api['exports.page']({ caseDir, filter: { ...EMPTY_FILTER, inScope: true }, sort: { column: 'start', direction: 'asc' }, offset: 0, limit: IN_SCOPE_PAGE }).then((r) => {
      if (!live) return;
      if (r.ok) setInScope({ rows: r.value.rows, total: r.value.total });
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [caseDir]);

  async function find() {
    const words = search.trim();
    if (!words) return setFound(null);
    const r = await api['exports.page']({ caseDir, filter: { ...EMPTY_FILTER, search: words }, sort: { column: 'start', direction: 'asc' }, offset: 0, limit: SEARCH_PAGE });
    if (r.ok) setFound({ rows: r.value.rows, total: r.value.total });
    else setError(r.error.message);
  }

  async function runPreview() {
    setBusy(true);
    setError(null);
    const r = await api['scope.preview']({ caseDir, scope: proposed });
    setBusy(false);
    if (r.ok) setPreview({ key, value: r.value });
    else setError(r.error.message);
  }

  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const leaveOut = (id: string) => set({ exclude: [...draft.exclude.filter((x) => x !== id), id], include: draft.include.filter((x) => x !== id) });
  const takeIn = (id: string) => set({ include: [...draft.include.filter((x) => x !== id), id], exclude: draft.exclude.filter((x) => x !== id) });
  const forget = (id: string) => set({ include: draft.include.filter((x) => x !== id), exclude: draft.exclude.filter((x) => x !== id) });
  const shown = preview && preview.key === key ? preview.value : null;
  const changed = key !== current;

  return (
    <section className="panel" aria-labelledby="scope-edit-title" data-testid="scope-editor">
      <div className="panel-head">
        <h2 id="scope-edit-title">Change the scope</h2>
        <span className="muted">
          {readOnly ? 'read-only in review' : 'the rules first, then exports left out or taken in by hand; the effect is shown before it is applied'}
        </span>
      </div>
      {error && (
        <div className="error-box" role="alert" data-testid="scope-edit-error">
          {error}
        </div>
      )}
      <div className="scope-edit-grid">
        <div className="field">
          <label htmlFor="edit-integrations">Integrations (comma-separated; empty: every suspicious export)</label>
          <input id="edit-integrations" data-testid="edit-integrations" disabled={readOnly} value={draft.integrations} onChange={(e) => set({ integrations: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="edit-users">Users (comma-separated)</label>
          <input id="edit-users" data-testid="edit-users" disabled={readOnly} value={draft.users} onChange={(e) => set({ users: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="edit-from">From (ISO 8601)</label>
          <input id="edit-from" data-testid="edit-from" disabled={readOnly} placeholder="2025-08-01T00:00:00Z" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="edit-to">To (ISO 8601)</label>
          <input id="edit-to" data-testid="edit-to" disabled={readOnly} placeholder="2025-08-31T23:59:59Z" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        </div>
      </div>
      {(draft.include.length > 0 || draft.exclude.length > 0) && (
        <div className="scope-hand" data-testid="scope-hand">
          {draft.include.length > 0 && (
            <div>
              <strong>Taken in by hand:</strong>{' '}
              {draft.include.map((id) => (
                <span key={id} className="chip" data-testid="chip-in">
                  <span className="mono">{id}</span>
                  {!readOnly && <button type="button" aria-label={`Forget ${id}`} onClick={() => forget(id)}>×</button>}
                </span>
              ))}
            </div>
          )}
          {draft.exclude.length > 0 && (
            <div>
              <strong>Left out by hand:</strong>{' '}
              {draft.exclude.map((id) => (
                <span key={id} className="chip" data-testid="chip-out">
                  <span className="mono">{id}</span>
                  {!readOnly && <button type="button" aria-label={`Forget ${id}`} onClick={() => forget(id)}>×</button>}
                </span>
              ))}
            </div>
          )}
        </div>
      )}
      <div className="scope-edit-lists">
        <div>
          <h3>
            In scope in the last run{' '}
            <span className="muted">
              {inScope ? (inScope.total > inScope.rows.length ? `the first ${formatCount(inScope.rows.length)} of ${formatCount(inScope.total)}; find others below` : formatCount(inScope.total)) : '…'}
            </span>
          </h3>
          {inScope && inScope.total === 0 ? (
            <div className="notice" data-testid="scope-none-in">No export was in scope in the last run: take exports in below, or widen the rules.</div>
          ) : (
            <ExportPicks rows={inScope?.rows ?? []} draft={draft} readOnly={readOnly} onLeaveOut={leaveOut} onTakeIn={takeIn} onForget={forget} testId="scope-in-list" />
          )}
        </div>
        <div>
          <h3>Find an export to take in or leave out</h3>
          <form
            className="scope-find"
            onSubmit={(e) => {
              e.preventDefault();
              void find();
            }}
          >
            <input aria-label="Find exports" data-testid="scope-find" placeholder="export id, object, user, integration, IP, SOQL words…" value={search} onChange={(e) => setSearch(e.target.value)} />
            <button type="submit" className="button-secondary" data-testid="scope-find-go">
              Find
            </button>
          </form>
          {found && (
            <>
              <div className="muted">{found.total === 0 ? 'No export matches these words.' : found.total > found.rows.length ? `the first ${found.rows.length} of ${formatCount(found.total)} matches` : `${found.total} match(es)`}</div>
              <ExportPicks rows={found.rows} draft={draft} readOnly={readOnly} onLeaveOut={leaveOut} onTakeIn={takeIn} onForget={forget} testId="scope-found-list" />
            </>
          )}
        </div>
      </div>
      {!readOnly && (
        <div className="scope-edit-actions">
          <button type="button" className="button-secondary" data-testid="scope-suspicious" onClick={() => setDraft({ integrations: '', users: '', from: '', to: '', include: [], exclude: [] })}>
            Accept the suspicious set
          </button>
          <button type="button" className="button-secondary" data-testid="scope-reset" disabled={!changed} onClick={() => setDraft(draftOf(scope))}>
            Back to the last run's scope
          </button>
          <button type="button" className="button-primary" data-testid="scope-preview" disabled={busy} onClick={() => void runPreview()}>
            {busy ? 'Working out the effect…' : 'Show the effect'}
          </button>
          <button type="button" className="button-primary" data-testid="scope-apply" disabled={!shown || !changed} title={!shown ? 'Show the effect first' : !changed ? 'The scope is as the last run had it' : undefined} onClick={() => onApply(proposed)}>
            Apply and run again
          </button>
        </div>
      )}
      {shown && <PreviewView preview={shown} changed={changed} />}
    </section>
  );
}

const EMPTY_FILTER = { orgs: [], integrations: [], users: [], objects: [], channels: [], ips: [], flags: [], suspicious: null, inScope: null, from: null, to: null, search: '' };

function ExportPicks({ rows, draft, readOnly, onLeaveOut, onTakeIn, onForget, testId }: {
  rows: ExportListRow[]; draft: Draft; readOnly: boolean; testId: string;
  onLeaveOut: (id: string) => void; onTakeIn: (id: string) => void; onForget: (id: string) => void;
}) {
  if (!rows.length) return null;
  return (
    <div className="table-wrap scroll-box scope-picks">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th>Export</th>
            <th>Start</th>
            <th>Object</th>
            <th className="num">Rows</th>
            <th>Integration / user</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => {
            const out = draft.exclude.includes(x.id);
            const taken = draft.include.includes(x.id);
            return (
              <tr key={x.id} data-testid="scope-pick" data-id={x.id} className={out ? 'row-out' : undefined}>
                <td className="mono">
                  {x.id}
                  {x.suspicious && <span className="scope-sus" title={x.reasons.map((r) => r.code).join(', ')}> suspicious</span>}
                </td>
                <td>{formatInstant(x.start)}</td>
                <td>{x.object ?? '—'}</td>
                <td className="num">{x.rows === null ? '—' : formatCount(x.rows)}</td>
                <td className="cell-wrap">{x.integration.name ?? x.integration.connectedAppId ?? x.user.username ?? x.user.id ?? '—'}</td>
                <td>
                  {readOnly ? null : out || taken ? (
                    <button type="button" className="button-secondary" data-testid="pick-forget" onClick={() => onForget(x.id)}>
                      {out ? 'Keep it' : 'Forget'}
                    </button>
                  ) : x.inScope ? (
                    <button type="button" className="button-secondary" data-testid="pick-out" onClick={() => onLeaveOut(x.id)}>
                      Leave out
                    </button>
                  ) : (
                    <button type="button" className="button-secondary" data-testid="pick-in" onClick={() => onTakeIn(x.id)}>
                      Take in
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PreviewView({ preview, changed }: { preview: ScopePreview; changed: boolean }) {
  const p = preview.people;
  const lost = p ? p.before - p.kept : 0;
  return (
    <div className="scope-preview" data-testid="scope-effect" role="status">
      <p data-testid="effect-exports">
        Exports in scope: <strong>{formatCount(preview.exports.current)}</strong> → <strong>{formatCount(preview.exports.proposed)}</strong>
        {' '}({formatCount(preview.added.count)} come in with {formatCount(preview.added.rows)} logged rows, {formatCount(preview.removed.count)} leave with {formatCount(preview.removed.rows)}).
        {!changed && ' This is the scope of the last run.'}
      </p>
      {preview.exports.proposed === 0 && (
        <div className="notice scope-warn" data-testid="effect-empty">
          This scope selects no export at all: applied, it would count no one as affected. Widen the rules or take exports in by hand.
        </div>
      )}
      {p ? (
        <p data-testid="effect-people">
          Of the <strong>{formatCount(p.before)}</strong> affected people the last run found, <strong data-testid="effect-kept">{formatCount(p.kept)}</strong> stay
          {lost > 0 ? <>; <strong>{formatCount(lost)}</strong> would no longer be counted</> : ''}.
          {preview.added.count > 0 && ` The people the ${formatCount(preview.added.count)} export(s) coming in expose are found when the change is applied (their logged record ids read, their queries replayed on the snapshots as of their time), and come on top.`}
        </p>
      ) : (
        <p className="muted">The case has not been scoped yet: the people are found when the scope is applied.</p>
      )}
      <div className="scope-effect-tables">
        {p && (
          <table className="table" data-testid="effect-tiers">
            <thead>
              <tr>
                <th>Tier</th>
                <th className="num">Now</th>
                <th className="num">Stays</th>
              </tr>
            </thead>
            <tbody>
              {(['confirmed', 'replayed', 'possible'] as const).map((t) => (
                <tr key={t}>
                  <td>{t}</td>
                  <td className="num">{formatCount(p.byTier[t].before)}</td>
                  <td className="num">{formatCount(p.byTier[t].after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {p && p.jurisdictions.length > 0 && (
          <table className="table" data-testid="effect-jurisdictions">
            <thead>
              <tr>
                <th>Jurisdiction</th>
                <th className="num">Now</th>
                <th className="num">Stays</th>
              </tr>
            </thead>
            <tbody>
              {p.jurisdictions.slice(0, 12).map((j) => (
                <tr key={j.code}>
                  <td className="mono">{j.code}</td>
                  <td className="num">{formatCount(j.before)}</td>
                  <td className="num">{formatCount(j.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <BriefList title="Coming in" items={preview.added.sample} total={preview.added.count} testId="effect-added" />
        <BriefList title="Leaving" items={preview.removed.sample} total={preview.removed.count} testId="effect-removed" />
      </div>
    </div>
  );
}

function BriefList({ title, items, total, testId }: { title: string; items: ScopeExportBrief[]; total: number; testId: string }) {
  if (!total) return null;
  return (
    <div data-testid={testId}>
      <h4>
        {title} <span className="muted">{total > items.length ? `the first ${items.length} of ${formatCount(total)}` : formatCount(total)}</span>
      </h4>
      <ul className="brief-list">
        {items.map((x) => (
          <li key={x.id}>
            <span className="mono">{x.id}</span> {x.object ?? '?'} · {x.rows === null ? '?' : formatCount(x.rows)} rows · {x.who ?? 'unknown'} · {formatInstant(x.start)}
            {x.suspicious && <span className="scope-sus"> suspicious</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
