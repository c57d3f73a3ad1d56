/** Per-statement timing for the benchmark: wraps a CaseDb's run/all so each statement's wall time is summed by its text. */
import type { CaseDb } from '../electron/engine/store/duck.js';

export interface StatementTimes {
  /** The `top` costliest statements by CPU time (summed over repeats), one line each, for stderr. */
  report(top: number): string;
}

/**
 * Instruments `db` in place (bench only) so the slowest statements of a run can be named; given
 * `CaseDb.prototype`, every database the run opens (the whole `investigate`).
 */
export function profileStatements(db: CaseDb | typeof CaseDb.prototype): StatementTimes {
  const totals = new Map<string, { ms: number; cpuMs: number; n: number }>();
  // LEAKSCOPE_BENCH_TRACE=1: each statement as it ends, to see where a long run is.
  const trace = Boolean(process.env['LEAKSCOPE_BENCH_TRACE']);
  const wrap = <A extends unknown[], R>(fn: (this: CaseDb, ...a: A) => Promise<R>) => async function (this: CaseDb, ...a: A): Promise<R> {
    const q = a[0] as { text?: string } | string;
    const text = (typeof q === 'string' ? q : q.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 160);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // The highest resident memory sampled while the statement runs (DuckDB works in its own threads meanwhile).
    let peak = 0;
    const sampler = trace ? setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50) : null;
    try {
      // LEAKSCOPE_BENCH_EXPLAIN=<text>: a statement whose text holds it runs as EXPLAIN ANALYZE (same effect), its plan on stderr.
      const explain = process.env['LEAKSCOPE_BENCH_EXPLAIN'];
      if (explain && typeof q === 'object' && text.includes(explain)) {
        const plan = await CaseDbAll.call(this, { ...q, text: `EXPLAIN ANALYZE ${q.text}` } as never) as Record<string, unknown>[];
        for (const row of plan) process.stderr.write(Object.values(row).join('\n') + '\n');
        return (fn === CaseDbAll ? plan : undefined) as R;
      }
      return await fn.apply(this, a);
    } finally {
      const cpu = process.cpuUsage(cpu0);
      const cur = totals.get(text) ?? { ms: 0, cpuMs: 0, n: 0 };
      cur.ms += performance.now() - t0;
      cur.cpuMs += (cpu.user + cpu.system) / 1000;
      cur.n++;
      totals.set(text, cur);
      if (sampler) clearInterval(sampler);
      if (trace) process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${((performance.now() - t0) / 1000).toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB (peak ${(Math.max(peak, process.memoryUsage().rss) / 1048576).toFixed(0)} MB)  ${text.slice(0, 100)}\n`);
    }
  };
  const d = db as unknown as { run: CaseDb['run']; all: CaseDb['all'] };
  const CaseDbAll = db.all as (this: CaseDb, ...a: unknown[]) => Promise<unknown>;
  d.run = wrap(db.run);
  d.all = wrap(db.all) as CaseDb['all'];
  return {
    // By CPU time (the process's, DuckDB's threads included): comparable while other work shares the machine.
    report: (top) => [...totals.entries()].sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, top)
      .map(([t, v]) => `${(v.cpuMs / 1000).toFixed(2).padStart(7)} CPU-s ${(v.ms / 1000).toFixed(2).padStart(7)} s ×${v.n}  ${t}\n`).join(''),
  };
}
