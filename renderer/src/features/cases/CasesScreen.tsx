/**
 * Cases: create a case in a new folder, open one by its folder (to investigate, or read-only for
 * review with the reviewer's name), the recent cases of this machine, and where the open case stands.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RecentCase } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { formatInstant } from '../../format.js';
import { useRemembered } from '../evidence/remembered.js';
import { CaseStatusView } from './CaseStatusView.js';
import type { OpenCase } from './openCase.js';
import './cases.css';

interface Props {
  current: OpenCase | null;
  /** Opens the case in `caseDir` (review: read-only, as `reviewer`); resolves to an error message or null. */
  onOpen(caseDir: string, review: { reviewer: string } | null): Promise<string | null>;
  onCreate(caseDir: string, name: string | null): Promise<string | null>;
  onClose(): void;
  defaultRoot: string | null;
}

/** The Cases screen. */
export function CasesScreen({ current, onOpen, onCreate, onClose, defaultRoot }: Props) {
  const [recent, setRecent] = useState<RecentCase[] | null>(null);
  const [newDir, setNewDir] = useState('');
  const [newName, setNewName] = useState('');
  const [openDir, setOpenDir] = useState('');
  const [reviewer, setReviewer] = useRemembered('leakscope.reviewer');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    const r = await api['case.recent']({});
    if (r.ok) setRecent(r.value.cases);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, current?.caseDir, current?.review?.reviewer]);

  async function act(fn: () => Promise<string | null>) {
    setBusy(true);
    setError(null);
    const message = await fn();
    setBusy(false);
    if (message) setError(message);
    await reload();
  }

  function create(e: FormEvent) {
    e.preventDefault();
    if (!newDir.trim()) return;
    void act(() => onCreate(newDir.trim(), newName.trim() || null));
  }

  const review = (dir: string) => {
    if (!reviewer.trim()) return setError('Give the reviewer’s name to open a case for review: it is recorded in the custody log.');
    void act(() => onOpen(dir, { reviewer: reviewer.trim() }));
  };

  return (
    <div className="cases-screen" data-testid="cases-screen">
      {current && (
        <section className="panel" aria-labelledby="current-case-title">
          <div className="panel-head">
            <h2 id="current-case-title">Open case</h2>
            <code data-testid="current-case-dir">{current.caseDir}</code>
            {current.review && (
              <span className="review-badge" data-testid="review-badge">
                Review · {current.review.reviewer} · read-only
              </span>
            )}
            <button type="button" className="button-secondary push-right" data-testid="close-case" onClick={onClose}>
              {current.review ? 'End review' : 'Close case'}
            </button>
          </div>
          <CaseStatusView status={current.status} />
        </section>
      )}
      {error && (
        <div className="error-box" role="alert" data-testid="cases-error">
          {error}
        </div>
      )}
      <div className="cases-forms">
        <section className="panel" aria-labelledby="new-case-title">
          <div className="panel-head">
            <h2 id="new-case-title">New case</h2>
            <span className="muted">a new or empty folder; evidence is imported into it</span>
          </div>
          <form className="case-form" onSubmit={create}>
            <div className="field">
              <label htmlFor="new-case-dir">Case folder</label>
              <input id="new-case-dir" data-testid="new-case-dir" spellCheck={false} value={newDir} placeholder={defaultRoot ? `${defaultRoot}/cases/acme-2025-08` : '/cases/acme-2025-08'} onChange={(e) => setNewDir(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="new-case-name">Name (optional)</label>
              <input id="new-case-name" data-testid="new-case-name" maxLength={200} value={newName} placeholder="Acme connected-app leak" onChange={(e) => setNewName(e.target.value)} />
            </div>
            <button type="submit" className="button-primary" data-testid="create-case" disabled={busy || !newDir.trim()}>
              Create case
            </button>
          </form>
        </section>
        <section className="panel" aria-labelledby="open-case-title">
          <div className="panel-head">
            <h2 id="open-case-title">Open a case</h2>
            <span className="muted">a folder holding custody.sqlite (an output’s case/ folder)</span>
          </div>
          <form
            className="case-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (openDir.trim()) void act(() => onOpen(openDir.trim(), null));
            }}
          >
            <div className="field">
              <label htmlFor="open-case-dir">Case folder</label>
              <input id="open-case-dir" data-testid="open-case-dir" spellCheck={false} value={openDir} placeholder="/cases/acme-2025-08" onChange={(e) => setOpenDir(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="reviewer-name">Reviewer (for review mode: recorded in the custody log)</label>
              <input id="reviewer-name" data-testid="reviewer-name" autoComplete="name" maxLength={200} value={reviewer} placeholder="Counsel’s name" onChange={(e) => setReviewer(e.target.value)} />
            </div>
            <div className="case-form-actions">
              <button type="submit" className="button-primary" data-testid="open-case" disabled={busy || !openDir.trim()}>
                Open to investigate
              </button>
              <button type="button" className="button-secondary" data-testid="review-case" disabled={busy || !openDir.trim()} onClick={() => review(openDir.trim())}>
                Open for review (read-only)
              </button>
            </div>
          </form>
        </section>
      </div>
      <section className="panel" aria-labelledby="recent-title">
        <div className="panel-head">
          <h2 id="recent-title">Recent cases</h2>
          <span className="muted">on this machine (kept in the app’s settings, not in any case)</span>
        </div>
        {recent === null ? (
          <div className="muted pad">Loading…</div>
        ) : recent.length === 0 ? (
          <div className="muted pad" data-testid="recent-empty">
            No case opened yet: create one above, or run an investigation (its case is remembered here).
          </div>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="recent-cases">
              <thead>
                <tr>
                  <th>Case</th>
                  <th>Folder</th>
                  <th>Last opened</th>
                  <th>As</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {recent.map((c) => (
                  <tr key={c.caseDir} data-testid="recent-case" className={current?.caseDir === c.caseDir ? 'row-selected' : undefined}>
                    <td>{c.name ?? <span className="muted">(unnamed)</span>}</td>
                    <td className="mono cell-wrap">{c.caseDir}</td>
                    <td>{formatInstant(c.openedAt)}</td>
                    <td>{c.mode === 'review' ? `review by ${c.reviewer ?? '?'}` : 'investigation'}</td>
                    <td className="row-actions">
                      <button type="button" className="button-secondary" data-testid="recent-open" disabled={busy} onClick={() => void act(() => onOpen(c.caseDir, null))}>
                        Open
                      </button>
                      <button type="button" className="button-secondary" data-testid="recent-review" disabled={busy} onClick={() => review(c.caseDir)}>
                        Review
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
