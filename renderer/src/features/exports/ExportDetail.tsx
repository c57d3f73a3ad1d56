/**
 * One export opened up: the logged query, the keys that tie its events together, each flag with the events behind
 * it, the files it took, and the merged events it rests on (each can be shown exactly as read from the source).
 */
import { useEffect, useRef, useState } from 'react';
import type { ExportDetailResponse, SourceLine } from '../../../../shared/contract.js';
import type { EvidenceRef } from '../../../../shared/domain.js';
import { api } from '../../bridge.js';
import { formatBytes, formatCount, formatInstant } from '../../format.js';
import { NotesPanel } from '../notes/NotesPanel.js';
import { attributionLabel, channelLabel, ipInfoLabel, objectLabel, reasonLabel } from '../../labels.js';

const MAX_REFS = 50;

/** The opened export, read from the case by `exports.detail`. */
export function ExportDetail({ exportId, caseDir, onClose }: { exportId: string; caseDir: string; onClose(): void }) {
  const [exp, setExp] = useState<ExportDetailResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [line, setLine] = useState<SourceLine | null>(null);
  const [lineError, setLineError] = useState<string | null>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    void api['exports.detail']({ caseDir, exportId }).then((r) => (r.ok ? setExp(r.value) : setError(r.error.message)));
  }, [caseDir, exportId]);
  // Braces matter: Chromium's scrollIntoView returns a promise, and an effect may return only a cleanup function.
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'start' });
  }, [exp]);

  async function showLine(ref: EvidenceRef) {
    setLineError(null);
    const r = await api['source.line']({ caseDir, sourceId: ref.sourceId, record: ref.record });
    if (r.ok) setLine(r.value);
    else {
      setLine(null);
      setLineError(r.error.message);
    }
  }

  const refButton = (ref: EvidenceRef) => (
    <button type="button" className="link" data-testid="evidence-link" onClick={() => void showLine(ref)}>
      {baseName(ref.file)} #{ref.record}
    </button>
  );

  return (
    <div className="export-detail" data-testid="export-detail" data-export-id={exportId} ref={panel}>
      <div className="panel-head">
        <h3>
          Export <span className="mono">{exportId}</span>
        </h3>
        <button type="button" className="button-secondary" data-testid="export-detail-close" onClick={onClose}>
          Close
        </button>
      </div>
      {error && <div className="error-box" role="alert">{error}</div>}
      {!exp && !error && <p className="muted">Loading…</p>}
      {exp && (
      <dl className="facts">
        <dt>Channel</dt>
        <dd>
          {channelLabel(exp.channel)} · <strong data-testid="export-detail-rows">{formatCount(exp.rows)}</strong> rows of {objectLabel(exp.object) ?? '?'}
          {exp.countOnly && <> <span className="tag">COUNT()</span></>}
          {exp.inScope && <> <span className="badge badge-scope">In scope</span></>}
        </dd>
        <dt>Window</dt>
        <dd className="mono">
          {formatInstant(exp.start)} → {formatInstant(exp.end)}
        </dd>
        <dt>Org</dt>
        <dd>
          {exp.org.name ?? '—'} <span className="mono muted">{exp.org.id ?? ''}</span>
        </dd>
        <dt>Attribution</dt>
        <dd>
          {exp.integration.name ?? '—'} <span className="mono muted">{exp.integration.connectedAppId ?? ''}</span> ({attributionLabel(exp.integration.basis)}) · user {exp.user.username ?? '—'}{' '}
          <span className="mono muted">{exp.user.id ?? ''}</span>
        </dd>
        <dt>Source IP</dt>
        <dd data-testid="export-source-ip">
          <span className="mono">{exp.sourceIp ?? '—'}</span> {ipInfoLabel(exp.sourceIpInfo) ?? (exp.sourceIp ? '(not looked up)' : '')}
        </dd>
        <dt>User agent</dt>
        <dd className="mono wrap">{exp.userAgent ?? '—'}</dd>
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
        {exp.jobId && (
          <>
            <dt>Bulk job</dt>
            <dd className="mono">
              {exp.jobId} {exp.jobStatus ?? ''} {exp.deletedAt && <span className="badge badge-danger">deleted {formatInstant(exp.deletedAt)}</span>}
            </dd>
          </>
        )}
        <dt>Query</dt>
        <dd>
          <pre className="query" data-testid="export-query">{exp.query ?? '(not logged)'}</pre>
        </dd>
        <dt>Why flagged</dt>
        <dd data-testid="export-flags">
          {exp.flags.length === 0 && <span className="muted">Not flagged by any rule.</span>}
          <ul className="plain">
            {exp.flags.map((f) => (
              <li key={f.code} data-testid="export-flag" data-code={f.code}>
                <strong>{reasonLabel(f.code)}:</strong> {f.message}
                {f.evidence.length > 0 && (
                  <div className="flag-evidence">
                    Evidence: {f.evidence.slice(0, 10).map((ref) => <span key={`${ref.sourceId}:${ref.record}`}>{refButton(ref)} </span>)}
                    {f.evidence.length > 10 && <span className="muted">… and {f.evidence.length - 10} more</span>}
                  </div>
                )}
              </li>
            ))}
          </ul>
        </dd>
        {exp.files.length > 0 && (
          <>
            <dt>Files</dt>
            <dd>
              <ul className="plain" data-testid="export-files">
                {exp.files.map((f, i) => (
                  <li key={i}>
                    {f.title ?? '(untitled)'} <span className="muted">{f.fileType ?? ''} {f.sizeBytes === null ? '' : formatBytes(f.sizeBytes)}</span>{' '}
                    <span className="mono muted">{f.versionId ?? f.documentId ?? ''}</span> <span className="muted">(named from {f.namedFrom})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        <dt>Merged events</dt>
        <dd>
          <div className="muted" data-testid="export-evidence-count">
            {formatCount(exp.evidenceCount)} event(s) · choose one to see its source line
          </div>
          <ul className="plain refs" data-testid="export-evidence">
            {exp.evidence.slice(0, MAX_REFS).map((ref) => (
              <li key={`${ref.sourceId}:${ref.record}`}>
                {refButton(ref)} <span className="muted">{ref.eventType} · {ref.role}</span>
              </li>
            ))}
            {exp.evidenceCount > MAX_REFS && <li className="muted">… and {formatCount(exp.evidenceCount - MAX_REFS)} more (all in exports.json)</li>}
          </ul>
        </dd>
      </dl>
      )}
      {exp && <NotesPanel caseDir={caseDir} target={{ kind: 'export', id: exportId }} />}
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

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}
