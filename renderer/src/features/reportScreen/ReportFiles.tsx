/**
 * One report of the case: every file it wrote with its size and the SHA-256 the custody log recorded, each one opened
 * (desktop app: the system's application, through the main process) or downloaded (browser host: a link to the
 * loopback host), and `verify` of the report folder against its manifest and the case.
 */
import { Fragment, useState } from 'react';
import type { GeneratedReport, VerifyOutcome } from '../../../../shared/workbench.js';
import { api, reportFileLink } from '../../bridge.js';
import { formatBytes, formatInstant } from '../../format.js';
import { VerifyResult } from './VerifyResult.js';

interface Props {
  caseDir: string;
  report: GeneratedReport;
  open: boolean;
}

/** What counsel looks for first, in this order; the other files follow in the order they were written. */
const FIRST = ['report.pdf', 'report.redacted.pdf', 'notification-lists.xlsx', 'notification-lists.redacted.xlsx', 'duties.json', 'affected.json', 'manifest.json'];
const rank = (file: string): number => (FIRST.includes(file) ? FIRST.indexOf(file) : FIRST.length);
/** The per-jurisdiction lists (affected/<CODE>.csv): dozens of them, folded under one line until asked for. */
const isList = (file: string): boolean => file.startsWith('affected/');

/** A report as a disclosure: its heading line, then its files and its verification. */
export function ReportFiles({ caseDir, report, open }: Props) {
  const [verify, setVerify] = useState<VerifyOutcome | { error: string } | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);
  const [showLists, setShowLists] = useState(false);
  const ordered = report.files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.file) - rank(b.f.file) || Number(isList(a.f.file)) - Number(isList(b.f.file)) || a.i - b.i).map((x) => x.f);
  const lists = report.files.filter((f) => isList(f.file));
  const firstList = ordered.findIndex((f) => isList(f.file));
  const total = report.files.reduce((n, f) => n + Math.max(0, f.bytes), 0);
  const missing = report.files.filter((f) => f.bytes < 0).length;

  async function runVerify() {
    setVerifying(true);
    const r = await api['case.verify']({ caseDir, reportId: report.id });
    setVerifying(false);
    setVerify(r.ok ? r.value : { error: r.error.message });
  }

  async function openFile(file: string) {
    setOpenError(null);
    const r = await api['report.open']({ caseDir, reportId: report.id, file });
    if (!r.ok) setOpenError(r.error.message);
  }

  return (
    <details className="report-entry" open={open} data-testid="report-entry" data-report-id={report.id}>
      <summary>
        <span className="mono">{report.id}</span> · {formatInstant(report.at)} · {report.actor ?? '—'} · {report.files.length} files, {formatBytes(total)}
        {missing > 0 && <span className="text-danger"> · {missing} missing</span>}
      </summary>
      <div className="report-entry-actions">
        <code className="cell-wrap">{report.dir}</code>
        <button type="button" className="button-secondary" data-testid="verify-report" disabled={verifying} onClick={() => void runVerify()}>
          {verifying ? 'Verifying…' : 'Verify this report'}
        </button>
      </div>
      {openError && (
        <div className="error-box" role="alert" data-testid="report-open-error">
          {openError}
        </div>
      )}
      <VerifyResult verify={verify} what="report" />
      <div className="table-wrap">
        <table className="table report-files" data-testid="report-files">
          <thead>
            <tr>
              <th>File</th>
              <th className="num">Size</th>
              <th>SHA-256</th>
              <th aria-label="Open" />
            </tr>
          </thead>
          <tbody>
            {ordered.map((f, i) => {
              const link = reportFileLink(caseDir, report.id, f.file);
              const folded = isList(f.file) && !showLists;
              return (
                <Fragment key={f.file}>
                  {i === firstList && (
                    <tr className="report-lists-row">
                      <td colSpan={4}>
                        <button type="button" className="button-link" data-testid="report-lists-toggle" aria-expanded={showLists} onClick={() => setShowLists(!showLists)}>
                          {showLists ? '▾' : '▸'} affected/ — {lists.length} per-jurisdiction lists, {formatBytes(lists.reduce((n, l) => n + Math.max(0, l.bytes), 0))}
                        </button>
                      </td>
                    </tr>
                  )}
                  <tr data-testid="report-file" data-file={f.file} hidden={folded}>
                    <td className="mono cell-wrap" title={f.path}>
                      {f.file}
                    </td>
                    <td className="num">{f.bytes < 0 ? <span className="text-danger">missing</span> : formatBytes(f.bytes)}</td>
                    <td className="mono hash" data-testid="report-file-sha">
                      {f.sha256}
                    </td>
                    <td>
                      {f.bytes < 0 ? null : link ? (
                        <a href={link} download={f.file.split('/').pop()} data-testid="report-file-download">
                          Download
                        </a>
                      ) : (
                        <button type="button" className="button-link" data-testid="report-file-open" onClick={() => void openFile(f.file)}>
                          Open
                        </button>
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
