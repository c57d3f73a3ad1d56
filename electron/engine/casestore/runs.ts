/**
 * Runs in the custody log: every investigation or import appends `<kind>.started` with a run id
 * and, on every path out (done, with problems, cancelled, failed), `<kind>.finished` with the
 * outcome. A started run without its finished entry was interrupted (killed, crashed, power lost),
 * and is reported when the case is opened again or verified.
 */
import { randomUUID } from 'node:crypto';
import type { CustodyLog } from './custody.js';

export type RunKind = 'investigation' | 'import';
export type RunOutcome = 'done' | 'done-with-problems' | 'cancelled' | 'failed';

export interface UnfinishedRun {
  kind: RunKind;
  runId: string;
  seq: number;
  at: string;
  actor: string;
}

/** Records that a run starts and returns its id, to be passed to `finishRun`. */
export function startRun(custody: CustodyLog, kind: RunKind, detail: Record<string, unknown>, actor?: string): string {
  const runId = randomUUID();
  custody.append(`${kind}.started`, { runId, ...detail }, actor);
  return runId;
}

/** Records how a run ended; called on every path out of the run. */
export function finishRun(custody: CustodyLog, kind: RunKind, runId: string, outcome: RunOutcome, detail: Record<string, unknown>, actor?: string): void {
  custody.append(`${kind}.finished`, { runId, outcome, ...detail }, actor);
}

/** Runs that started but never recorded how they ended (entries from before run ids existed are not judged). */
export function unfinishedRuns(custody: CustodyLog): UnfinishedRun[] {
  const open = new Map<string, UnfinishedRun>();
  for (const e of custody.entries()) {
    const m = /^(investigation|import)\.(started|finished)$/.exec(e.action);
    const runId = (e.detail as { runId?: unknown } | null)?.runId;
    if (!m || typeof runId !== 'string') continue;
    if (m[2] === 'started') open.set(runId, { kind: m[1] as RunKind, runId, seq: e.seq, at: e.at, actor: e.actor });
    else open.delete(runId);
  }
  return [...open.values()];
}

/** One sentence per interrupted run, for the warnings of the next run and for `leakscope verify`. */
export function describeUnfinished(run: UnfinishedRun): string {
  return `An earlier ${run.kind} (custody entry ${run.seq}, started ${run.at} by ${run.actor}) never finished: it was interrupted, and any output folder it was writing is incomplete`;
}
