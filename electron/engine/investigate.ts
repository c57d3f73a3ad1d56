/**
 * The main job end to end: intake → reconstruction → scope → scoping → jurisdictions → outputs.
 * The CLI, the Electron app and the web host all run this same function.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { InvestigationResult, InvestigationScope, RunProgress } from '../../shared/domain.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { writeExportsJson } from './analysis/exportsJson.js';
import { reconstructExportTables } from './analysis/reconstruct.js';
import { buildIntegrationAccess } from './analysis/access.js';
import { buildIpIntel } from './analysis/ipIntel.js';
import { selectInScope } from './analysis/scope.js';
import { loadCanaries } from './analysis/rules/canaries.js';
import { detect } from './analysis/rules/detect.js';
import { dropTimelineRollup, writeTimelineRollup } from './analysis/timelineRollup.js';
import { computeCoverage, scopeCoverage } from './analysis/coverage.js';
import { dropScreenSummaries, writeScreenSummaries } from './analysis/screenSummaries.js';
import { CustodyLog } from './casestore/custody.js';
import { checkCaseSeals, recordClosedFile, sealCase } from './caseSeals.js';
import { findRunProblems } from './runProblems.js';
import { caseCategoryDecisions } from './caseMapping.js';
import { caseAssignments, caseProfileFor } from './caseJurisdictions.js';
import { applyJurisdictionAssignments } from './jurisdiction/applyAssignments.js';
import { writeCategoryDecisions } from './categories/caseDecisions.js';
import { describeUnfinished, finishRun, startRun, unfinishedRuns, type RunOutcome } from './casestore/runs.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { readQuarantine } from './importCase.js';
import { intakeEvidence } from './intake/intake.js';
import type { ProgressListener } from './intake/progress.js';
import { loadJurisdictionData } from './jurisdiction/loadTables.js';
import { buildIncident } from './reports/incident.js';
import { outputFolderRefusal } from './reports/outputFolder.js';
import { writeOutputs } from './reports/outputs.js';
import { withNoticeSummary } from './duties/annotate.js';
import { prepareDuties } from './duties/prepare.js';
import { computeDuties } from './duties/stage.js';
import { writeIntegrations } from './reports/integrations.js';
import { writeLineage } from './reports/lineage.js';
import { writeAffectedCsvs } from './reports/affectedFiles.js';
import { writeNotificationLists } from './reports/xlsxNotificationLists.js';
import { writeQuarantineCsv } from './reports/quarantineFile.js';
import { writeInScopeIdLines } from './reports/streamedList.js';
import { jurisdictionNamer } from './reports/pdf/names.js';
import { writeReportInto } from './reports/pdf/writeReport.js';
import { findingsAnchor } from './reports/pdf/custodyFacts.js';
import { jurisdictionCounts, summariseAffected } from './scoping/affected.js';
import { scopeCase } from './scoping/scopeCase.js';
import { scanExposedSecrets } from './scoping/secretsScan.js';
import { writeSecretsJson } from './reports/secrets.js';
import { countCaseExports } from './queries/exportCounts.js';
import { CaseDb } from './store/duck.js';
import { rememberSeals, type TableSeal } from './store/seals.js';
import { stageProfile } from './stageProfile.js';
import { sql } from './store/sql.js';
import { CaseTooNewError, migrate } from './store/migrate.js';

export interface InvestigateRequest {
  evidencePaths: string[];
  outDir: string;
  caseDir?: string;
  scope: InvestigationScope;
  resourcesDir: string;
  tool: { name: string; version: string };
  actor?: string;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Keep a verified read-only copy of every source in `<case>/evidence`. */
  copyEvidence?: boolean;
  /** Take every given file as an export of this sObject (`--as`). */
  asObject?: string;
  /** The organisation profile file (`--profile`): brings organisation-level notification regimes. */
  profilePath?: string;
  /** Canary record ids file (`--canaries`): one id a line, or a CSV with an Id column. */
  canaries?: string;
  /**
   * The time duties.json counts each duty's time left to (`--as-of`). Default: the awareness time, so the outputs are the
   * same bytes whenever they are written (the app counts down live); without `--aware-at`, the start of the run.
   */
  asOf?: string;
  /** Also write the redacted variant (`--redacted`): affected/<CODE>.redacted.csv, other-records.redacted.csv, notification-lists.redacted.xlsx, report.redacted.pdf. */
  redacted?: boolean;
  /** `--org`: the org (15/18 chars) of the snapshots, metadata and RTEM exports taken in by this run. */
  org?: string;
}

