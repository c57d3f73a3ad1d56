/**
 * Sealing the case database between runs: every run ends by recording the seals of all its tables
 * in the custody log (`case.sealed`), and the next run — and `verify` — first checks that the
 * tables still hold what was sealed. A table edited inside case.duckdb by anything but Leakscope
 * (the tampering a re-run would otherwise silently take up, e.g. fewer affected people in US-CA) is
 * named, recorded in custody (`case.seal_broken`) and reported as a warning of the run.
 */
import type { CustodyEntry, CustodyLog } from './casestore/custody.js';
import { unfinishedRuns } from './casestore/runs.js';
import type { CaseDb } from './store/duck.js';
import { compareSeals, computeSeals, computeSealsRemembered, duckdbVersion, fileState, type TableSeal } from './store/seals.js';

interface SealDetail {
  runId?: string;
  duckdb: string;
  tables: TableSeal[];
}

/** The last `case.sealed` entry of the chain, if any. */
export function lastSeal(entries: readonly CustodyEntry[]): { seq: number; detail: SealDetail } | null {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.action === 'case.sealed') return { seq: e.seq, detail: e.detail as SealDetail };
  }
  return null;
}

/**
 * Compares the tables with the last seal; returns the findings (empty when unchanged or never sealed) and a note when they
 * cannot be compared. `remembered`: the seals may come from this process's memory while the file is unchanged
 * (store/seals.ts: reopening a case), not for `verify`.
 */
export async function sealFindings(db: CaseDb, entries: readonly CustodyEntry[], options: { remembered?: boolean } = {}): Promise<{ sealedAt: number | null; problems: string[]; note: string | null }> {
  const last = lastSeal(entries);
  if (!last) return { sealedAt: null, problems: [], note: 'the case database has not been sealed yet (written by a Leakscope before sealing, or no run has finished)' };
  const version = await duckdbVersion(db);
  if (version !== last.detail.duckdb) {
    return { sealedAt: last.seq, problems: [], note: `the tables were sealed under DuckDB ${last.detail.duckdb}, this is ${version}: their seals cannot be compared (the next run re-seals them)` };
  }
  // Reopened untouched since the run that sealed it closed the file (its state then is in custody, `case.file_state`):
  // the tables are what was sealed, and are not hashed again. Any write since moves the file's change time.
  if (options.remembered && closedUnchanged(db, entries, last.seq)) return { sealedAt: last.seq, problems: [], note: null };
  const now = options.remembered ? await computeSealsRemembered(db) : await computeSeals(db);
  return { sealedAt: last.seq, problems: compareSeals(last.detail.tables, now), note: null };
}

/** Whether custody records the database file, as it is now, closed right after the seal `sealedAt` was taken. */
function closedUnchanged(db: CaseDb, entries: readonly CustodyEntry[], sealedAt: number): boolean {
  const now = fileState(db.path);
  if (now === null) return false;
  for (let i = entries.length - 1; i >= 0 && entries[i]!.seq > sealedAt; i--) {
    const e = entries[i]!;
    if (e.action !== FILE_STATE_ACTION) continue;
    const d = e.detail as { sealedAt?: unknown; state?: unknown };
    return d.sealedAt === sealedAt && d.state === now;
  }
  return false;
}

/** The custody action recording the state of case.duckdb's file once a sealing run has closed it (bookkeeping). */
export const FILE_STATE_ACTION = 'case.file_state';

/**
 * After a sealing run has closed the database: records in custody the state of its file (size, inode, modification
 * and change time of it and its write-ahead log), so the case reopened later — in a new process too — need not hash
 * every table to know it still holds what was sealed (a new process hashed 10 million events for 5 s). `verify` and
 * the next run's seal check always hash.
 */
export function recordClosedFile(custody: CustodyLog, dbPath: string, sealedAt: number, actor: string | undefined): void {
  const state = fileState(dbPath);
  if (state !== null) custody.append(FILE_STATE_ACTION, { sealedAt, state }, actor);
}

/** At the start of a run: names every table changed since the last seal, and records the finding in custody. */
export async function checkCaseSeals(db: CaseDb, custody: CustodyLog, actor: string | undefined): Promise<string[]> {
  const found = await sealFindings(db, custody.entries());
  if (found.problems.length === 0) return [];
  const interrupted = unfinishedRuns(custody).filter((r) => found.sealedAt !== null && r.seq > found.sealedAt);
  custody.append('case.seal_broken', { sealedAt: found.sealedAt, problems: found.problems, interruptedRuns: interrupted.map((r) => r.seq) }, actor);
  const why = interrupted.length
    ? ` An ${interrupted[0]!.kind} started at custody entry ${interrupted[0]!.seq} never finished and may have left it so; if no run was interrupted, the database was edited.`
    : '';
  return found.problems.map((p) => `Case database changed outside Leakscope since custody entry ${found.sealedAt}: ${p}.${why} This run uses the tables as they are now; \`leakscope verify\` will keep naming it.`);
}

/**
 * At the end of a run (also a cancelled or failed one): records the seals of every table; returns them, so the run can
 * remember them once the database is closed (store/seals.ts `rememberSeals`).
 */
export async function sealCase(db: CaseDb, custody: CustodyLog, runId: string, actor: string | undefined): Promise<{ seq: number; tables: TableSeal[] }> {
  const detail: SealDetail = { runId, duckdb: await duckdbVersion(db), tables: await computeSeals(db) };
  const entry = custody.append('case.sealed', detail, actor);
  return { seq: entry.seq, tables: detail.tables };
}
