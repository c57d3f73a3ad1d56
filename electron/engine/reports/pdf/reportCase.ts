/**
 * `leakscope report <case> --out <dir>`: writes report.pdf from a case already investigated, without re-running the
 * analysis (the tables are read as the last run left them), and records it in the custody log.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../../../shared/result.js';
import { computeCoverage } from '../../analysis/coverage.js';
import { CASE_DB, CUSTODY_DB } from '../../caseLayout.js';
import { CustodyLog } from '../../casestore/custody.js';
import { sha256File } from '../../intake/hash.js';
import { loadJurisdictionData } from '../../jurisdiction/loadTables.js';
import { CaseDb } from '../../store/duck.js';
import { CaseTooNewError, migrate } from '../../store/migrate.js';
import { sql } from '../../store/sql.js';
import { findingsAnchor, MARKING_ACTION, readCustodyFacts } from './custodyFacts.js';
import { jurisdictionNamer } from './names.js';
import { REDACTED_REPORT_PDF, REPORT_PDF, writeReportPdf } from './writeReport.js';
import { writeAffectedCsvs } from '../affectedFiles.js';
import { readDutyLists, writeNotificationLists } from '../xlsxNotificationLists.js';

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
  /** Every file written, relative to the output folder, with its SHA-256 (the report last). */
  outputs?: { file: string; sha256: string }[];
}

/** Writes `<outDir>/report.pdf` from the case; every failure comes back as a Result. */
export async function reportCase(req: ReportRequest): Promise<Result<ReportOutcome>> {
  const caseDir = path.resolve(req.caseDir);
  const outDir = path.resolve(req.outDir);
  if (!existsSync(path.join(caseDir, CASE_DB)) || !existsSync(path.join(caseDir, CUSTODY_DB))) return fail('NOT_FOUND', `No case at ${req.caseDir} (case.duckdb and custody.sqlite expected)`);
  const geo = loadJurisdictionData(path.join(req.resourcesDir, 'jurisdictions'));
  if (!geo.ok) return geo;
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  let db: CaseDb | null = null;
  try {
    db = await CaseDb.open(path.join(caseDir, CASE_DB));
    await migrate(db);
    const exportsTable = await db.one(sql`SELECT 1 AS x FROM information_schema.tables WHERE table_name = 'exports'`);
    if (!exportsTable) return fail('NOT_FOUND', `The case at ${req.caseDir} has no reconstructed exports: run \`leakscope investigate\` first`);
    if (req.privileged && !readCustodyFacts(custodyPath).privileged) appendCustody(custodyPath, MARKING_ACTION, { privileged: true }, req.actor);
    const coverage = await computeCoverage(db, null, null);
    await mkdir(outDir, { recursive: true });
    const redacted = req.redacted === true;
    const outputs: { file: string; sha256: string }[] = [];
    if (redacted) {
      // The redacted lists first: the redacted report quotes their hashes.
      const lists = await readDutyLists(db);
      if (!lists) return fail('UNSUPPORTED', `The case at ${req.caseDir} was investigated by an older Leakscope: run \`leakscope investigate\` again to write the redacted lists`);
      const files = [...(await writeAffectedCsvs(db, outDir, { redacted: true })), await writeNotificationLists(db, outDir, lists, findingsAnchor(custodyPath), { redacted: true })];
      for (const rel of files) outputs.push({ file: rel.split(path.sep).join('/'), sha256: await sha256File(path.join(outDir, rel)) });
    }
    const name = redacted ? REDACTED_REPORT_PDF : REPORT_PDF;
    const file = path.join(outDir, name);
    const partial = `${file}.partial`;
    try {
      const written = await writeReportPdf(db, partial, {
        caseDir, custodyPath, outputsDir: outDir, coverage, tool: req.tool, jurisdictionName: jurisdictionNamer(geo.value), includePrivileged: req.includePrivileged, redacted,
        signal: req.signal, onProgress: req.onProgress,
      });
      if (written.cancelled) return fail('CANCELLED', 'Report cancelled');
      await rename(partial, file);
      const sha256 = await sha256File(file);
      outputs.push({ file: name, sha256 });
      const head = readCustodyFacts(custodyPath).head;
      appendCustody(custodyPath, 'report.written', { outDir, command: 'report', includePrivileged: req.includePrivileged === true && !redacted, redacted, outputs }, req.actor);
      return ok({ file, sha256, pages: written.pages, head: head ? `${head.seq}:${head.hash}` : null, outputs });
    } finally {
      await rm(partial, { force: true });
    }
  } catch (e) {
    if (e instanceof CaseTooNewError) return fail('UNSUPPORTED', e.message);
    return fail('INTERNAL', `Report failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db?.close();
  }
}

function appendCustody(custodyPath: string, action: string, detail: unknown, actor: string | undefined): void {
  const log = CustodyLog.open(custodyPath);
  try {
    log.append(action, detail, actor);
  } finally {
    log.close();
  }
}
