/**
 * "Was this person affected?": a search over every affected person of the case by record id
 * (15 or 18 characters) or words of the name or email, answered by the engine a page at a time.
 */
import { useEffect, useState } from 'react';
import type { RecordsPage } from '../../../../shared/contract.js';
import { api } from '../../bridge.js';
import { formatCount } from '../../format.js';
import { AssignDone, RecordsTable } from './RecordsPanel.js';

const PAGE_SIZE = 25;
type Load = { kind: 'idle' } | { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'loaded'; query: string; page: RecordsPage };

/** The search box and its matches (nothing below the box until something is typed). */
export function PeopleSearch({ caseDir, readOnly = false, onChanged }: { caseDir: string; readOnly?: boolean; onChanged?(): void }) {
  const [text, setText] = useState('');
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [load, setLoad] = useState<Load>({ kind: 'idle' });

  useEffect(() => {
    const query = text.trim();
    if (!query) {
      setLoad({ kind: 'idle' });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setLoad({ kind: 'loading' });
      void api['investigation.records']({ caseDir, search: query, offset, limit: PAGE_SIZE }).then((r) => {
        if (live) setLoad(r.ok ? { kind: 'loaded', query, page: r.value } : { kind: 'failed', message: r.error.message });
      });
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [caseDir, text, offset, version]);

  const total = load.kind === 'loaded' ? load.page.total : null;
  const shownTo = load.kind === 'loaded' ? offset + load.page.records.length : offset;
  return (
    <section className="panel" aria-labelledby="people-search-title" data-testid="people-search">
      <div className="panel-head">
        <h2 id="people-search-title">Was this person affected?</h2>
        <input
          type="search"
          className="search-input"
          data-testid="people-search-input"
          aria-label="Search affected people by email, name or record id"
          placeholder="email, name or record id"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setDone(null);
            setOffset(0);
          }}
        />
        {total !== null && total > PAGE_SIZE && (
          <div className="pager">
            <button type="button" className="button-secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
              ← Previous
            </button>
            <button type="button" className="button-secondary" disabled={shownTo >= total} onClick={() => setOffset(offset + PAGE_SIZE)}>
              Next →
            </button>
          </div>
        )}
      </div>
      <AssignDone message={done} />
      {load.kind === 'loading' && <p className="muted">Searching…</p>}
      {load.kind === 'failed' && (
        <div className="error-box" role="alert">
          {load.message}
        </div>
      )}
      {load.kind === 'loaded' && load.page.total === 0 && (
        <p data-testid="people-search-none">
          No affected person matches <strong>{load.query}</strong>: no export in scope exposed such a record (or it is not a person).
        </p>
      )}
      {load.kind === 'loaded' && load.page.total > 0 && (
        <>
          <p className="muted" data-testid="people-search-total" data-total={load.page.total}>
            {formatCount(load.page.total)} affected {load.page.total === 1 ? 'person' : 'people'} match{load.page.total === 1 ? 'es' : ''}
            {load.page.total > PAGE_SIZE ? ` (${formatCount(offset + 1)}–${formatCount(shownTo)})` : ''}
          </p>
          <RecordsTable
            records={load.page.records}
            decisions={{ caseDir, readOnly, onChanged: (message) => {
              setDone(message);
              setVersion((v) => v + 1);
              onChanged?.();
            } }}
          />
        </>
      )}
    </section>
  );
}
