/**
 * The logical exports the engine reconstructed: when, how, by which integration and user, what
 * and how much, from where. Suspicious ones are flagged with their reasons.
 */
import { Fragment, useState } from 'react';
import type { InvestigationResult, LogicalExport } from '../../../../shared/domain.js';
import { formatCount, formatInstant } from '../../format.js';
import { channelLabel, ipInfoLabel, reasonLabel } from '../../labels.js';
import { ExportDetail } from './ExportDetail.js';

const MAX_ROWS = 500;

/** The exports table with its "suspicious only" filter. */
export function ExportsTable({ result }: { result: InvestigationResult }) {
  const [suspiciousOnly, setSuspiciousOnly] = useState(true);
  const [open, setOpen] = useState<string | null>(null);
  const inScope = new Set(result.inScopeExportIds);
  const shown = result.exports.filter((e) => !suspiciousOnly || e.suspicious);
  const rows = shown.slice(0, MAX_ROWS);

  return (
    <section className="panel" aria-labelledby="exports-title">
      <div className="panel-head">
        <h2 id="exports-title">Exports</h2>
        <span className="muted" data-testid="exports-shown">
          {formatCount(shown.length)} of {formatCount(result.exports.length)} shown
        </span>
        <label className="toggle">
          <input
            type="checkbox"
            data-testid="suspicious-only"
            checked={suspiciousOnly}
            onChange={(e) => setSuspiciousOnly(e.target.checked)}
          />
          Suspicious only
        </label>
      </div>
      <div className="table-wrap">
        <table className="table table-exports">
          <thead>
            <tr>
              <th aria-label="Details" />
              <th>Time (UTC)</th>
              <th>Channel</th>
              <th>Integration / user</th>
              <th>Object</th>
              <th className="num">Rows</th>
              <th>Source IP / user agent</th>
              <th>Assessment</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  {suspiciousOnly ? 'No export was flagged suspicious.' : 'No exports found in the evidence.'}
                </td>
              </tr>
            )}
            {rows.map((e) => (
              <Fragment key={e.id}>
                <ExportRow
                  exp={e}
                  inScope={inScope.has(e.id)}
                  open={open === e.id}
                  onToggle={() => setOpen(open === e.id ? null : e.id)}
                />
                {open === e.id && (
                  <tr className="detail-row">
                    <td colSpan={8}>
                      <ExportDetail exp={e} caseDir={result.caseDir} />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length > MAX_ROWS && (
        <p className="muted">
          Showing the first {MAX_ROWS} of {formatCount(shown.length)}; the full list is in the case outputs.
        </p>
      )}
    </section>
  );
}

function ExportRow({ exp, inScope, open, onToggle }: { exp: LogicalExport; inScope: boolean; open: boolean; onToggle(): void }) {
  const integration = exp.integration.name ?? exp.integration.connectedAppId ?? '—';
  return (
    <tr data-testid="export-row" data-suspicious={exp.suspicious ? 'true' : 'false'} data-export-id={exp.id} className={exp.suspicious ? 'row-suspicious' : undefined}>
      <td>
        <button type="button" className="disclosure" aria-expanded={open} aria-label="Show export details" onClick={onToggle}>
          {open ? '▾' : '▸'}
        </button>
      </td>
      <td className="nowrap mono">{formatInstant(exp.start, false)}</td>
      <td className="nowrap">{channelLabel(exp.channel)}</td>
      <td className="cell-clip cell-who">
        <div className="line-clip" title={exp.integration.connectedAppId ?? undefined}>
          {integration}
        </div>
        <div className="line-clip muted" title={exp.user.id ?? undefined}>
          {exp.user.username ?? exp.user.id ?? '—'}
        </div>
      </td>
      <td className="nowrap" title={exp.query ?? undefined}>
        {exp.object ?? '—'}
        {exp.countOnly && <span className="tag">COUNT()</span>}
      </td>
      <td className="num">{formatCount(exp.rows)}</td>
      <td className="cell-clip cell-client">
        <div className="line-clip mono" title={ipInfoLabel(exp.sourceIpInfo) ?? undefined}>
          {exp.sourceIp ?? '—'}
          {exp.sourceIpInfo?.country && <span className="tag">{exp.sourceIpInfo.country}</span>}
        </div>
        <div className="line-clip muted" title={exp.userAgent ?? undefined}>
          {exp.userAgent ?? '—'}
        </div>
      </td>
      <td className="cell-flags">
        {exp.suspicious && (
          <span className="badge badge-danger" data-testid="suspicious-badge" title={exp.reasons.map((r) => r.message).join('\n')}>
            Suspicious
          </span>
        )}
        {inScope && <span className="badge badge-scope">In scope</span>}
        {exp.reasons.map((r) => (
          <span key={r.code} className="reason" title={r.message}>
            {reasonLabel(r.code)}
          </span>
        ))}
      </td>
    </tr>
  );
}
