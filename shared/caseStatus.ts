/** Where an investigation stands: what `leakscope open` prints and the app's Cases screen shows. */
import type { ExportCounts } from './domain.js';

/** One import or investigation run of the case, from its custody entries. */
export interface CaseRun {
  kind: 'import' | 'investigation';
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: string | null;
  actor: string;
  outDir: string | null;
  scope: unknown;
}

/** The case at a glance: evidence, runs, results of the last investigation, notes, custody. */
export interface CaseStatus {
  caseDir: string;
  createdAt: string | null;
  investigators: string[];
  evidence: { sources: number; bytes: number; events: number; quarantined: number; snapshots: string[]; orgs: { id: string; name: string | null }[] } | null;
  runs: CaseRun[];
  interrupted: number;
  lastInvestigation: {
    at: string; outcome: string | null; outDir: string | null; exports: ExportCounts | null; people: number | null;
    jurisdictions: number | null; duties: { total: number; required: number; toAssess: number; earliestDue: string | null } | null;
  } | null;
  notes: { total: number; privileged: number; bookmarks: number };
  mappingDecisions: number;
  custody: { entries: number; head: string | null };
}
