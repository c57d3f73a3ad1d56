/**
 * The engine behind the contract: one handler per channel. The Electron main process and the
 * loopback web host both serve exactly these (through `dispatch`, which validates requests).
 */
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

export interface HandlerOptions {
  host: 'electron' | 'web';
  version: string;
  /** Where runs without an explicit outDir go (default ~/Leakscope). */
  outRoot?: string;
  resourcesDir?: string;
}

/** Builds the handlers for one host. */
export function createHandlers(options: HandlerOptions): Handlers {
  const resources = options.resourcesDir ?? defaultResourcesDir();
  const outRoot = options.outRoot ?? path.join(os.homedir(), 'Leakscope');
  const tool = { name: 'Leakscope', version: options.version };
  const runs = new Map<string, { controller: AbortController; progress: RunProgress | null }>();
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
    'case.open': async (req) => readCaseStatus(req.caseDir),
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
    'notes.list': async (req) => {
      const notes = readCaseNotes(req.caseDir, { target: req.target, tag: req.tag, includePrivileged: req.includePrivileged, includeRetracted: req.includeRetracted });
      return notes === null ? fail('NOT_FOUND', `No case in ${req.caseDir}`) : ok({ notes });
    },
    'notes.add': async (req) => addCaseNote(req.caseDir, req.note, actorLabel(req.investigator)),
    'notes.retract': async (req) => retractCaseNote(req.caseDir, req.noteId, req.reason, actorLabel(req.investigator)),
  };
}
