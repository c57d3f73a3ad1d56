/**
 * Report: generate report.pdf from the open case into `<case>/reports/<id>/` (progress, cancel),
 * the reports the case holds with each file's SHA-256, and `verify` of the case with every check.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GeneratedReport, ReportProgress, VerifyOutcome } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { formatBytes, formatInstant } from '../../format.js';
import { newRunId } from '../progress/useRunProgress.js';
import './report.css';

interface Props {
  caseDir: string;
  investigator: string | null;
  /** False until the case has been investigated: a report needs the analysed tables. */
  investigated: boolean;
}

type Generation = { kind: 'idle' } | { kind: 'running'; runId: string; cancelling: boolean } | { kind: 'done'; report: GeneratedReport } | { kind: 'failed'; code: string; message: string };

/** The Report screen. */
export function ReportScreen({ caseDir, investigator, investigated }: Props) {
  const [privileged, setPrivileged] = useState(false);
  const [gen, setGen] = useState<Generation>({ kind: 'idle' });
  const [progress, setProgress] = useState<ReportProgress | null>(null);
  const [reports, setReports] = useState<GeneratedReport[] | null>(null);
  const [verify, setVerify] = useState<VerifyOutcome | { error: string } | null>(null);
  const [verifying, setVerifying] = useState(false);
  const timer = useRef<number | null>(null);

  const reload = useCallback(async () => {
    const r = await api['report.list']({ caseDir });
    if (r.ok) setReports(r.value.reports);
  }, [caseDir]);
  useEffect(() => {
    void reload();
  }, [reload]);
  useEffect(() => () => void (timer.current !== null && window.clearInterval(timer.current)), []);

  async function generate() {
    const runId = newRunId();
    setGen({ kind: 'running', runId, cancelling: false });
    setProgress(null);
    timer.current = window.setInterval(() => {
      void api['report.progress']({ runId }).then((r) => r.ok && r.value && setProgress(r.value));
    }, 250);
    const r = await api['report.generate']({ caseDir, runId, privileged, ...(investigator ? { investigator } : {}) });
    if (timer.current !== null) window.clearInterval(timer.current);
    timer.current = null;
    setGen(r.ok ? { kind: 'done', report: r.value } : { kind: 'failed', code: r.error.code, message: r.error.message });
    await reload();
  }

  async function cancel() {
    if (gen.kind !== 'running') return;
    setGen({ ...gen, cancelling: true });
    await api['report.cancel']({ runId: gen.runId });
  }

  async function runVerify() {
    setVerifying(true);
    const r = await api['case.verify']({ caseDir });
    setVerifying(false);
    setVerify(r.ok ? r.value : { error: r.error.message });
  }

  return (
    <div className="report-screen" data-testid="report-screen">
      <section className="panel" aria-labelledby="report-generate-title">
        <div className="panel-head">
          <h2 id="report-generate-title">Report for counsel</h2>
          <span className="muted">
            report.pdf from the case tables as the last run left them (nothing is re-run), into <code>{caseDir}/reports/&lt;id&gt;/</code>
          </span>
        </div>
        <div className="report-actions">
          <label className="checkbox" htmlFor="report-privileged">
            <input id="report-privileged" data-testid="report-privileged" type="checkbox" checked={privileged} onChange={(e) => setPrivileged(e.target.checked)} />
            Mark the case “privileged &amp; confidential” (recorded in custody; every later report carries it)
          </label>
          <button type="button" className="button-primary" data-testid="generate-report" disabled={!investigated || gen.kind === 'running'} onClick={() => void generate()}>
            {gen.kind === 'running' ? 'Writing report…' : 'Generate report'}
          </button>
          {gen.kind === 'running' && (
            <>
              <span className="run-status" data-testid="report-progress">
                <span className="spinner" aria-hidden="true" /> {progress ? `${progress.section} (${progress.done}/${progress.total})` : 'starting…'}
              </span>
              <button type="button" className="button-secondary" data-testid="cancel-report" disabled={gen.cancelling} onClick={() => void cancel()}>
                {gen.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>
            </>
          )}
        </div>
        {!investigated && <div className="notice">The case has not been investigated yet: run the investigation first, the report reads its results.</div>}
        {gen.kind === 'failed' && (
          <div className={gen.code === 'CANCELLED' ? 'notice' : 'error-box'} role="alert" data-testid="report-error">
            {gen.code === 'CANCELLED' ? 'Report cancelled: nothing was written.' : <><strong>{gen.code}</strong> {gen.message}</>}
          </div>
        )}
        {gen.kind === 'done' && (
          <div className="notice notice-ok" role="status" data-testid="report-done">
            Written: <code>{gen.report.dir}</code> · {gen.report.pages ?? '?'} pages · custody head <code className="hash">{gen.report.head ?? '—'}</code>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="reports-title">
        <div className="panel-head">
          <h2 id="reports-title">Reports of this case</h2>
          <span className="muted">{reports ? `${reports.length} generated here` : ''} · each file with the SHA-256 the custody log recorded</span>
        </div>
        {reports && reports.length === 0 ? (
          <div className="muted pad">No report generated from this case yet.</div>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="reports-table">
              <thead>
                <tr>
                  <th>Report</th>
                  <th>Written</th>
                  <th>By</th>
                  <th>File</th>
                  <th>Size</th>
                  <th>SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {(reports ?? []).flatMap((r) =>
                  r.files.map((f) => (
                    <tr key={`${r.id}/${f.file}`} data-testid="report-file">
                      <td className="mono">{r.id}</td>
                      <td>{formatInstant(r.at)}</td>
                      <td className="cell-wrap">{r.actor}</td>
                      <td className="mono cell-wrap" title={f.path}>
                        {f.file}
                      </td>
                      <td>{f.bytes < 0 ? <span className="text-danger">missing</span> : formatBytes(f.bytes)}</td>
                      <td className="mono hash" data-testid="report-file-sha">
                        {f.sha256}
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="verify-title">
        <div className="panel-head">
          <h2 id="verify-title">Verify the case</h2>
          <span className="muted">re-hashes every source, re-computes the custody chain and its signatures, checks notes and table seals</span>
          <button type="button" className="button-secondary push-right" data-testid="verify-case" disabled={verifying} onClick={() => void runVerify()}>
            {verifying ? 'Verifying…' : 'Verify'}
          </button>
        </div>
        {verify && 'error' in verify && (
          <div className="error-box" role="alert">
            {verify.error}
          </div>
        )}
        {verify && !('error' in verify) && (
          <>
            <div className={verify.passed ? 'notice notice-ok' : 'error-box'} data-testid="verify-outcome">
              {verify.passed ? `Every check passed (${verify.checks.length})` : `${verify.failed} check(s) failed of ${verify.checks.length}`} · {formatInstant(verify.at)}
            </div>
            <ul className="verify-checks" data-testid="verify-checks">
              {verify.checks.filter((c) => !c.ok || c.note).map((c, i) => (
                <VerifyLine key={`f${i}`} check={c} />
              ))}
            </ul>
            <details className="verify-passed">
              <summary data-testid="verify-passed-summary">{verify.checks.filter((c) => c.ok && !c.note).length} passed checks (sources unchanged, chain, signatures, seals)</summary>
              <ul className="verify-checks">
                {verify.checks.filter((c) => c.ok && !c.note).map((c, i) => (
                  <VerifyLine key={`p${i}`} check={c} />
                ))}
              </ul>
            </details>
          </>
        )}
      </section>
    </div>
  );
}

function VerifyLine({ check }: { check: { ok: boolean; note?: boolean; message: string } }) {
  return (
    <li className={check.ok ? (check.note ? 'check-note' : 'check-ok') : 'check-failed'} data-testid="verify-check">
      <span className="check-mark" aria-hidden="true">
        {check.ok ? (check.note ? 'i' : '✓') : '✗'}
      </span>{' '}
      {check.message}
    </li>
  );
}
