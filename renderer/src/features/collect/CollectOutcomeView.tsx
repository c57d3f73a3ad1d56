/**
 * How a collection ended: what to act on first (from the coverage report, in words that say what
 * to do), the bundle folder with its files and bytes, "Import this bundle", and the coverage
 * report as a table — for everything asked, whether it came back and, if not, why.
 */
import type { CoverageItem, CoverageStatus } from '../../../../shared/bundle.js';
import type { CollectResult } from '../../../../shared/collect.js';
import { formatBytes, formatCount } from '../../format.js';
import { kindLabel, PROBLEM_ORDER, problemWords, statusLabel, statusTone } from './collectWords.js';
import '../problems/problems.css';

interface Props {
  outcome: CollectResult;
  onImport(bundleDir: string): void;
}

/** The outcome panel. */
export function CollectOutcomeView({ outcome, onImport }: Props) {
  const problems = PROBLEM_ORDER.map((s) => ({ status: s, items: outcome.coverage.filter((c) => c.status === s) })).filter((p) => p.items.length > 0);
  const counts = countBy(outcome.coverage);
  return (
    <section className="panel collect-outcome" aria-labelledby="collect-outcome-title" data-testid="collect-outcome" data-complete={outcome.complete}>
      <div className="panel-head">
        <h2 id="collect-outcome-title">{outcome.complete ? 'Collected' : 'Collected, not complete'}</h2>
        <span className="muted">
          from {outcome.org.name ?? 'the org'} <code>{outcome.org.id}</code>
        </span>
      </div>
      {problems.length > 0 && <CoverageProblems problems={problems} />}
      <div className="collect-summary">
        <div>
          Bundle <code data-testid="collect-bundle-dir">{outcome.outDir}</code>
          <div className="muted">
            <span data-testid="collect-files-total" data-files={outcome.bundle.files}>
              {formatCount(outcome.bundle.files)} file{outcome.bundle.files === 1 ? '' : 's'}
            </span>
            ,{' '}
            <span data-testid="collect-bytes-total" data-bytes={outcome.bundle.bytes}>
              {formatBytes(outcome.bundle.bytes)}
            </span>{' '}
            ({formatCount(outcome.saved)} saved by this run, {formatCount(outcome.verified)} already there and verified) · each named with its SHA-256 in{' '}
            <code>bundle.json</code>, the coverage in <code>coverage.json</code>
          </div>
        </div>
        <button type="button" className="button-primary" data-testid="collect-import" onClick={() => onImport(outcome.outDir)}>
          Import this bundle
        </button>
      </div>
      <div className="collect-counts" data-testid="collect-status-counts">
        {(Object.keys(counts) as CoverageStatus[]).map((s) => (
          <span key={s} className={`badge collect-badge collect-badge-${statusTone(s)}`} data-status={s} data-count={counts[s]}>
            {statusLabel(s)} {counts[s]}
          </span>
        ))}
      </div>
      <CoverageTable items={outcome.coverage} />
      {outcome.notes.length > 0 && (
        <details className="collect-notes" data-testid="collect-notes">
          <summary>
            {outcome.notes.length} note{outcome.notes.length === 1 ? '' : 's'} from the run (retries, continuing an earlier bundle)
          </summary>
          <ul>
            {outcome.notes.slice(0, 50).map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The statuses to act on or know about, above the table. */
function CoverageProblems({ problems }: { problems: { status: CoverageStatus; items: CoverageItem[] }[] }) {
  const act = problems.filter((p) => statusTone(p.status) === 'act').length;
  return (
    <section className={`problems ${act ? 'problems-blocker' : 'problems-warning'}`} role="alert" aria-labelledby="collect-problems-title" data-testid="collect-problems">
      <h2 id="collect-problems-title">{act ? 'The bundle is missing evidence you can still get' : 'What this org could not give'}</h2>
      <ul>
        {problems.map((p) => {
          const w = problemWords(p.status, p.items);
          return (
            <li key={p.status} className={`problem problem-${statusTone(p.status) === 'act' ? 'blocker' : 'warning'}`} data-status={p.status}>
              <p className="problem-message">{w.message}</p>
              <p className="problem-action">→ {w.action}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Everything asked for, problems first, then in the order it was asked. */
function CoverageTable({ items }: { items: CoverageItem[] }) {
  const rank = (s: CoverageStatus): number => {
    const i = PROBLEM_ORDER.indexOf(s);
    return i < 0 ? PROBLEM_ORDER.length + (s === 'empty' ? 1 : 0) : i;
  };
  const rows = items.map((item, order) => ({ item, order })).sort((a, b) => rank(a.item.status) - rank(b.item.status) || a.order - b.order);
  return (
    <div className="table-wrap">
      <table className="table collect-table" data-testid="collect-coverage">
        <thead>
          <tr>
            <th>Asked for</th>
            <th>Kind</th>
            <th>Came back</th>
            <th className="num">Files</th>
            <th className="num">Records</th>
            <th className="num">Size</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ item }) => (
            <tr key={`${item.kind}:${item.name}`} data-testid="collect-coverage-row" data-name={item.name} data-kind={item.kind} data-status={item.status} data-files={item.files} data-records={item.records ?? ''}>
              <td className="mono nowrap">{item.name}</td>
              <td className="nowrap muted">{kindLabel(item.kind)}</td>
              <td className="nowrap">
                <span className={`badge collect-badge collect-badge-${statusTone(item.status)}`}>{statusLabel(item.status)}</span>
              </td>
              <td className="num">{formatCount(item.files)}</td>
              <td className="num">{formatCount(item.records)}</td>
              <td className="num">{item.bytes > 0 ? formatBytes(item.bytes) : '—'}</td>
              <td className="cell-wrap collect-reason">{item.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function countBy(items: readonly CoverageItem[]): Partial<Record<CoverageStatus, number>> {
  const out: Partial<Record<CoverageStatus, number>> = {};
  for (const i of items) out[i.status] = (out[i.status] ?? 0) + 1;
  return out;
}