export { CASE_DB, CUSTODY_DB } from './caseLayout.js';

/** Runs a whole investigation and writes its outputs; every failure comes back as a Result. */
export async function investigate(req: InvestigateRequest): Promise<Result<InvestigationResult>> {
  try {
    return await run(req);
  } catch (e) {
    if (e instanceof CaseTooNewError) return fail('UNSUPPORTED', e.message);
    return fail('INTERNAL', `Investigation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function run(req: InvestigateRequest): Promise<Result<InvestigationResult>> {
  // LEAKSCOPE_PROFILE=1: wall, CPU and RSS of every stage on stderr (docs/BENCHMARKS.md).
  let db: CaseDb | null = null;
  const p = stageProfile(process.env, undefined, () => db);
  const runStartedAt = new Date().toISOString();
  const missing = req.evidencePaths.filter((p) => !existsSync(p));
  if (missing.length) return fail('NOT_FOUND', `Evidence path not found: ${missing.join(', ')}`);
  const outDir = path.resolve(req.outDir);
  const caseDir = path.resolve(req.caseDir ?? path.join(outDir, 'case'));
  const geo = await p.stage('jurisdiction tables', () => loadJurisdictionData(path.join(req.resourcesDir, 'jurisdictions')));
  if (!geo.ok) return geo;
  const dutyData = await p.stage('duty rules and profile', () => prepareDuties(req.resourcesDir, req.profilePath));
  if (!dutyData.ok) return dutyData;
  // Refused before anything is written: never overwrite what an investigator keeps in a folder Leakscope did not make.
  const refusal = await outputFolderRefusal(outDir, caseDir);
  if (refusal) return fail('BAD_REQUEST', refusal);
  await mkdir(caseDir, { recursive: true });
  // A case accumulates evidence: files already in it (same SHA-256) are not imported again.
  const custody = CustodyLog.open(path.join(caseDir, CUSTODY_DB));
  const interrupted = unfinishedRuns(custody).map(describeUnfinished);
  const runId = startRun(custody, 'investigation', { evidencePaths: req.evidencePaths.map((p) => path.resolve(p)), outDir, scope: req.scope, tool: req.tool }, req.actor);
  let outcome: RunOutcome = 'failed';
  let finished: Record<string, unknown> = {};
  try {
    db = await p.stage('open case', () => CaseDb.open(path.join(caseDir, CASE_DB)));
    const open = db;
    // Before any migration touches a table: a case edited since its last run is named first.
    const tampered = await p.stage('seal check', () => checkCaseSeals(open, custody, req.actor));
    await p.stage('migrate', () => migrate(open));
    await writeCategoryDecisions(open, caseCategoryDecisions(custody));
    const intake = await p.stage('intake', () => intakeEvidence(open, custody, req.evidencePaths, { signal: req.signal, onProgress: req.onProgress, actor: req.actor, copyEvidenceTo: req.copyEvidence ? path.join(caseDir, 'evidence') : undefined, asObject: req.asObject, org: req.org }));
    if (intake.cancelled) {
      outcome = 'cancelled';
      return fail('CANCELLED', intake.warnings[intake.warnings.length - 1] ?? 'Import cancelled');
    }
    const coverage = await p.stage('coverage', () => computeCoverage(open, null, null));
    const intel = await p.stage('ip intelligence', () => buildIpIntel(open, req.resourcesDir, { signal: req.signal }));
    if (intel.cancelled) return fail('CANCELLED', 'Investigation cancelled during IP intelligence');
    // The timeline's rollup and the screen summaries go with the exports and flags they were written from: a run stopped
    // before they are rewritten leaves none.
    await dropTimelineRollup(open);
    await dropScreenSummaries(open);
    const recon = await p.stage('reconstruction', () => reconstructExportTables(open, {
      signal: req.signal,
      onProgress: (p) => req.onProgress?.(analysisProgress(`Reconstructing exports: ${p.stage}`, p.done, p.total)),
    }));
    if (recon.cancelled) return fail('CANCELLED', 'Cancelled while reconstructing exports');
    const flagged = await p.stage('flags', () => detect(open, [], { resourcesDir: req.resourcesDir, canaryFile: req.canaries, signal: req.signal, onProgress: req.onProgress }));
    if (!flagged.ok) return flagged;
    // The Timeline, Integrations and Exports screens' first figures, counted once here instead of over every export on each call.
    await p.stage('timeline rollup', () => writeTimelineRollup(open));
    await p.stage('screen summaries', () => writeScreenSummaries(open));
    const access = await p.stage('access', () => buildIntegrationAccess(open));
    await p.stage('scope', () => selectInScope(open, req.scope));
    // Scoping writes `exposures` and `affected` in DuckDB; only the few unresolved exports and notes come back.
    const canaryIds = req.canaries ? (await loadCanaries(open, req.canaries).catch(() => ({ ids: [] as string[] }))).ids : [];
    const scoped = await p.stage('scoping (replay, exposures, affected)', () => scopeCase(open, geo.value, {
      signal: req.signal, canaryIds,
      onExport: (done, total) => req.onProgress?.(analysisProgress('Scoping exposed records', done, total)),
    }));
    if (scoped.cancelled) return fail('CANCELLED', 'Investigation cancelled while scoping exposed records');
    // Jurisdictions assigned by hand (jurisdiction.assign) are applied to the rebuilt `affected` before anything counts it.
    await p.stage('jurisdiction assignments', () => applyJurisdictionAssignments(open, caseAssignments(custody), { rebuilt: true }));
    // Credentials in the exposed records' text (exposed_secrets, secrets.json): only masks and counts come back.
    const secrets = await p.stage('secrets scan', () => scanExposedSecrets(open, req.resourcesDir, { signal: req.signal, onStep: (step, done, total) => req.onProgress?.(analysisProgress(step, done, total)) }));
    if (secrets.cancelled) return fail('CANCELLED', 'Investigation cancelled while scanning exposed records for secrets');
    custody.append('secrets.scanned', { records: secrets.records, findings: secrets.findings, kinds: secrets.kinds, scannedRecords: secrets.scannedRecords, rulesRun: secrets.rulesRun }, req.actor);
    // The result carries the counts; the app reads the exports a page at a time (exports.page), the files are written from the tables.
    const exportCounts = await p.stage('export counts', () => countCaseExports(open));
    const reconWarnings = recon.warningCount > recon.warnings.length
      ? [...recon.warnings, `… and ${recon.warningCount - recon.warnings.length} more rows (table reconstruction_warnings)`]
      : recon.warnings;
    const summary = await p.stage('affected summary', () => summariseAffected(open));
    // Without --profile, the organisation profile kept in the case (profile.set) is used; --profile wins for this run.
    const caseProfile = caseProfileFor(custody);
    const dutyInputs = req.profilePath === undefined && caseProfile ? { ...dutyData.value, profile: caseProfile.profile, profileSource: caseProfile.source } : dutyData.value;
    if (req.profilePath !== undefined && caseProfile) scoped.notes.push(`--profile ${path.basename(req.profilePath)} was used for this run instead of the organisation profile kept in the case (${caseProfile.source})`);
    const duties = await p.stage('duties', () => computeDuties(open, geo.value, { ...dutyInputs, awareAt: req.scope.awareAt, runStartedAt, asOf: new Date(Date.parse(req.asOf ?? req.scope.awareAt ?? runStartedAt)).toISOString() }));
    custody.append('duties.evaluated', { awareAt: duties.awareAt, awareAtSource: duties.awareAtSource, profile: duties.profileSource, regimes: duties.regimes.map((r) => r.id), duties: duties.duties.length }, req.actor);
    const quarantinedRows = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM quarantine`))?.n ?? 0;
    const problems = await findRunProblems(db, { scope: req.scope, skipped: intake.skipped, quarantinedRows: Number(quarantinedRows), caseChanged: tampered, coverage });
    const body = {
      caseDir,
      outDir,
      scope: req.scope,
      sources: intake.sources,
      exportCounts,
      summary,
      jurisdictions: withNoticeSummary(jurisdictionCounts(summary, geo.value), duties),
      unresolved: scoped.unresolved,
      problems,
      warnings: [...interrupted, ...tampered, ...intake.warnings, ...reconWarnings, ...geo.value.warnings, ...flagged.value.warnings, ...intel.warnings, ...access.warnings, ...scoped.notes],
      skipped: intake.skipped,
      quarantine: await p.stage('quarantine (first 1000)', () => readQuarantine(open, 'all', 1000)),
      quarantinedRows,
      coverage,
      secrets: { summary: secrets.summary, records: secrets.records, kinds: secrets.kinds },
    };
    const scopedCoverage = await p.stage('scoped coverage', () => scopeCoverage(open, req.scope, coverage));
    const incident = await p.stage('incident', () => buildIncident(open));
    const outputs = await p.stage('outputs (all files, manifest)', () => writeOutputs(body, scoped.notes, req.tool, {
      writeAffected: (dir) => p.stage('affected CSVs', () => writeAffectedCsvs(open, dir)),
      writeNotificationLists: (dir, anchor) => p.stage('notification-lists.xlsx', () => writeNotificationLists(open, dir, duties, anchor)),
      writeInScopeIds: (lines) => p.stage('affected.json in-scope ids', () => writeInScopeIdLines(open, lines)),
      scopedCoverage,
      writeQuarantine: (file) => p.stage('quarantine.csv', () => writeQuarantineCsv(open, file)),
      duties,
      incident,
      runId,
      // The entry the findings end at, as report.pdf and the notification lists name it: the run's own bookkeeping
      // entries (its start, the duties evaluated, files seen again) do not move it, so a re-run writes the same manifest
      // but for its generatedAt. The chain's last entry is printed at the end of the run (`verify --head`).
      custody: findingsAnchor(path.join(caseDir, CUSTODY_DB)),
      writeExports: (file, header) => p.stage('exports.json', () => writeExportsJson(open, file, header)),
      writeLineage: (dir, header) => p.stage('lineage.json', () => writeLineage(open, dir, header, req.resourcesDir)),
      writeIntegrations: (dir, header) => p.stage('integrations.json', () => writeIntegrations(open, dir, header, [...intel.warnings, ...access.warnings])),
      writeSecrets: (dir, header) => p.stage('secrets.json', () => writeSecretsJson(open, dir, header, secrets)),
      writeReport: (dir) => p.stage('report.pdf', () => writeReportInto(open, dir, { caseDir, custodyPath: path.join(caseDir, CUSTODY_DB), coverage, tool: req.tool, jurisdictionName: jurisdictionNamer(geo.value) })),
      writeRedacted: req.redacted ? (dir) => p.stage('redacted variant', async () => {
        const custodyPath = path.join(caseDir, CUSTODY_DB);
        const lists = [...(await writeAffectedCsvs(open, dir, { redacted: true })), await writeNotificationLists(open, dir, duties, findingsAnchor(custodyPath), { redacted: true })];
        return [...lists, await writeReportInto(open, dir, { caseDir, custodyPath, coverage, tool: req.tool, jurisdictionName: jurisdictionNamer(geo.value), redacted: true })];
      }) : undefined,
    }));
    await p.stage('custody', () => custody.append('report.written', { outDir, outputs }, req.actor));
    outcome = intake.skipped.length ? 'done-with-problems' : 'done';
    finished = { sources: intake.sources.length, added: intake.added.length, skipped: intake.skipped.length, outDir };
    return ok({ ...body, outputs });
  } catch (e) {
    finished = { error: e instanceof Error ? e.message : String(e) };
    throw e;
  } finally {
    let seals: { seq: number; tables: TableSeal[] } | null = null;
    try {
      if (db) seals = await sealCase(db, custody, runId, req.actor).catch((e: unknown) => {
        finished = { ...finished, sealError: e instanceof Error ? e.message : String(e) };
        return null;
      });
      finishRun(custody, 'investigation', runId, outcome, finished, req.actor);
    } finally {
      db?.close();
      try {
        // Reopening the case (in this process, or a later one) need not hash every table again while the file is unchanged.
        if (db && seals) {
          rememberSeals(db.path, seals.tables);
          recordClosedFile(custody, db.path, seals.seq, req.actor);
        }
      } finally {
        custody.close();
      }
    }
  }
}

/** Reconstruction's progress in the shape the CLI and the app show (phase `analysing`). */
function analysisProgress(current: string, done: number, total: number): RunProgress {
  return { phase: 'analysing', bytesDone: 0, bytesTotal: 0, files: done, filesTotal: total, rows: 0, rowsPerSecond: 0, elapsedMs: 0, current };
}
