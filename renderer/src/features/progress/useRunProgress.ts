/**
 * Live figures of the run under way: asks the engine for its progress channel every ~400 ms
 * (one request at a time) while a run id is given, and forgets them when it is not.
 */
import { useEffect, useState } from 'react';
import type { RunProgress } from '../../../../shared/domain.js';
import type { ResponseOf } from '../../../../shared/contract.js';
import type { Result } from '../../../../shared/result.js';
import { api } from '../../bridge.js';

const POLL_MS = 400;

/** A fresh id for a run, in the contract's charset ([A-Za-z0-9_-], at most 64 characters). */
export function newRunId(): string {
  const c = globalThis.crypto;
  const id =
    typeof c.randomUUID === 'function'
      ? c.randomUUID()
      : Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ui-${id}`.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
}

/** The channels that report a run's progress by its id. */
type ProgressChannel = 'investigation.progress' | 'collect.progress' | 'report.progress';

/** The latest progress the engine reported for `runId` on `channel`; null before the first report and when no run is given. */
export function usePolledProgress<C extends ProgressChannel>(channel: C, runId: string | null): NonNullable<ResponseOf<C>> | null {
  const [progress, setProgress] = useState<NonNullable<ResponseOf<C>> | null>(null);
  useEffect(() => {
    setProgress(null);
    if (runId === null) return;
    let live = true;
    let timer: number | undefined;
    const poll = async (): Promise<void> => {
      const r = await (api[channel] as (req: { runId: string }) => Promise<Result<ResponseOf<C>>>)({ runId });
      if (!live) return;
      // A failed poll is not worth an alarm: the run itself reports its own outcome.
      if (r.ok && r.value) setProgress(r.value as NonNullable<ResponseOf<C>>);
      timer = window.setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [channel, runId]);
  return progress;
}

/** The latest progress of the investigation `runId`. */
export function useRunProgress(runId: string | null): RunProgress | null {
  return usePolledProgress('investigation.progress', runId);
}
