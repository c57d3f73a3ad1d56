/** The evidence files intake hashed and loaded: every figure on this page traces back to one of them. */
import type { SourceFile } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';
import { sourceKindLabel } from '../../labels.js';

/** The sources table, collapsed by default (it can be long). */
export function SourcesTable({ sources }: { sources: SourceFile[] }) {
  return (
    <section className="panel">
      <details>
        <summary className="panel-head">
          <h2>Sources</h2>
          <span className="muted">
            {formatCount(sources.length)} files · {formatCount(sources.reduce((n, s) => n + s.rejectedRows, 0))} rejected rows
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
                <th className="num">Rejected</th>
                <th>SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr key={s.id} data-testid="source-row">
                  <td className="cell-clip" title={s.path}>
                    {s.name}
                  </td>
                  <td className="nowrap">{sourceKindLabel(s.kind)}</td>
                  <td className="nowrap">{s.detail ?? '—'}</td>
                  <td className="num">{formatCount(s.rows)}</td>
                  <td className={`num${s.rejectedRows > 0 ? ' text-danger' : ''}`}>{formatCount(s.rejectedRows)}</td>
                  <td className="mono hash">{s.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
