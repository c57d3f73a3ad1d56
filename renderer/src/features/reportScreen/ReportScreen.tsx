/**
 * Report: generate the whole report set from the open case into `<case>/reports/<id>/` (progress, cancel) — the files
 * `leakscope report` writes —, the reports the case holds with each file's size and SHA-256 (open or download one, verify
 * a report against its manifest), and `verify` of the case with every check.
 */
import { useCallback, useEffect, useState } from 'react';
import type { GeneratedReport, VerifyOutcome } from '../../../../shared/workbench.js';
import { api } from '../../bridge.js';
import { newRunId, usePolledProgress } from '../progress/useRunProgress.js';
import { ReportFiles } from './ReportFiles.js';
import { VerifyResult } from './VerifyResult.js';
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
  const [redacted, setRedacted] = useState(false);
  const [gen, setGen] = useState<Generation>({ kind: 'idle' });
  const [reports, setReports] = useState<GeneratedReport[] | null>(null);
  const [verify, setVerify] = useState<VerifyOutcome | { error: string } | null>(null);
  const [verifying, setVerifying] = useState(false);
  // The sections written so far, polled while the report is being written (as the investigation's and the collection's).
  const progress = usePolledProgress('report.progress', gen.kind === 'running' ? gen.runId : null);

  const reload = useCallback(async () => {
    const r = await api['report.list']({ caseDir });
    if (r.ok) setReports(r.value.reports);
  }, [caseDir]);
  useEffect(() => {
    void reload();
  }, [reload]);

  async function generate() {
    const runId = newRunId();
    setGen({ kind: 'running', runId, cancelling: false });
    const r = await api['report.generate']({ caseDir, runId, privileged, redacted, ...(investigator ? { investigator } : {}) });
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
            report.pdf, the notification lists, affected / duties / exports / secrets / lineage JSON and manifest.json with every SHA-256 — from the case
            tables as the last run left them (nothing is re-run), into <code>{caseDir}/reports/&lt;id&gt;/</code>
          </span>
        </div>
        <div className="report-actions">
          <label className="checkbox" htmlFor="report-privileged">
            <input id="report-privileged" data-testid="report-privileged" type="checkbox" checked={privileged} onChange={(e) => setPrivileged(e.target.checked)} />
            Mark the case “privileged &amp; confidential” (recorded in custody; every later report carries it)
          </label>
          <label className="checkbox" htmlFor="report-redacted">
            <input id="report-redacted" data-testid="report-redacted" type="checkbox" checked={redacted} onChange={(e) => setRedacted(e.target.checked)} />
            Redacted set for wider circulation (names, emails and streets masked, ids kept; no quarantine.csv)
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
            Written: {gen.report.files.length} files into <code>{gen.report.dir}</code> · report {gen.report.pages ?? '?'} pages · custody head{' '}
            <code className="hash">{gen.report.head ?? '—'}</code>
          </div>
        )}
        {gen.kind === 'done' && gen.report.warnings.length > 0 && (
          <ul className="error-box report-warnings" role="alert" data-testid="report-warnings">
            {gen.report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="reports-title">
        <div className="panel-head">
          <h2 id="reports-title">Reports of this case</h2>
          <span className="muted">{reports ? `${reports.length} generated here, newest first` : ''} · each file with its size and the SHA-256 the custody log recorded</span>
        </div>
        {reports && reports.length === 0 ? (
          <div className="muted pad">No report generated from this case yet.</div>
        ) : (
          <div className="report-list" data-testid="reports-table">
            {(reports ?? []).map((r, i) => (
              <ReportFiles key={r.id} caseDir={caseDir} report={r} open={i === 0} />
            ))}
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
        <VerifyResult verify={verify} what="case" />
      </section>
    </div>
  );
}
