/**
 * The engine behind the contract: one handler per channel. The Electron main process and the
 * loopback web host both serve exactly these (through `dispatch`, which validates requests).
 */
import { loadRulePack } from './analysis/rules/pack.js';
import { previewScope } from './queries/scopePreview.js';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract.js';
import type { RunProgress } from '../../shared/domain.js';
import { fail, ok } from '../../shared/result.js';
import { actorLabel } from './casestore/custody.js';
import { CASE_DB, investigate } from './investigate.js';
import { readAffectedPage, readSourceLine } from './caseQueries.js';
import { readExportDetail, readExportsPage } from './queries/exportPages.js';
import { withCaseDb } from './queries/openCase.js';
import { readCaseStatus } from './caseStatus.js';
import { lastEvaluation } from './caseDuties.js';
import { readDuties } from './queries/dutyList.js';
import { readTimeline } from './queries/timeline.js';
import { addCaseNote, readCaseNotes, retractCaseNote } from './caseNotes.js';
import { resourcesDir as defaultResourcesDir } from './paths.js';
import type { ReportProgress } from '../../shared/workbench.js';
import { createCase, caseName } from './caseCreate.js';
import { readCaseResults } from './caseResults.js';
import { generateCaseReport, listCaseReports, REPORTS_FOLDER } from './caseReports.js';
import { changeCaseMapping, previewCaseMapping, readCaseMapping } from './caseMapping.js';
import { RecentCases } from './recentCases.js';
import { readIntegrationDetail, readIntegrationsPage } from './queries/integrationPages.js';
import { ReviewSessions } from './reviewSessions.js';
import { verifyCase, verifyReport, parseHead } from './verify.js';
import { loadJurisdictionData, type JurisdictionData } from './jurisdiction/loadTables.js';
import type { Result } from '../../shared/result.js';
import { createCollectHandlers, type CollectRunOptions } from './collectRuns.js';
import { assignableCodes, assignCaseJurisdiction, changeCaseProfile, previewCaseProfile, readCaseProfile } from './caseJurisdictions.js';

export interface HandlerOptions {
  host: 'electron' | 'web';
  version: string;
  /** Where runs without an explicit outDir go (default ~/Leakscope). */
  outRoot?: string;
  resourcesDir?: string;
  /** Where the recent-cases list is kept (the host's config folder, never a case); absent: in memory only. */
  configDir?: string | null;
  /** Retry and Bulk polling of the app's collections (tests shorten the delays). */
  collect?: Omit<CollectRunOptions, 'tool'>;
  /**
   * Load the jurisdiction tables right after start-up (the app and the loopback host), so the first case reopened does
   * not wait for them (about 1 CPU-second: the boundaries and names of every jurisdiction).
   */
  warmUp?: boolean;
}

