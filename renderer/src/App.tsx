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
import { OutputsList } from './features/report/OutputsList.js';
import { SourcesTable } from './features/report/SourcesTable.js';
import { UnresolvedList } from './features/report/UnresolvedList.js';
import { WarningsList } from './features/report/WarningsList.js';
import { SummaryCards } from './features/summary/SummaryCards.js';

type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; startedAt: number }
  | { kind: 'failed'; message: string; code: string }
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

  const startRun = useCallback(async (request: RequestOf<'investigation.run'>) => {
    const startedAt = Date.now();
    setRun({ kind: 'running', startedAt });
    setJurisdiction(null);
    const r = await api['investigation.run'](request);
    if (r.ok) setRun({ kind: 'done', result: r.value, elapsedMs: Date.now() - startedAt });
    else setRun({ kind: 'failed', message: r.error.message, code: r.error.code });
  }, []);

  const result = run.kind === 'done' ? run.result : null;

  return (
    <div className="app">
      <Header info={info} host={info?.host ?? hostKind} outDir={result?.outDir ?? info?.defaultOutDir ?? null} />
      <main className="content">
        {infoError && (
          <div className="error-box" role="alert" data-testid="info-error">
            {infoError}
          </div>
        )}
        <EvidencePanel
          info={info}
          running={run.kind === 'running'}
          startedAt={run.kind === 'running' ? run.startedAt : null}
          lastElapsedMs={run.kind === 'done' ? run.elapsedMs : null}
          error={run.kind === 'failed' ? run : null}
          onRun={startRun}
        />
        {result && (
          <div className="results" data-testid="results">
            <SummaryCards result={result} />
            <ExportsTable result={result} />
            <JurisdictionsSection result={result} selected={jurisdiction} onSelect={setJurisdiction} />
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
            <SourcesTable sources={result.sources} />
            <OutputsList outputs={result.outputs} caseDir={result.caseDir} outDir={result.outDir} />
            <WarningsList warnings={result.warnings} />
          </div>
        )}
      </main>
    </div>
  );
}
