/** Exposure the engine could not turn into records (an object and a row count, but no query to replay). */
import type { InvestigationResult } from '../../../../shared/domain.js';
import { formatCount } from '../../format.js';

/** The unresolved exposure table; shown even when empty so its absence is a finding. */
export function UnresolvedList({ result }: { result: InvestigationResult }) {
  return (
    <section className="panel" aria-labelledby="unresolved-title">
      <div className="panel-head">
        <h2 id="unresolved-title">Unresolved exposure</h2>
        <span className="muted" data-testid="unresolved-total">
          {formatCount(result.unresolved.length)} exports could not be resolved to records
        </span>
      </div>
      {result.unresolved.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Export</th>
                <th>Object</th>
                <th className="num">Rows</th>
                <th>Why not resolved</th>
              </tr>
            </thead>
            <tbody>
              {result.unresolved.map((u, i) => (
                <tr key={`${u.exportId}:${i}`} data-testid="unresolved-row">
                  <td className="mono nowrap">{u.exportId}</td>
                  <td>{u.object ?? '—'}</td>
                  <td className="num">{formatCount(u.rows)}</td>
                  <td className="cell-wrap">{u.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