/** Builds the handlers for one host. */
export function createHandlers(options: HandlerOptions): Handlers {
  const resources = options.resourcesDir ?? defaultResourcesDir();
  const outRoot = options.outRoot ?? path.join(os.homedir(), 'Leakscope');
  const tool = { name: 'Leakscope', version: options.version };
  const runs = new Map<string, { controller: AbortController; progress: RunProgress | null }>();
  const reports = new Map<string, { controller: AbortController; progress: ReportProgress | null }>();
  const recent = new RecentCases(options.configDir ?? null);
  const reviews = new ReviewSessions();
  let geo: Result<JurisdictionData> | null = null;
  const jurisdictionData = (): Result<JurisdictionData> => (geo ??= loadJurisdictionData(path.join(resources, 'jurisdictions')));
  if (options.warmUp) setTimeout(() => void jurisdictionData(), 0).unref();
  /** Where the case stands, with the review open on it; remembered among the recent cases when asked. */
  const openCase = async (caseDir: string, remember: { mode: 'investigate' | 'review'; reviewer: string | null } | null) => {
    const status = await readCaseStatus(caseDir);
    if (!status.ok) return status;
    const dir = path.resolve(caseDir);
    if (remember) recent.remember({ caseDir: dir, name: caseName(dir), openedAt: new Date().toISOString(), mode: remember.mode, reviewer: remember.reviewer });
    return ok({ ...status.value, review: reviews.of(dir) });
  };
  return {
    'app.info': async () =>
      ok({
        name: 'Leakscope',
        version: options.version,
        host: options.host,
        demoEvidencePath: path.join(resources, 'demo', 'evidence'),
        defaultOutDir: outRoot,
      }),
    'investigation.run': async (req) => {
      const outDir = req.outDir ?? path.join(outRoot, `run-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      const refused = reviews.refusal(req.caseDir ?? path.join(outDir, 'case'), 'importing evidence and running the investigation');
      if (refused) return refused;
      const run = { controller: new AbortController(), progress: null as RunProgress | null };
      if (req.runId) runs.set(req.runId, run);
      try {
        return await investigate({
          evidencePaths: req.evidencePaths, outDir, caseDir: req.caseDir, scope: req.scope, resourcesDir: resources, tool,
          actor: actorLabel(req.investigator), signal: run.controller.signal, asObject: req.asObject, copyEvidence: req.copyEvidence,
          canaries: req.canaryFile, org: req.org,
          onProgress: (p) => {
            run.progress = p.phase === 'done' ? { ...p, phase: 'analysing' } : p;
          },
        });
      } finally {
        // Keep the last figures briefly so a poll that races the end still sees them.
        if (req.runId) setTimeout(() => runs.delete(req.runId!), 10_000).unref();
      }
    },
    'investigation.progress': async (req) => ok(runs.get(req.runId)?.progress ?? null),
    'investigation.cancel': async (req) => {
      const run = runs.get(req.runId);
      run?.controller.abort();
      return ok({ cancelled: run !== undefined });
    },
    'investigation.records': async (req) => {
      const page = await readAffectedPage(path.join(req.caseDir, CASE_DB), req.jurisdiction ?? null, req.offset, req.limit, req.search);
      return page === null ? fail('NOT_FOUND', `No case database in ${req.caseDir}`) : ok(page);
    },
    'source.line': async (req) => {
      const line = await readSourceLine(path.join(req.caseDir, CASE_DB), req.sourceId, req.record);
      return line === null ? fail('NOT_FOUND', `No record ${req.record} of source ${req.sourceId} in ${req.caseDir}`) : ok(line);
    },
    'exports.page': async (req) => {
      const page = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readExportsPage(db, req));
      return page === null ? fail('NOT_FOUND', `No case database in ${req.caseDir}`) : ok(page);
    },
    'exports.detail': async (req) => {
      const detail = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readExportDetail(db, req.exportId));
      return detail === null ? fail('NOT_FOUND', `No export ${req.exportId} in ${req.caseDir}`) : ok(detail);
    },
    'case.open': async (req) => openCase(req.caseDir, { mode: reviews.of(req.caseDir) ? 'review' : 'investigate', reviewer: reviews.of(req.caseDir)?.reviewer ?? null }),
    'case.create': async (req) => {
      const created = await createCase(req.caseDir, req.name ?? null, actorLabel(req.investigator));
      if (!created.ok) return created;
      return openCase(created.value.caseDir, { mode: 'investigate', reviewer: null });
    },
    'case.recent': async () => ok({ cases: recent.list() }),
    'case.results': async (req) => {
      const g = jurisdictionData();
      if (!g.ok) return g;
      return readCaseResults(req.caseDir, g.value);
    },
    'case.verify': async (req) => {
      const anchor = req.head ? parseHead(req.head) : null;
      const checks = req.reportId
        ? await verifyReport(path.join(path.resolve(req.caseDir), REPORTS_FOLDER, req.reportId), path.resolve(req.caseDir))
        : await verifyCase(path.resolve(req.caseDir), anchor ? { anchor } : {});
      const failed = checks.filter((c) => !c.ok).length;
      return ok({ caseDir: path.resolve(req.caseDir), passed: failed === 0, failed, checks, at: new Date().toISOString() });
    },
    'report.generate': async (req) => {
      const job = { controller: new AbortController(), progress: null as ReportProgress | null };
      const startedAt = Date.now();
      if (req.runId) reports.set(req.runId, job);
      try {
        return await generateCaseReport({
          caseDir: req.caseDir, resourcesDir: resources, tool, actor: actorLabel(req.investigator ?? reviews.of(req.caseDir)?.reviewer), privileged: req.privileged, redacted: req.redacted,
          signal: job.controller.signal, onProgress: (section, done, total) => void (job.progress = { section, done, total, elapsedMs: Date.now() - startedAt }),
        });
      } finally {
        if (req.runId) setTimeout(() => reports.delete(req.runId!), 10_000).unref();
      }
    },
    'report.progress': async (req) => ok(reports.get(req.runId)?.progress ?? null),
    'report.cancel': async (req) => {
      const job = reports.get(req.runId);
      job?.controller.abort();
      return ok({ cancelled: job !== undefined });
    },
    'report.list': async (req) => {
      const list = await listCaseReports(req.caseDir);
      return list.ok ? ok({ reports: list.value }) : list;
    },
    'review.open': async (req) => {
      const session = reviews.start(req.caseDir, req.reviewer, actorLabel(req.reviewer));
      if (!session.ok) return session;
      const status = await openCase(req.caseDir, { mode: 'review', reviewer: req.reviewer });
      return status.ok ? ok({ session: session.value, status: status.value }) : status;
    },
    'review.close': async (req) => reviews.end(req.caseDir, actorLabel(reviews.of(req.caseDir)?.reviewer)),
    'mapping.get': async (req) => readCaseMapping(req.caseDir),
    'mapping.preview': async (req) => previewCaseMapping(req.caseDir, req.key, req.categories),
    'mapping.set': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'changing the field → category mapping');
      if (refused) return refused;
      const changed = changeCaseMapping(req.caseDir, req.key, req.categories, req.reason, actorLabel(req.investigator));
      return changed.ok ? ok({ decisions: changed.value }) : changed;
    },
    'mapping.unset': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'changing the field → category mapping');
      if (refused) return refused;
      const changed = changeCaseMapping(req.caseDir, req.key, null, req.reason, actorLabel(req.investigator));
      return changed.ok ? ok({ decisions: changed.value }) : changed;
    },
    'scope.preview': async (req) => {
      const preview = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => previewScope(db, req.scope));
      return preview === null ? fail('NOT_FOUND', `No reconstructed exports in ${req.caseDir} to preview a scope against (investigate the case first)`) : ok(preview);
    },
    'timeline.get': async (req) => {
      const t = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readTimeline(db, req));
      return t === null ? fail('NOT_FOUND', `No reconstructed exports in ${req.caseDir} (run investigate)`) : ok(t);
    },
    'duties.list': async (req) => {
      const read = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readDuties(db));
      if (read === undefined || read === null) return fail('NOT_FOUND', `No duties evaluated in ${req.caseDir} yet (run investigate)`);
      const evaluated = lastEvaluation(req.caseDir);
      return ok({ duties: read.duties, awareAt: evaluated?.awareAt ?? null, asOf: evaluated?.at ?? null });
    },
    'integrations.page': async (req) => {
      const page = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readIntegrationsPage(db, req.offset, req.limit));
      return page ? ok(page) : fail('NOT_FOUND', `No reconstructed exports in ${req.caseDir} (run the investigation)`);
    },
    'integrations.detail': async (req) => {
      const pack = loadRulePack(resources);
      const detail = await withCaseDb(path.join(req.caseDir, CASE_DB), (db) => readIntegrationDetail(db, req.orgId, req.appId, pack.ok ? pack.value.thresholds : null));
      return detail ? ok(detail) : fail('NOT_FOUND', `No export of integration ${req.appId ?? '(unattributed)'} in org ${req.orgId ?? '(unknown)'} in ${req.caseDir}`);
    },
    'jurisdiction.codes': async () => {
      const g = jurisdictionData();
      return g.ok ? ok({ codes: assignableCodes(g.value) }) : g;
    },
    'jurisdiction.assign': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'assigning a jurisdiction by hand');
      if (refused) return refused;
      const g = jurisdictionData();
      if (!g.ok) return g;
      const done = await assignCaseJurisdiction({ ...req, actor: actorLabel(req.investigator) }, g.value, resources);
      return done.ok ? ok({ assignments: done.value }) : done;
    },
    'jurisdiction.unassign': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'taking back a jurisdiction assigned by hand');
      if (refused) return refused;
      const g = jurisdictionData();
      if (!g.ok) return g;
      const done = await assignCaseJurisdiction({ ...req, jurisdiction: null, actor: actorLabel(req.investigator) }, g.value, resources);
      return done.ok ? ok({ assignments: done.value }) : done;
    },
    'profile.get': async (req) => readCaseProfile(req.caseDir, resources),
    'profile.preview': async (req) => {
      const g = jurisdictionData();
      return g.ok ? previewCaseProfile(req.caseDir, req.profile, g.value, resources) : g;
    },
    'profile.set': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'changing the organisation profile');
      if (refused) return refused;
      const g = jurisdictionData();
      return g.ok ? changeCaseProfile(req.caseDir, req.profile, req.reason, actorLabel(req.investigator), g.value, resources) : g;
    },
    'profile.unset': async (req) => {
      const refused = reviews.refusal(req.caseDir, 'changing the organisation profile');
      if (refused) return refused;
      const g = jurisdictionData();
      return g.ok ? changeCaseProfile(req.caseDir, null, req.reason, actorLabel(req.investigator), g.value, resources) : g;
    },
    'notes.list': async (req) => {
      const notes = readCaseNotes(req.caseDir, { target: req.target, tag: req.tag, includePrivileged: req.includePrivileged, includeRetracted: req.includeRetracted });
      return notes === null ? fail('NOT_FOUND', `No case in ${req.caseDir}`) : ok({ notes });
    },
    'notes.add': async (req) => addCaseNote(req.caseDir, req.note, actorLabel(req.investigator ?? reviews.of(req.caseDir)?.reviewer)),
    'notes.retract': async (req) => retractCaseNote(req.caseDir, req.noteId, req.reason, actorLabel(req.investigator)),
    ...createCollectHandlers({ tool, ...options.collect }),
    // Served by the Electron main process (electron/main/hostOnly.ts); a browser cannot give file paths or open files.
    'evidence.pick': async () => fail('UNSUPPORTED', 'Not available in the browser: a browser cannot give file paths. Type or paste the evidence path.'),
    'report.open': async () => fail('UNSUPPORTED', 'Not available in the browser: download the file with its link instead.'),
  };
}
