/**
 * The Collect screen's words: what each coverage status means, what the investigator should do
 * about it, and what the signed-in user needs — kept apart from the components that show them.
 */
import type { CoverageItem, CoverageStatus } from '../../../../shared/bundle.js';
import type { CollectProgress } from '../../../../shared/collect.js';
import { assertNever } from '../../../../shared/result.js';

/** The short label of a status, as the table's badge shows it. */
export function statusLabel(s: CoverageStatus): string {
  switch (s) {
    case 'collected':
      return 'collected';
    case 'empty':
      return 'nothing there';
    case 'not_licensed':
      return 'not licensed';
    case 'not_permitted':
      return 'not permitted';
    case 'missing':
      return 'missing';
    case 'limit':
      return 'API limit';
    case 'error':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    default:
      return assertNever(s, 'coverage status');
  }
}

/** The badge's tone: fine, to know about, or to act on. */
export function statusTone(s: CoverageStatus): 'ok' | 'info' | 'warn' | 'act' {
  switch (s) {
    case 'collected':
      return 'ok';
    case 'empty':
      return 'info';
    case 'not_licensed':
    case 'missing':
      return 'warn';
    case 'not_permitted':
    case 'limit':
    case 'error':
    case 'cancelled':
      return 'act';
    default:
      return assertNever(s, 'coverage status');
  }
}

/** Statuses worth a line above the table, those to act on first. */
export const PROBLEM_ORDER: readonly CoverageStatus[] = ['not_permitted', 'error', 'limit', 'cancelled', 'not_licensed', 'missing'];

const KIND_WORDS: Record<CoverageItem['kind'], string> = {
  elf: 'Event Log Files',
  rtem: 'Real-Time Event Monitoring',
  metadata: 'org metadata',
  snapshot: 'data snapshot',
};

/** What kind of thing an item is, in words. */
export function kindLabel(kind: CoverageItem['kind']): string {
  return KIND_WORDS[kind];
}

/** The permission that lets the user read an item of this kind. */
function permissionFor(kind: CoverageItem['kind']): string {
  switch (kind) {
    case 'elf':
      return '“View Event Log Files”';
    case 'rtem':
      return '“View Real-Time Event Monitoring Data”';
    case 'metadata':
      return '“View Setup and Configuration” (and “View All Users” for OAuth tokens and login history)';
    case 'snapshot':
      return 'Read on the object (“View All Data” for a complete snapshot)';
    default:
      return assertNever(kind, 'coverage kind');
  }
}

/** One sentence on what went wrong for `items` (all of one status) and one on what to do. */
export function problemWords(status: CoverageStatus, items: readonly CoverageItem[]): { message: string; action: string } {
  const names = items.map((i) => i.name).join(', ');
  const n = items.length;
  const they = n === 1 ? 'it' : 'them';
  switch (status) {
    case 'not_permitted': {
      const needs = [...new Set(items.map((i) => permissionFor(i.kind)))].join('; ');
      return {
        message: `The signed-in user may not read ${names}: nothing of ${they} is in the bundle.`,
        action: `Give the user ${needs}, then collect again into the same bundle folder: what is already saved is verified and kept.`,
      };
    }
    case 'error':
      return {
        message: `${names} could not be collected after every retry (${items[0]?.reason ?? ''}${n > 1 ? ' …' : ''}).`,
        action: 'Collect again into the same bundle folder when the connection or the org is back: it continues and skips every file already saved.',
      };
    case 'limit':
      return {
        message: `Stopped before ${names} to leave the org its last API requests of the day.`,
        action: 'Collect again into the same bundle folder once the daily allowance has renewed (or ask Salesforce for a temporary increase).',
      };
    case 'cancelled':
      return { message: `${names} ${n === 1 ? 'was' : 'were'} not collected: the collection was cancelled.`, action: 'Collect again into the same bundle folder to continue where it stopped.' };
    case 'not_licensed':
      return {
        message: `${names} ${n === 1 ? 'does' : 'do'} not exist in this org: Real-Time Event Monitoring (Shield or the Event Monitoring add-on) is not licensed or not enabled.`,
        action: 'Nothing to collect. The investigation will report these events as not logged — never as “nothing happened”. Rely on the Event Log Files for those activities.',
      };
    case 'missing':
      return {
        message: `${names} ${n === 1 ? 'is' : 'are'} not in this org or not visible to the signed-in user.`,
        action: 'Check the API names (a custom object ends in __c) and the user’s object permissions, then collect again into the same folder.',
      };
    case 'collected':
    case 'empty':
      return { message: `${names}: ${statusLabel(status)}.`, action: '' };
    default:
      return assertNever(status, 'coverage status');
  }
}

/** What the collector is doing, in words. */
export function collectPhaseLabel(p: CollectProgress['phase']): string {
  switch (p) {
    case 'signing-in':
      return 'Signing in and reading the org';
    case 'listing':
      return 'Listing the Event Log Files';
    case 'downloading':
      return 'Downloading Event Log Files';
    case 'querying':
      return 'Querying Real-Time Event Monitoring';
    case 'bulk':
      return 'Reading objects (REST and Bulk API 2.0)';
    case 'done':
      return 'Writing the coverage report';
    case 'cancelled':
      return 'Stopping…';
    default:
      return assertNever(p, 'collect phase');
  }
}

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The permissions the signed-in user needs, as the screen lists them. */
export const NEEDED_PERMISSIONS: readonly { name: string; why: string }[] = [
  { name: 'API Enabled', why: 'every call the collector makes' },
  { name: 'View Event Log Files', why: 'the EventLogFile listing and the log files' },
  { name: 'View Setup and Configuration', why: 'Setup Audit Trail, profiles, permission sets, connected apps' },
  { name: 'Read on each snapshot object', why: 'the data snapshots (View All Data for complete ones)' },
  { name: 'View Real-Time Event Monitoring Data', why: 'the RTEM objects, where licensed' },
  { name: 'View All Users or Manage Users', why: 'OAuth tokens and login history of other users' },
];
