/**
 * The whole report set written again from an investigated case, without re-running the analysis: the same writers
 * `investigate` uses (writeOutputs and the table writers it is given), fed from the case tables. What the analysis
 * computed but no table keeps — the unresolved exposure and the scoping notes (affected.json), the duties' run context
 * (duties.json), the integrations' notes and the secrets scan's rule sets — is read from the last investigation's own
 * files, each only while it still has the SHA-256 the run recorded; otherwise the file is written without it and a
 * warning says so. `leakscope report` and the app's Report button both come here (reportCase.ts).
 */
import path from 'node:path';
import type { InvestigationResult } from '../../../shared/domain.js';
import type { Coverage } from '../../../shared/coverage.js';
import { writeExportsJson } from '../analysis/exportsJson.js';
import { scopeCoverage } from '../analysis/coverage.js';
import { readLastRunDocument } from '../caseResults.js';
import type { DutiesRun } from '../duties/stage.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { writeAffectedCsvs } from './affectedFiles.js';
import { buildIncident } from './incident.js';
import { writeIntegrations } from './integrations.js';
import { writeLineage } from './lineage.js';
import { writeOutputs } from './outputs.js';
import { writeQuarantineCsv } from './quarantineFile.js';
import { writeSecretsJson, type SecretsHead } from './secrets.js';
import { writeInScopeIdLines } from './streamedList.js';
import { readDutyLists, writeNotificationLists } from './xlsxNotificationLists.js';
import { findingsAnchor } from './pdf/custodyFacts.js';
import { jurisdictionNamer } from './pdf/names.js';
import { writeReportInto } from './pdf/writeReport.js';

/** Thrown between two files when the investigator cancels; the staging folder is removed, nothing reaches `--out`. */
export class ReportCancelled extends Error {}

export interface CaseOutputsRequest {
  caseDir: string;
  outDir: string;
  custodyPath: string;
  resourcesDir: string;
  tool: { name: string; version: string };
  geo: JurisdictionData;
  coverage: Coverage;
  /** The last investigation's results read back from the tables (caseResults.ts). */
  results: InvestigationResult;
  includePrivileged?: boolean;
  /** The set for wider circulation: the lists and the report redacted, quarantine.csv (raw lines) left out. */
  redacted?: boolean;
  signal?: AbortSignal;
  onProgress?: (section: string, done: number, total: number) => void;
}

interface SecretsDoc {
  summary?: { records?: number; findings?: number; kinds?: number; scannedRecords?: number; scannedFields?: number; sentence?: string };
  notes?: string[];
  ruleSets?: SecretsHead['ruleSets'];
  rulesRun?: number;
  leftOutRules?: SecretsHead['leftOut'];
}

/** The files a report set holds, in the order they are written (affected/<CODE>.csv counted as one step). */
const STEPS = ['exports.json', 'integrations.json', 'secrets.json', 'affected.json', 'affected/', 'notification-lists', 'quarantine.csv', 'lineage.json', 'report'];

