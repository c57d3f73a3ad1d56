/**
 * Rows intake could not use (too many columns, broken quoting, undecodable text): kept aside with
 * their file, line, reason and exact text, so nothing is silently lost and each can be checked by hand.
 */
import type { InvestigationResult, QuarantinedRow, SourceFile } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';

/** The quarantine panel: amber and open when rows were set aside, one quiet line when none were. */
export function QuarantineSection({ result }: { result: InvestigationResult }) {
  const total = result.quarantinedRows;
  if (total === 0) {
    return (
      <section className="panel panel-quiet" aria-labelledby="quarantine-title" data-testid="quarantine-section" data-total={0}>
        <div className="panel-head panel-head-flat">
          <h2 id="quarantine-title">Quarantined rows</h2>
          <span className="muted" data-testid="quarantine-none">
            No rows were quarantined: every row of every source was read.
          </span>
        </div>
      </section>
    );
  }
  const names = new Map(result.sources.map((s) => [s.id, s]));
  const files = new Set(result.quarantine.map((q) => q.sourceId)).size;
  const listed = result.quarantine.length;
  return (
    <section className="panel panel-warn" aria-labelledby="quarantine-title" data-testid="quarantine-section" data-total={total}>
      <div className="panel-head">
        <h2 id="quarantine-title">Quarantined rows</h2>
        <span className="quarantine-count" data-testid="quarantine-total">
          {formatCount(total)}
        </span>
        <span className="muted">
          {total === 1 ? 'row' : 'rows'} set aside{listed === total ? ` from ${formatCount(files)} ${files === 1 ? 'file' : 'files'}` : ''}: not used in any figure
          above, kept with where they were and why. Check them by hand before relying on the counts.
        </span>
      </div>
      {listed < total && (
        <p className="quarantine-note" data-testid="quarantine-truncated">
          Only the first {formatCount(listed)} of {formatCount(total)} are listed here; all of them are kept in the case database (table{' '}
          <code>quarantine</code> of <code>case.duckdb</code>).
        </p>
      )}
      <div className="table-wrap scroll-box quarantine-box">
        <table className="table table-quarantine">
          <thead>
            <tr>
              <th>File</th>
              <th className="num">Line</th>
              <th>Reason</th>
              <th>Text as found in the file</th>
            </tr>
          </thead>
          <tbody>
            {result.quarantine.map((q, i) => (
              <QuarantineRow key={`${q.sourceId}:${q.line ?? 'x'}:${i}`} row={q} source={names.get(q.sourceId)} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function QuarantineRow({ row, source }: { row: QuarantinedRow; source: SourceFile | undefined }) {
  return (
    <tr data-testid="quarantine-row" data-source-id={row.sourceId} data-line={row.line ?? ''}>
      <td className="cell-clip quarantine-file" title={row.file}>
        {source?.name ?? row.file}
      </td>
      <td className="num mono">{row.line ?? '—'}</td>
      <td className="quarantine-reason">{row.reason}</td>
      <td className="mono cell-clip quarantine-raw" title={row.raw ?? undefined}>
        {row.raw === null ? <span className="muted">(not available)</span> : oneLine(row.raw)}
      </td>
    </tr>
  );
}

/** A multi-line record shown on one line: each line break as ↵ (the tooltip keeps the exact text). */
function oneLine(raw: string): string {
  return raw.replace(/\r?\n/g, '↵');
}
