/**
 * `leakscope import`: takes evidence into a case without analysing it, and reports what went in,
 * what was quarantined (file, line, reason) and what could not be used.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { QuarantinedRow, SkippedItem, SourceFile } from '../../shared/domain.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { CustodyLog } from './casestore/custody.js';
import { checkCaseSeals, recordClosedFile, sealCase } from './caseSeals.js';
import { describeUnfinished, finishRun, startRun, unfinishedRuns, type RunOutcome } from './casestore/runs.js';
import { intakeEvidence } from './intake/intake.js';
import type { ProgressListener } from './intake/progress.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { CaseDb } from './store/duck.js';
import { CaseTooNewError, migrate } from './store/migrate.js';
import { raw, sql } from './store/sql.js';

export interface ImportOutcome {
  caseDir: string;
  sources: SourceFile[];
  added: number[];
  events: number;
  quarantine: QuarantinedRow[];
  warnings: string[];
  /** Everything found but not taken in, with the reason. */
  skipped: SkippedItem[];
}

/** Imports evidence into a case folder (created if needed). */
export async function importEvidence(req: ImportRequest): Promise<Result<ImportOutcome>> {
  try {
    return await runImport(req);
  } catch (e) {
    if (e instanceof CaseTooNewError) return fail('UNSUPPORTED', e.message);
    return fail('INTERNAL', `Import failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

interface ImportRequest {
  evidencePaths: string[]; caseDir: string; actor?: string; signal?: AbortSignal; onProgress?: ProgressListener; copyEvidence?: boolean; asObject?: string;
  /** `--org`: the org of the snapshots, metadata and RTEM exports taken in. */
  org?: string;
}

async function runImport(req: ImportRequest): Promise<Result<ImportOutcome>> {
  const missing = req.evidencePaths.filter((p) => !existsSync(p));
  if (missing.length) return fail('NOT_FOUND', `Evidence path not found: ${missing.join(', ')}`);
  const caseDir = path.resolve(req.caseDir);
  await mkdir(caseDir, { recursive: true });
  const custody = CustodyLog.open(path.join(caseDir, CUSTODY_DB));
  let db: CaseDb | null = null;
  const interrupted = unfinishedRuns(custody).map(describeUnfinished);
  const runId = startRun(custody, 'import', { evidencePaths: req.evidencePaths }, req.actor);
  let outcome: RunOutcome = 'failed';
  let finished: Record<string, unknown> = {};
  try {
    db = await CaseDb.open(path.join(caseDir, CASE_DB));
    // Before any migration touches a table: a case edited since its last run is named first.
    const tampered = await checkCaseSeals(db, custody, req.actor);
    await migrate(db);
    const report = await intakeEvidence(db, custody, req.evidencePaths, { signal: req.signal, onProgress: req.onProgress, actor: req.actor, copyEvidenceTo: req.copyEvidence ? path.join(caseDir, 'evidence') : undefined, asObject: req.asObject, org: req.org });
    if (report.cancelled) {
      outcome = 'cancelled';
      return fail('CANCELLED', report.warnings[report.warnings.length - 1] ?? 'Import cancelled');
    }
    const quarantine = await readQuarantine(db, report.added);
    outcome = report.skipped.length ? 'done-with-problems' : 'done';
    finished = { added: report.added.length, skipped: report.skipped.length };
    return ok({ caseDir, sources: report.sources, added: report.added, events: report.events, quarantine, warnings: [...interrupted, ...tampered, ...report.warnings], skipped: report.skipped });
  } catch (e) {
    finished = { error: e instanceof Error ? e.message : String(e) };
    if (e instanceof CaseTooNewError) return fail('UNSUPPORTED', e.message);
    return fail('INTERNAL', `Import failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    let sealedAt: number | null = null;
    try {
      if (db) sealedAt = (await sealCase(db, custody, runId, req.actor).catch((e: unknown) => {
        finished = { ...finished, sealError: e instanceof Error ? e.message : String(e) };
        return null;
      }))?.seq ?? null;
      finishRun(custody, 'import', runId, outcome, finished, req.actor);
    } finally {
      db?.close();
      try {
        if (db && sealedAt !== null) recordClosedFile(custody, db.path, sealedAt, req.actor);
      } finally {
        custody.close();
      }
    }
  }
}

/** Quarantined rows of the given sources (every source when `ids` is 'all'), at most `limit`. */
export async function readQuarantine(db: CaseDb, ids: readonly number[] | 'all', limit = 100_000): Promise<QuarantinedRow[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const rows = await db.all<{ source_id: number; path: string; line: number | null; error_type: string | null; message: string | null; raw_text: string | null }>(
    sql`SELECT q.source_id, s.path, q.line, q.error_type, q.message, q.raw_text FROM quarantine q JOIN sources s ON s.id = q.source_id
     ${raw(ids === 'all' ? '' : `WHERE q.source_id IN (${ids.map((i) => Math.trunc(i)).join(',')})`)} ORDER BY q.source_id, q.line LIMIT ${Math.trunc(limit)}`,
  );
  return rows.map((r) => ({
    sourceId: r.source_id,
    file: r.path,
    line: r.line,
    reason: [r.error_type, r.message].filter(Boolean).join(': '),
    raw: r.raw_text,
  }));
}
