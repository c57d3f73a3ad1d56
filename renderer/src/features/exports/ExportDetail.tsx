/**
 * One export opened up: the logged query, the keys that tie its events together, the reasons in
 * full, and the evidence rows it rests on (each can be shown exactly as read from the source).
 */
import { useState } from 'react';
import type { SourceLine } from '../../../../shared/contract.js';
import type { EvidenceRef, LogicalExport } from '../../../../shared/domain.js';
import { api } from '../../bridge.js';
import { formatInstant } from '../../format.js';
import { attributionLabel, ipInfoLabel, reasonLabel } from '../../labels.js';

const MAX_REFS = 20;

/** The expanded view of an export row. */
export function ExportDetail({ exp, caseDir }: { exp: LogicalExport; caseDir: string }) {
  const [line, setLine] = useState<SourceLine | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);

  async function showLine(ref: EvidenceRef) {
    setLineError(null);
    const r = await api['source.line']({ caseDir, sourceId: ref.sourceId, record: ref.record });
    if (r.ok) setLine(r.value);
    else {
      setLine(null);
      setLineError(r.error.message);
    }
  }

  return (
    <div className="export-detail" data-testid="export-detail">
      <dl className="facts">
        <dt>Export id</dt>
        <dd className="mono">{exp.id}</dd>
        <dt>Window</dt>
        <dd className="mono">
          {formatInstant(exp.start)} → {formatInstant(exp.end)}
        </dd>
        <dt>Attribution</dt>
        <dd>
          {exp.integration.name ?? '—'} <span className="mono muted">{exp.integration.connectedAppId ?? ''}</span> ({attributionLabel(exp.integration.basis)})
        </dd>
        <dt>Source IP</dt>
        <dd data-testid="export-source-ip">
          <span className="mono">{exp.sourceIp ?? '—'}</span> {ipInfoLabel(exp.sourceIpInfo) ?? (exp.sourceIp ? '(not looked up)' : '')}
        </dd>
        <dt>Session / login key</dt>
        <dd className="mono">
          {exp.sessionKey ?? '—'} / {exp.loginKey ?? '—'}
        </dd>
        {exp.requestIds.length > 0 && (
          <>
            <dt>Request ids</dt>
            <dd className="mono wrap">{exp.requestIds.join(', ')}</dd>
          </>
        )}
        <dt>Query</dt>
        <dd>
          <pre className="query">{exp.query ?? '(not logged)'}</pre>
        </dd>
        {exp.reasons.length > 0 && (
          <>
            <dt>Why flagged</dt>
            <dd>
              <ul className="plain">
                {exp.reasons.map((r) => (
                  <li key={r.code}>
                    <strong>{reasonLabel(r.code)}:</strong> {r.message}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Evidence</dt>
        <dd>
          <ul className="plain refs">
            {exp.evidence.slice(0, MAX_REFS).map((ref) => (
              <li key={`${ref.sourceId}:${ref.record}`}>
                <button type="button" className="link" onClick={() => void showLine(ref)}>
                  {ref.file} #{ref.record}
                </button>{' '}
                <span className="muted">{ref.eventType}</span>
              </li>
            ))}
            {exp.evidence.length > MAX_REFS && <li className="muted">… and {exp.evidence.length - MAX_REFS} more</li>}
          </ul>
        </dd>
      </dl>
      {lineError && <div className="error-box">{lineError}</div>}
      {line && (
        <div className="source-line" data-testid="source-line">
          <div className="muted">
            {line.file} record {line.record}
            {line.line !== null && (
              <>
                {' '}
                · <span data-testid="source-line-number">line {line.line}</span>
              </>
            )}{' '}
            · SHA-256 <span className="mono">{line.sha256}</span>
          </div>
          {line.raw !== null && (
            <pre className="raw-record" data-testid="source-line-raw" title="The record exactly as it stands in the file">
              {line.raw}
            </pre>
          )}
          <table className="table table-kv">
            <tbody>
              {Object.entries(line.values).map(([k, v]) => (
                <tr key={k}>
                  <th>{k}</th>
                  <td className="mono wrap">{v ?? <span className="muted">null</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
