/**
 * Everything report.pdf states, gathered once from the case (DuckDB tables, custody log) and the output files
 * beside it: bounded lists and SQL-counted figures, never every row.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Coverage } from '../../../../shared/coverage.js';
import { sha256File } from '../../intake/hash.js';
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';
import { buildIncident, type IncidentReport } from '../incident.js';
import { readAssignmentFacts, type AssignmentFacts } from './assignmentFacts.js';
import { readCustodyFacts, type CustodyFacts } from './custodyFacts.js';
import { readEvidenceFacts, type EvidenceFacts } from './evidenceFacts.js';
import { affectedListName } from '../affectedFiles.js';
import { readNoteFacts, type NoteFacts } from './notesFacts.js';
import { readIncidentFacts, type IncidentFacts } from './incidentFacts.js';
import { readScopeFacts, type ScopeFacts } from './scopeFacts.js';
import { shaPrefix } from './text.js';

export interface ReportFacts {
  caseName: string;
  marking: string;
  tool: { name: string; version: string };
  custody: CustodyFacts;
  incident: IncidentFacts;
  timeline: IncidentReport;
  scope: ScopeFacts;
  evidence: EvidenceFacts;
  coverage: Coverage | null;
  notes: NoteFacts;
  /** The jurisdictions assigned by hand, in force at the custody head. */
  assignments: AssignmentFacts;
  /** The redacted variant: people's names, emails and streets are masked, notes' words left out (ids kept). */
  redacted: boolean;
  jurisdictionName(code: string): string;
  /** `affected/<CODE>.csv` with its SHA-256 prefix, when the file is among the outputs. */
  listFile(code: string): string;
  /** ` (SHA-256 …)` of an output file beside the report, or nothing when it is not there. */
  outputHash(file: string): string;
}

export interface FactSources {
  caseDir: string;
  custodyPath: string;
  /** The folder the other outputs are in (or being staged in): their hashes are quoted. */
  outputsDir: string;
  coverage: Coverage | null;
  tool: { name: string; version: string };
  jurisdictionName: (code: string) => string;
  /** Print privileged notes too (each marked; the report is then marked privileged & confidential). */
  includePrivileged?: boolean;
  /** The redacted variant for wider circulation: affected people's names and emails masked, notes' text left out. */
  redacted?: boolean;
}

export const PRIVILEGED_MARKING = 'PRIVILEGED & CONFIDENTIAL — ATTORNEY WORK PRODUCT';
export const NEUTRAL_MARKING = 'CONFIDENTIAL — contains personal data';

/** Reads the facts of one report; the case tables are read a bounded page at a time. */
export async function gatherFacts(db: CaseDb, from: FactSources): Promise<ReportFacts> {
  const tables = new Set((await db.all<{ t: string }>(sql`SELECT table_name AS t FROM information_schema.tables`)).map((r) => r.t));
  const has = (t: string): boolean => tables.has(t);
  const incident = await readIncidentFacts(db, has);
  const scope = await readScopeFacts(db, has);
  const evidence = await readEvidenceFacts(db, has, incident.orgCount);
  const custody = readCustodyFacts(from.custodyPath);
  // A redacted report is for wider circulation: never work product in it.
  const notes = readNoteFacts(from.custodyPath, custody.head?.seq ?? 0, from.includePrivileged === true && from.redacted !== true);
  const assignments = readAssignmentFacts(from.custodyPath, custody.head?.seq ?? 0);
  const hashes = new Map<string, string | null>();
  const hashOf = async (rel: string): Promise<void> => {
    const file = path.join(from.outputsDir, ...rel.split('/'));
    hashes.set(rel, existsSync(file) ? await sha256File(file) : null);
  };
  for (const rel of ['exports.json', 'duties.json', 'quarantine.csv', 'incident.json']) await hashOf(rel);
  const listName = (code: string): string => affectedListName(code, from.redacted === true);
  for (const j of scope.jurisdictions) await hashOf(listName(j.code));
  return {
    caseName: caseName(from.caseDir),
    // Work product printed in it makes the document itself privileged, whatever the case's own marking.
    marking: custody.privileged || notes.privilegedIncluded > 0 ? PRIVILEGED_MARKING : NEUTRAL_MARKING,
    tool: from.tool,
    custody,
    incident,
    timeline: await buildIncident(db),
    scope,
    evidence,
    coverage: from.coverage,
    notes,
    assignments,
    redacted: from.redacted === true,
    jurisdictionName: from.jurisdictionName,
    listFile: (code) => {
      const sha = hashes.get(listName(code));
      return sha ? `${listName(code)} · ${shaPrefix(sha)}` : '—';
    },
    outputHash: (file) => {
      const sha = hashes.get(file);
      return sha ? ` (SHA-256 ${shaPrefix(sha)})` : '';
    },
  };
}

/** The case's name without its absolute path: the folder's name, or `<parent>/case` for the default `<out>/case`. */
function caseName(caseDir: string): string {
  const base = path.basename(caseDir);
  return base === 'case' ? `${path.basename(path.dirname(caseDir))}/${base}` : base;
}
