/**
 * `LEAKSCOPE_PROFILE=1`: the investigation's stages timed one by one (wall, CPU of the whole process — DuckDB's
 * threads included — and resident memory), one line per stage on stderr, so the cost of a run can be named.
 */

export interface StageProfile {
  /** Runs one stage of the investigation, timing it when profiling is on. */
  stage<T>(name: string, work: () => Promise<T> | T): Promise<T>;
}

/** The profiler of one run: a pass-through unless `LEAKSCOPE_PROFILE` is set (to anything but 0 or empty). */
export function stageProfile(env: Record<string, string | undefined> = process.env, write: (line: string) => void = (l) => process.stderr.write(l)): StageProfile {
  const on = Boolean(env['LEAKSCOPE_PROFILE']) && env['LEAKSCOPE_PROFILE'] !== '0';
  if (!on) return { stage: async (_name, work) => await work() };
  return {
    async stage(name, work) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        return await work();
      } finally {
        const cpu = process.cpuUsage(cpu0);
        const rss = process.memoryUsage().rss / 1048576;
        const peak = process.resourceUsage().maxRSS / 1024;
        write(`profile ${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s, RSS ${rss.toFixed(0)} MB (peak ${peak.toFixed(0)} MB)\n`);
      }
    },
  };
}
