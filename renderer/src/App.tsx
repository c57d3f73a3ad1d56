/**
 * The workbench: open evidence, run the investigation, read the conclusions. Holds the screen
 * state; every engine call goes through `api` from the bridge.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, RequestOf } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { api, hostKind } from './bridge.js';
import { CoverageSection } from './features/coverage/CoverageSection.js';
import { EvidencePanel } from './features/evidence/EvidencePanel.js';
import { ExportsTable } from './features/exports/ExportsTable.js';
import { Header } from './features/header/Header.js';
import { JurisdictionsSection } from './features/jurisdictions/JurisdictionsSection.js';
import { RecordsPanel } from './features/records/RecordsPanel.js';
import { CancelledNotice, FinishedStatus } from './features/progress/RunOutcome.js';
import { RunProgressView } from './features/progress/RunProgressView.js';
import { newRunId, useRunProgress } from './features/progress/useRunProgress.js';
import { OutputsList } from './features/report/OutputsList.js';
import { QuarantineSection } from './features/report/QuarantineSection.js';
import { SkippedList, withoutSkipped } from './features/report/SkippedList.js';
import { SourcesTable } from './features/report/SourcesTable.js';
import { UnresolvedList } from './features/report/UnresolvedList.js';
import { WarningsList } from './features/report/WarningsList.js';
import { SummaryCards } from './features/summary/SummaryCards.js';
import { ProblemsBanner } from './features/problems/ProblemsBanner.js';
import { PeopleSearch } from './features/records/PeopleSearch.js';
import { DutiesSection } from './features/duties/DutiesSection.js';
import { TimelineSection } from './features/timeline/TimelineSection.js';

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; startedAt: number; runId: string; outDir: string; cancelling: boolean }
  | { kind: 'failed'; message: string; code: string }
  | { kind: 'cancelled'; message: string; outDir: string }
  | { kind: 'done'; result: InvestigationResult; elapsedMs: number };

/** The whole screen. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [jurisdiction, setJurisdiction] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void api['app.info']({}).then((r) => {
      if (!live) return;
      if (r.ok) setInfo(r.value);
      else setInfoError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, []);

  const runId = run.kind === 'running' ? run.runId : null;
  const progress = useRunProgress(runId);

  const startRun = useCallback(
    async (request: RequestOf<'investigation.run'>) => {
      const startedAt = Date.now();
      const id = newRunId();
      // The folder is fixed here (not left to the engine) so a cancelled run can be finished in the same case.
      const outDir = request.outDir ?? defaultRunFolder(info?.defaultOutDir ?? null);
      setRun({ kind: 'running', startedAt, runId: id, outDir: outDir ?? '', cancelling: false });
      setJurisdiction(null);
      const r = await api['investigation.run']({ ...request, ...(outDir ? { outDir } : {}), runId: id });
      if (r.ok) setRun({ kind: 'done', result: r.value, elapsedMs: Date.now() - startedAt });
      else if (r.error.code === 'CANCELLED') {
        setRun({ kind: 'cancelled', message: r.error.message, outDir: outDir ?? '' });
      } else setRun({ kind: 'failed', message: r.error.message, code: r.error.code });
    },
    [info],
  );

  const cancelRun = useCallback(async () => {
    if (!runId) return;
    setRun((s) => (s.kind === 'running' && s.runId === runId ? { ...s, cancelling: true } : s));
    const r = await api['investigation.cancel']({ runId });
    // Not known to the engine yet (or already over): let the investigator try again.
    if (!r.ok || !r.value.cancelled) setRun((s) => (s.kind === 'running' && s.runId === runId ? { ...s, cancelling: false } : s));
  }, [runId]);

  const result = run.kind === 'done' ? run.result : null;
  const runFolder = run.kind === 'running' || run.kind === 'cancelled' ? run.outDir || null : null;
  const status =
    run.kind === 'running' ? (
      <RunProgressView progress={progress} startedAt={run.startedAt} cancelling={run.cancelling} onCancel={() => void cancelRun()} />
    ) : run.kind === 'cancelled' ? (
      <CancelledNotice message={run.message} outDir={run.outDir} />
    ) : run.kind === 'done' ? (
      <FinishedStatus elapsedMs={run.elapsedMs} />
    ) : null;

  return (
    <div className="app">
      <Header info={info} host={info?.host ?? hostKind} outDir={result?.outDir ?? runFolder ?? info?.defaultOutDir ?? null} />
      <main className="content">
        {infoError && (
          <div className="error-box" role="alert" data-testid="info-error">
            {infoError}
          </div>
        )}
        <EvidencePanel
          info={info}
          running={run.kind === 'running'}
          status={status}
          error={run.kind === 'failed' ? run : null}
          resumeOutDir={run.kind === 'cancelled' ? run.outDir || null : null}
          onRun={startRun}
        />
        {result && (
          <div className="results" data-testid="results">
            <ProblemsBanner problems={result.problems ?? []} />
            <SummaryCards result={result} />
            <TimelineSection key={`timeline:${result.caseDir}:${result.outputs.find((o) => o.file === 'exports.json')?.sha256 ?? ''}`} caseDir={result.caseDir} />
            {result.quarantinedRows > 0 && <QuarantineSection result={result} />}
            <ExportsTable key={`${result.caseDir}:${result.outputs.find((o) => o.file === "exports.json")?.sha256 ?? ""}`} result={result} />
            <JurisdictionsSection result={result} selected={jurisdiction} onSelect={setJurisdiction} />
            <DutiesSection key={`duties:${result.caseDir}:${result.outputs.find((o) => o.file === 'duties.json')?.sha256 ?? ''}`} caseDir={result.caseDir} />
            <PeopleSearch caseDir={result.caseDir} />
            {jurisdiction && (
              <RecordsPanel
                key={jurisdiction}
                caseDir={result.caseDir}
                jurisdiction={jurisdiction}
                name={result.jurisdictions.find((j) => j.code === jurisdiction)?.name ?? jurisdiction}
                onClose={() => setJurisdiction(null)}
              />
            )}
            <UnresolvedList result={result} />
            <CoverageSection coverage={result.coverage} />
            {result.quarantinedRows === 0 && <QuarantineSection result={result} />}
            <SourcesTable sources={result.sources} />
            <OutputsList outputs={result.outputs} caseDir={result.caseDir} outDir={result.outDir} />
            <SkippedList skipped={result.skipped ?? []} />
            <WarningsList warnings={withoutSkipped(result.warnings, result.skipped ?? [])} />
          </div>
        )}
      </main>
    </div>
  );
}

/** Where a run goes when no output folder was given: a new dated folder under the default, as the engine would name it. */
function defaultRunFolder(root: string | null): string | null {
  if (!root) return null;
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${root.replace(/[\\/]+$/, '')}${separator}run-${stamp}`;
}