/** Writes the report set into `outDir` (staged, then moved in); returns every file with its SHA-256 and the warnings. */
export async function writeCaseOutputs(db: CaseDb, req: CaseOutputsRequest): Promise<{ outputs: { file: string; sha256: string }[]; warnings: string[] }> {
  const warnings: string[] = [];
  const last = <T>(name: string, what: string): T | null => {
    const read = readLastRunDocument<T>(req.caseDir, name, what);
    if (read.warning) warnings.push(read.warning);
    return read.value;
  };
  const affectedDoc = last<{ notes?: string[] }>('affected.json', 'scoping notes');
  const dutiesDoc = last<Omit<DutiesRun, 'profileSource' | 'categoriesByJurisdiction'> & { profile: { source: string | null } & DutiesRun['profile'] }>('duties.json', 'duties');
  const integrationsDoc = last<{ notes?: string[] }>('integrations.json', 'integration notes');
  const secretsDoc = last<SecretsDoc>('secrets.json', 'secrets scan summary');
  const lists = await readDutyLists(db);
  let done = 0;
  /** Each file is one step: cancel is honoured before it, progress reported as it starts. */
  const step = async <T>(name: string, write: () => Promise<T>): Promise<T> => {
    if (req.signal?.aborted) throw new ReportCancelled('Report cancelled');
    req.onProgress?.(`Writing ${name}`, done++, STEPS.length);
    return write();
  };
  const { outputs: _o, ...body } = req.results;
  const scopedCoverage = await scopeCoverage(db, body.scope, req.coverage);
  const redacted = req.redacted === true;
  const pdf = { caseDir: req.caseDir, custodyPath: req.custodyPath, coverage: req.coverage, tool: req.tool, jurisdictionName: jurisdictionNamer(req.geo), includePrivileged: req.includePrivileged, redacted, signal: req.signal };
  const outputs = await writeOutputs({ ...body, outDir: req.outDir, coverage: req.coverage }, affectedDoc?.notes ?? [], req.tool, {
    runId: `report-${path.basename(req.outDir)}`,
    custody: findingsAnchor(req.custodyPath),
    scopedCoverage,
    writeExports: (file, header) => step('exports.json', () => writeExportsJson(db, file, header)),
    writeIntegrations: (dir, header) => step('integrations.json', () => writeIntegrations(db, dir, header, integrationsDoc?.notes ?? [])),
    writeSecrets: secretsDoc ? (dir, header) => step('secrets.json', () => writeSecretsJson(db, dir, header, secretsHead(secretsDoc))) : undefined,
    writeInScopeIds: (lines) => step('affected.json', () => writeInScopeIdLines(db, lines)),
    duties: dutiesDoc ? dutiesRun(dutiesDoc) : undefined,
    incident: await buildIncident(db),
    writeAffected: (dir) => step('affected/<CODE>.csv', () => writeAffectedCsvs(db, dir, { redacted })),
    writeNotificationLists: lists ? (dir, anchor) => step('notification-lists.xlsx', () => writeNotificationLists(db, dir, lists, anchor, { redacted })) : undefined,
    writeQuarantine: redacted ? null : (file) => step('quarantine.csv', () => writeQuarantineCsv(db, file)),
    writeLineage: (dir, header) => step('lineage.json', () => writeLineage(db, dir, header, req.resourcesDir)),
    writeReport: (dir) => step(redacted ? 'report.redacted.pdf' : 'report.pdf', async () => {
      const name = await writeReportInto(db, dir, { ...pdf, onProgress: (section) => req.onProgress?.(`Writing the report: ${section}`, done - 1, STEPS.length) });
      if (req.signal?.aborted) throw new ReportCancelled('Report cancelled');
      return name;
    }),
  });
  if (!lists) warnings.push('The case was investigated by an older Leakscope: notification-lists.xlsx is not written (run the investigation again)');
  return { outputs, warnings };
}

/** duties.json as the last run wrote it, back into the shape dutiesDocument writes (the profile file by its name). */
function dutiesRun(doc: Omit<DutiesRun, 'profileSource' | 'categoriesByJurisdiction'> & { profile: { source: string | null } & DutiesRun['profile'] }): DutiesRun {
  const { source, ...profile } = doc.profile;
  return { awareAt: doc.awareAt, awareAtSource: doc.awareAtSource, asOf: doc.asOf, profile, profileSource: source, regimes: doc.regimes, duties: doc.duties, categoriesByJurisdiction: {}, notes: doc.notes };
}

/** secrets.json's own account of the scan, as the last run wrote it. */
function secretsHead(doc: SecretsDoc): SecretsHead {
  const s = doc.summary ?? {};
  return {
    records: s.records ?? 0, findings: s.findings ?? 0, kinds: { length: s.kinds ?? 0 }, scannedRecords: s.scannedRecords ?? 0, scannedFields: s.scannedFields ?? 0,
    summary: s.sentence ?? '', notes: doc.notes ?? [], ruleSets: doc.ruleSets ?? [], rulesRun: doc.rulesRun ?? 0, leftOut: doc.leftOutRules ?? [],
  };
}
