/**
 * The workbench: cases (create, open, review), evidence and the investigation's conclusions, the
 * scope and its mapping, the report. Holds the screen state; every engine call goes through `api`
 * from the bridge. A case opened again is shown from its tables (`case.results`), never re-run.
 */
import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, RequestOf } from '../../shared/contract.js';
import type { InvestigationResult } from '../../shared/domain.js';
import { api, hostKind } from './bridge.js';
import { CoverageSection } from './features/coverage/CoverageSection.js';
import { EvidencePanel } from './features/evidence/EvidencePanel.js';
import type { ExportsDrill } from './features/exports/exportsQuery.js';
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
import { CasesScreen } from './features/cases/CasesScreen.js';
import type { OpenCase } from './features/cases/openCase.js';
import { ReportScreen } from './features/reportScreen/ReportScreen.js';
import { ScopeScreen } from './features/scope/ScopeScreen.js';
import { IntegrationsScreen } from './features/integrations/IntegrationsScreen.js';
import { formatInstant } from './format.js';
import { CollectScreen } from './features/collect/CollectScreen.js';

type Screen = 'cases' | 'collect' | 'investigation' | 'integrations' | 'scope' | 'report';
const SCREENS: { id: Screen; label: string; needsCase: boolean }[] = [
  { id: 'cases', label: 'Cases', needsCase: false },
  { id: 'collect', label: 'Collect', needsCase: false },
  { id: 'investigation', label: 'Investigation', needsCase: false },
  { id: 'integrations', label: 'Integrations', needsCase: true },
  { id: 'scope', label: 'Scope', needsCase: true },
  { id: 'report', label: 'Report', needsCase: true },
];

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; startedAt: number; runId: string; outDir: string; cancelling: boolean }
  | { kind: 'failed'; message: string; code: string }
  | { kind: 'cancelled'; message: string; outDir: string }
  | { kind: 'done'; result: InvestigationResult; elapsedMs: number; reopenedAt?: string | null };

