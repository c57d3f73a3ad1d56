/** Per-statement timing for the benchmark: wraps a CaseDb's run/all so each statement's wall time is summed by its text. */
import type { CaseDb } from '../electron/engine/store/duck.js';

export interface StatementTimes {
  /** The `top` slowest statements (summed over repeats), one line each, for stderr. */
  report(top: number): string;
}

/** Instruments `db` in place (bench only) so the slowest statements of a run can be named. */
export function profileStatements(db: CaseDb): StatementTimes {
  const totals = new Map<string, { ms: number; n: number }>();
  const wrap = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const q = a[0] as { text?: string } | string;
    const text = (typeof q === 'string' ? q : q.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);
    const t0 = performance.now();
    try {
      return await fn(...a);
    } finally {
      const cur = totals.get(text) ?? { ms: 0, n: 0 };
      cur.ms += performance.now() - t0;
      cur.n++;
      totals.set(text, cur);
    }
  };
  const d = db as unknown as { run: CaseDb['run']; all: CaseDb['all'] };
  d.run = wrap(db.run.bind(db));
  d.all = wrap(db.all.bind(db)) as CaseDb['all'];
  return {
    report: (top) => [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)
      .map(([t, v]) => `${(v.ms / 1000).toFixed(2).padStart(7)} s ×${v.n}  ${t}\n`).join(''),
  };
}
