/**
 * `leakscope report <case> --out <dir>` and the app's Report button: write the whole report set from a case already
 * investigated, without re-running the analysis (the tables are read as the last run left them), and record it in the
 * custody log.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../../../shared/result.js';
import { computeCoverage } from '../../analysis/coverage.js';
import { CASE_DB, CUSTODY_DB } from '../../caseLayout.js';
import { CustodyLog } from '../../casestore/custody.js';
import { loadJurisdictionData } from '../../jurisdiction/loadTables.js';
import { CaseDb } from '../../store/duck.js';
import { CaseTooNewError, migrate } from '../../store/migrate.js';
import { MARKING_ACTION, readCustodyFacts } from './custodyFacts.js';
import { REDACTED_REPORT_PDF, REPORT_PDF } from './writeReport.js';
import { readCaseResults } from '../../caseResults.js';
import { ReportCancelled, writeCaseOutputs } from '../caseOutputs.js';
import { outputFolderRefusal } from '../outputFolder.js';

export interface ReportRequest {
  caseDir: string;
  outDir: string;
  resourcesDir: string;
  tool: { name: string; version: string };
  actor?: string;
  /** Mark the case privileged & confidential (recorded in custody; every later report carries the marking). */
  privileged?: boolean;
  /** Print the privileged notes too, each marked (`--include-privileged`); without it they are left out and counted. */
  includePrivileged?: boolean;
  /**
   * The redacted variant for wider circulation instead (`--redacted`): report.redacted.pdf, affected/<CODE>.redacted.csv,
   * other-records.redacted.csv and notification-lists.redacted.xlsx, names, emails and streets masked, ids kept.
   */
  redacted?: boolean;
  signal?: AbortSignal;
  onProgress?: (section: string, done: number, total: number) => void;
}

export interface ReportOutcome {
  file: string;
  sha256: string;
  pages: number;
  head: string | null;
  /** Every file written, relative to the output folder, with its SHA-256 (manifest.json last). */
  outputs: { file: string; sha256: string }[];
  /** What could not be written as the last run wrote it, and why (e.g. its affected.json changed since). */
  warnings: string[];
}

/**
 * Writes the report set into `outDir` from the case — every file `investigate` writes (exports.json, affected.json,
 * duties.json, the notification lists, lineage.json, report.pdf, manifest.json, …; caseOutputs.ts) — staged beside it
 * and moved in at the end, so a cancelled or failed report leaves `outDir` as it was. Every failure is a Result.
 */
export async function reportCase(req: ReportRequest): Promise<Result<ReportOutcome>> {
  const caseDir = path.resolve(req.caseDir);
  const outDir = path.resolve(req.outDir);
  if (!existsSync(path.join(caseDir, CASE_DB)) || !existsSync(path.join(caseDir, CUSTODY_DB))) return fail('NOT_FOUND', `No case at ${req.caseDir} (case.duckdb and custody.sqlite expected)`);
  const geo = loadJurisdictionData(path.join(req.resourcesDir, 'jurisdictions'));
  if (!geo.ok) return geo;
  const refusal = await outputFolderRefusal(outDir, caseDir);
  if (refusal) return fail('BAD_REQUEST', refusal);
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  // Read (read-only) before the case is opened to write: the last investigation's results, as the tables hold them.
  const results = await readCaseResults(caseDir, geo.value).catch((e: unknown) => (e instanceof CaseTooNewError ? fail('UNSUPPORTED', e.message) : Promise.reject(e)));
  if (!results.ok) return results.error.code === 'NOT_FOUND' ? fail('NOT_FOUND', `The case at ${req.caseDir} has no reconstructed exports: run \`leakscope investigate\` first (${results.error.message})`) : results;
  let db: CaseDb | null = null;
  try {
    db = await CaseDb.open(path.join(caseDir, CASE_DB));
    await migrate(db);
    if (req.privileged && !readCustodyFacts(custodyPath).privileged) appendCustody(custodyPath, MARKING_ACTION, { privileged: true }, req.actor);
    const coverage = await computeCoverage(db, null, null);
    const redacted = req.redacted === true;
    const written = await writeCaseOutputs(db, {
      caseDir, outDir, custodyPath, resourcesDir: req.resourcesDir, tool: req.tool, geo: geo.value, coverage, results: results.value,
      includePrivileged: req.includePrivileged, redacted, signal: req.signal, onProgress: req.onProgress,
    });
    const name = redacted ? REDACTED_REPORT_PDF : REPORT_PDF;
    const file = path.join(outDir, name);
    const outputs = written.outputs;
    const head = readCustodyFacts(custodyPath).head;
    appendCustody(custodyPath, 'report.written', { outDir, command: 'report', includePrivileged: req.includePrivileged === true && !redacted, redacted, outputs }, req.actor);
    return ok({ file, sha256: outputs.find((o) => o.file === name)?.sha256 ?? '', pages: await pdfPageCount(file), head: head ? `${head.seq}:${head.hash}` : null, outputs, warnings: written.warnings });
  } catch (e) {
    if (e instanceof ReportCancelled) return fail('CANCELLED', 'Report cancelled: nothing was written');
    if (e instanceof CaseTooNewError) return fail('UNSUPPORTED', e.message);
    return fail('INTERNAL', `Report failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db?.close();
  }
}

/** The page count of a PDF this tool wrote (its page tree's /Count, in the uncompressed trailer objects). */
async function pdfPageCount(file: string): Promise<number> {
  const text = (await readFile(file)).toString('latin1');
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return counts.length ? Math.max(...counts) : 0;
}

function appendCustody(custodyPath: string, action: string, detail: unknown, actor: string | undefined): void {
  const log = CustodyLog.open(custodyPath);
  try {
    log.append(action, detail, actor);
  } finally {
    log.close();
  }
}