/** The whole screen. */
export function App() {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [run, setRun] = useState<RunState>({ kind: 'idle' });
  const [jurisdiction, setJurisdiction] = useState<string | null>(null);
  const [screen, setScreen] = useState<Screen>('investigation');
  const [current, setCurrent] = useState<OpenCase | null>(null);
  const [resultsNote, setResultsNote] = useState<string | null>(null);
  /** A jump from the timeline into the exports (a mark's export, or a bar's time window). */
  const [drill, setDrill] = useState<ExportsDrill | null>(null);
  /** A collected bundle to import: the evidence form takes its folder. */
  const [evidencePreset, setEvidencePreset] = useState<{ paths: string } | null>(null);
  /** Bumped when a decision (a jurisdiction assigned, the profile) changed the case's tables: sections read them again. */
  const [caseVersion, setCaseVersion] = useState(0);

  /** Reads where the case stands and its last results from the case tables (nothing is re-run). */
  const showCase = useCallback(async (caseDir: string, review: OpenCase['review'] | undefined): Promise<string | null> => {
    const status = await api['case.open']({ caseDir });
    if (!status.ok) return status.error.message;
    const open: OpenCase = { caseDir: status.value.caseDir, status: status.value, review: review ?? status.value.review, chosen: true };
    setCurrent(open);
    rememberOpenCase(open.caseDir);
    setJurisdiction(null);
    const results = await api['case.results']({ caseDir: open.caseDir });
    if (results.ok) {
      setRun({ kind: 'done', result: results.value, elapsedMs: 0, reopenedAt: status.value.lastInvestigation?.at ?? null });
      setResultsNote(null);
    } else {
      setRun({ kind: 'idle' });
      setResultsNote(results.error.code === 'NOT_FOUND' ? results.error.message : `${results.error.code}: ${results.error.message}`);
    }
    return null;
  }, []);

  const openCase = useCallback(
    async (caseDir: string, review: { reviewer: string } | null): Promise<string | null> => {
      if (review) {
        const r = await api['review.open']({ caseDir, reviewer: review.reviewer });
        if (!r.ok) return r.error.message;
        const failed = await showCase(r.value.session.caseDir, r.value.session);
        if (!failed) setScreen('investigation');
        return failed;
      }
      const failed = await showCase(caseDir, undefined);
      if (!failed) setScreen('investigation');
      return failed;
    },
    [showCase],
  );

  const createCase = useCallback(
    async (caseDir: string, name: string | null): Promise<string | null> => {
      const r = await api['case.create']({ caseDir, ...(name ? { name } : {}) });
      if (!r.ok) return r.error.message;
      const failed = await showCase(r.value.caseDir, null);
      if (!failed) setScreen('investigation');
      return failed;
    },
    [showCase],
  );

  const closeCase = useCallback(async () => {
    if (current?.review) await api['review.close']({ caseDir: current.caseDir });
    setCurrent(null);
    rememberOpenCase(null);
    setRun({ kind: 'idle' });
    setResultsNote(null);
    setScreen('cases');
  }, [current]);

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

  // A reload keeps the case the investigator had open (this tab only), read again from its tables.
  useEffect(() => {
    const caseDir = openCaseOfThisTab();
    if (caseDir) void showCase(caseDir, undefined).then((failed) => failed && rememberOpenCase(null));
  }, [showCase]);

  const runId = run.kind === 'running' ? run.runId : null;
  const progress = useRunProgress(runId);

  const startRun = useCallback(
    async (request: RequestOf<'investigation.run'>) => {
      const startedAt = Date.now();
      const id = newRunId();
      // The folder is fixed here (not left to the engine) so a cancelled run can be finished in the same case.
      // Into the open case, its outputs in its output/ folder (unless another was given).
      const caseDir = current && current.chosen && !current.review ? current.caseDir : undefined;
      const outDir = request.outDir ?? (caseDir ? joinPath(caseDir, 'output') : defaultRunFolder(info?.defaultOutDir ?? null));
      setRun({ kind: 'running', startedAt, runId: id, outDir: outDir ?? '', cancelling: false });
      setJurisdiction(null);
      setResultsNote(null);
      const r = await api['investigation.run']({ ...request, ...(outDir ? { outDir } : {}), ...(caseDir ? { caseDir } : {}), runId: id });
      if (r.ok) {
        setRun({ kind: 'done', result: r.value, elapsedMs: Date.now() - startedAt });
        // The case the run used is now the open one (and among the recent cases).
        const status = await api['case.open']({ caseDir: r.value.caseDir });
        if (status.ok) setCurrent((c) => ({ caseDir: status.value.caseDir, status: status.value, review: status.value.review, chosen: c?.chosen === true && c.caseDir === status.value.caseDir }));
      } else if (r.error.code === 'CANCELLED') {
        setRun({ kind: 'cancelled', message: r.error.message, outDir: outDir ?? '' });
      } else setRun({ kind: 'failed', message: r.error.message, code: r.error.code });
    },
    [info, current],
  );

  const cancelRun = useCallback(async () => {
    if (!runId) return;
    setRun((s) => (s.kind === 'running' && s.runId === runId ? { ...s, cancelling: true } : s));
    const r = await api['investigation.cancel']({ runId });
    // Not known to the engine yet (or already over): let the investigator try again.
    if (!r.ok || !r.value.cancelled) setRun((s) => (s.kind === 'running' && s.runId === runId ? { ...s, cancelling: false } : s));
  }, [runId]);

  const result = run.kind === 'done' ? run.result : null;
  const resultCaseDir = result?.caseDir ?? null;
  /** Reads the results again from the case tables after a decision changed them (nothing is re-run). */
  const refreshResults = useCallback(async () => {
    if (!resultCaseDir) return;
    const r = await api['case.results']({ caseDir: resultCaseDir });
    if (r.ok) setRun((s) => (s.kind === 'done' && s.result.caseDir === resultCaseDir ? { ...s, result: r.value } : s));
    setCaseVersion((v) => v + 1);
  }, [resultCaseDir]);
  const runFolder = run.kind === 'running' || run.kind === 'cancelled' ? run.outDir || null : null;
  const status =
    run.kind === 'running' ? (
      <RunProgressView progress={progress} startedAt={run.startedAt} cancelling={run.cancelling} onCancel={() => void cancelRun()} />
    ) : run.kind === 'cancelled' ? (
      <CancelledNotice message={run.message} outDir={run.outDir} />
    ) : run.kind === 'done' && run.reopenedAt !== undefined ? (
      <span className="run-status reopened-note" data-testid="reopened-status">
        Shown from the case tables (last investigation {formatInstant(run.reopenedAt)}); run again to take in more evidence
      </span>
    ) : run.kind === 'done' ? (
      <FinishedStatus elapsedMs={run.elapsedMs} />
    ) : null;
  const review = current?.review ?? null;

  return (
    <div className="app">
      <Header info={info} host={info?.host ?? hostKind} outDir={result?.outDir ?? runFolder ?? info?.defaultOutDir ?? null}>
        <nav className="screen-tabs" role="tablist" aria-label="Screens">
          {SCREENS.filter((t) => !(t.id === 'collect' && review)).map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              className="screen-tab"
              data-testid={`tab-${t.id}`}
              aria-selected={screen === t.id}
              disabled={t.needsCase && !current}
              title={t.needsCase && !current ? 'Open or create a case first' : undefined}
              onClick={() => setScreen(t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
      </Header>
      <main className="content">
        {infoError && (
          <div className="error-box" role="alert" data-testid="info-error">
            {infoError}
          </div>
        )}
        {review && (
          <div className="review-banner" role="status" data-testid="review-banner">
            <strong>Review mode</strong> {review.reviewer} is reviewing this case read-only since {formatInstant(review.openedAt)}: evidence, investigation and
            mapping changes are off; browse, add notes and generate the report. Recorded in the custody log (entry {review.custodySeq}).
          </div>
        )}
        {screen === 'cases' && (
          <CasesScreen current={current} onOpen={openCase} onCreate={createCase} onClose={() => void closeCase()} defaultRoot={info?.defaultOutDir ?? null} />
        )}
        {!review && (
          <div hidden={screen !== 'collect'}>
            <CollectScreen
              info={info}
              onImport={(bundleDir) => {
                setEvidencePreset({ paths: bundleDir });
                setScreen('investigation');
              }}
            />
          </div>
        )}
        {screen === 'integrations' && current && <IntegrationsScreen key={`integrations:${current.caseDir}:${result?.outputs.find((o) => o.file === 'integrations.json')?.sha256 ?? ''}`} caseDir={current.caseDir} />}
        {screen === 'scope' && current && <ScopeScreen key={`scope:${current.caseDir}:${result?.outputs.find((o) => o.file === 'affected.json')?.sha256 ?? ''}`} caseDir={current.caseDir} result={result} readOnly={review !== null} investigator={null} onRescope={(scope) => {
          // Run again on the evidence the case holds: no path, the same case and output folder, the new scope.
          setScreen('investigation');
          void startRun({ evidencePaths: [], caseDir: current.caseDir, outDir: result?.outDir ?? joinPath(current.caseDir, 'output'), scope });
        }} />}
        {screen === 'report' && current && (
          <ReportScreen key={`report:${current.caseDir}`} caseDir={current.caseDir} investigator={review?.reviewer ?? null} investigated={current.status.lastInvestigation !== null || result !== null} />
        )}
        {screen === 'investigation' && (
          <>
        {!review && (
          <EvidencePanel
            info={info}
            running={run.kind === 'running'}
            status={status}
            error={run.kind === 'failed' ? run : null}
            resumeOutDir={run.kind === 'cancelled' ? run.outDir || null : null}
            caseDir={current?.chosen ? current.caseDir : null}
            preset={evidencePreset}
            onRun={startRun}
          />
        )}
        {resultsNote && run.kind === 'idle' && (
          <div className="notice" data-testid="results-note">
            {resultsNote}
          </div>
        )}
        {result && (
          <div className="results" data-testid="results">
            <ProblemsBanner problems={result.problems ?? []} />
            <SummaryCards result={result} />
            <TimelineSection key={`timeline:${result.caseDir}:${result.outputs.find((o) => o.file === 'exports.json')?.sha256 ?? ''}`} caseDir={result.caseDir} onDrill={(d) => setDrill((p) => ({ ...d, seq: (p?.seq ?? 0) + 1 }))} />
            {result.quarantinedRows > 0 && <QuarantineSection result={result} />}
            <ExportsTable key={`${result.caseDir}:${result.outputs.find((o) => o.file === "exports.json")?.sha256 ?? ""}`} result={result} drill={drill} />
            <JurisdictionsSection result={result} selected={jurisdiction} onSelect={setJurisdiction} />
            <DutiesSection key={`duties:${result.caseDir}:${result.outputs.find((o) => o.file === 'duties.json')?.sha256 ?? ''}`} caseDir={result.caseDir} readOnly={review !== null} version={caseVersion} onChanged={() => void refreshResults()} />
            <PeopleSearch caseDir={result.caseDir} readOnly={review !== null} onChanged={() => void refreshResults()} />
            {jurisdiction && (
              <RecordsPanel
                key={jurisdiction}
                caseDir={result.caseDir}
                jurisdiction={jurisdiction}
                name={result.jurisdictions.find((j) => j.code === jurisdiction)?.name ?? jurisdiction}
                onClose={() => setJurisdiction(null)}
                readOnly={review !== null}
                onChanged={() => void refreshResults()}
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
          </>
        )}
      </main>
    </div>
  );
}

const OPEN_CASE_KEY = 'leakscope.openCase';

/** Remembers (or forgets) the case open in this tab, so a reload reopens it. */
function rememberOpenCase(caseDir: string | null): void {
  try {
    if (caseDir) window.sessionStorage.setItem(OPEN_CASE_KEY, caseDir);
    else window.sessionStorage.removeItem(OPEN_CASE_KEY);
  } catch {
    // storage disabled: a reload starts without a case
  }
}

function openCaseOfThisTab(): string | null {
  try {
    return window.sessionStorage.getItem(OPEN_CASE_KEY);
  } catch {
    return null;
  }
}

/** `dir` + `name` with the separator the folder already uses. */
function joinPath(dir: string, name: string): string {
  const separator = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${separator}${name}`;
}

/** Where a run goes when no output folder was given: a new dated folder under the default, as the engine would name it. */
function defaultRunFolder(root: string | null): string | null {
  if (!root) return null;
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return `${root.replace(/[\\/]+$/, '')}${separator}run-${stamp}`;
}
