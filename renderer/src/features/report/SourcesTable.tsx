/** The evidence files intake hashed and loaded: every figure on this page traces back to one of them. */
import type { SourceFile } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';
import { sourceKindLabel } from '../../labels.js';

/** The sources table, collapsed by default (it can be long). */
export function SourcesTable({ sources }: { sources: SourceFile[] }) {
  return (
    <section className="panel">
      <details data-testid="sources-section">
        <summary className="panel-head">
          <h2>Sources</h2>
          <span className="muted">
            {formatCount(sources.length)} files · {formatCount(sources.reduce((n, s) => n + s.rows, 0))} rows · {formatCount(sources.reduce((n, s) => n + s.rejectedRows, 0))} quarantined
          </span>
        </summary>
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>File</th>
                <th>Kind</th>
                <th>Event / object</th>
                <th className="num">Rows</th>
                <th className="num">Quarantined</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id} data-testid="source-row" data-source-id={s.id} className={s.rejectedRows > 0 ? 'row-quarantined' : undefined}>
                  <td className="cell-clip source-name" title={s.path} data-testid="source-name">
                    {s.name}
                  </td>
                  <td className="nowrap">{sourceKindLabel(s.kind)}</td>
                  <td className="nowrap">{s.detail ?? '—'}</td>
                  <td className="num">{formatCount(s.rows)}</td>
                  <td className={`num${s.rejectedRows > 0 ? ' text-warn' : ''}`} data-testid="source-quarantined">
                    {formatCount(s.rejectedRows)}
                  </td>
                  <td className="mono hash" data-testid="source-sha256">
                    {s.sha256}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
