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
  /**
   * The output files last written (by an investigation or the Report button) and what the case has recorded since that
   * they do not reflect (custody actions that are findings, by action: a jurisdiction assigned by hand, a mapping
   * decision, a note, an import…); empty when they are up to date. Null before any output was written.
   */
  outputs: { at: string; seq: number; outDir: string | null; changesSince: { action: string; count: number }[] } | null;
  notes: { total: number; privileged: number; bookmarks: number };
  mappingDecisions: number;
  custody: { entries: number; head: string | null };
}

/** What each custody action recorded since the outputs were written is, in words (unknown actions are named as they are). */
const CHANGE_WORDS: Record<string, string> = {
  'source.imported': 'evidence file(s) imported',
  'source.copied': 'evidence file(s) copied into the case',
  'source.org': 'evidence placed in an org',
  'jurisdiction.assigned': 'jurisdiction(s) assigned by hand',
  'jurisdiction.unassigned': 'hand assignment(s) withdrawn',
  'mapping.changed': 'field-to-category decision(s)',
  'profile.set': 'organisation profile change(s)',
  'profile.unset': 'organisation profile removal(s)',
  'note.added': 'note(s) added',
  'note.retracted': 'note(s) retracted',
  'case.marked': 'privilege marking change(s)',
  'case.seal_broken': 'change(s) to the case database found outside Leakscope',
  'review.opened': 'review session(s) opened',
  'review.closed': 'review session(s) closed',
};

/**
 * One sentence on whether the last output files are up to date: null when they are (or none was written), else what has
 * been recorded since and what to do.
 */
export function outputsStaleness(outputs: CaseStatus['outputs']): string | null {
  if (!outputs || outputs.changesSince.length === 0) return null;
  const what = outputs.changesSince.map((c) => `${c.count} ${CHANGE_WORDS[c.action] ?? c.action}`).join(', ');
  return `Since the output files were written (${outputs.at}): ${what}. They do not show this yet: generate the report to rewrite them.`;
}
