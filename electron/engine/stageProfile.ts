/**
 * `LEAKSCOPE_PROFILE=1`: the investigation's stages timed one by one (wall, CPU of the whole process — DuckDB's
 * threads included — and resident memory), one line per stage on stderr, so the cost of a run can be named.
 * Given the case database, each line also says what DuckDB holds after the stage: memory in its buffer pool and
 * bytes spilled to its temp directory. `LEAKSCOPE_PROFILE=2` adds, per stage, DuckDB's memory by tag and every
 * temporary table still present (what a stage left behind for the next).
 */
import type { CaseDb } from './store/duck.js';
import { sql } from './store/sql.js';

export interface StageProfile {
  /** Runs one stage of the investigation, timing it when profiling is on. */
  stage<T>(name: string, work: () => Promise<T> | T): Promise<T>;
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);

/** What DuckDB holds now, as text for the profile line ('' when there is no open database or it cannot answer). */
async function duckState(db: CaseDb | null, detail: boolean): Promise<string> {
  if (!db) return '';
  try {
    const tags = await db.all<{ tag: string; mem: number; tmp: number }>(
      sql`SELECT tag, memory_usage_bytes::DOUBLE AS mem, temporary_storage_bytes::DOUBLE AS tmp FROM duckdb_memory() ORDER BY memory_usage_bytes DESC`,
    );
    const mem = tags.reduce((n, t) => n + t.mem, 0);
    const tmp = tags.reduce((n, t) => n + t.tmp, 0);
    let line = `; DuckDB ${mb(mem)} MB in memory, ${mb(tmp)} MB spilled`;
    if (detail) {
      const big = tags.filter((t) => t.mem + t.tmp >= 1048576).map((t) => `${t.tag} ${mb(t.mem)}+${mb(t.tmp)}`);
      const temps = await db.all<{ table_name: string; n: number }>(
        sql`SELECT table_name, estimated_size::BIGINT AS n FROM duckdb_tables() WHERE temporary ORDER BY estimated_size DESC`,
      );
      line += ` [by tag, MB in memory+spilled: ${big.join(', ') || 'none'}] [temporary tables: ${temps.map((t) => `${t.table_name} ${t.n} rows`).join(', ') || 'none'}]`;
    }
    return line;
  } catch {
    return '';
  }
}

/**
 * The profiler of one run: a pass-through unless `LEAKSCOPE_PROFILE` is set (to anything but 0 or empty).
 * `duck` gives the run's case database once it is open (null before), for DuckDB's share of memory.
 */
export function stageProfile(
  env: Record<string, string | undefined> = process.env,
  write: (line: string) => void = (l) => process.stderr.write(l),
  duck: () => CaseDb | null = () => null,
): StageProfile {
  const on = Boolean(env['LEAKSCOPE_PROFILE']) && env['LEAKSCOPE_PROFILE'] !== '0';
  if (!on) return { stage: async (_name, work) => await work() };
  const detail = env['LEAKSCOPE_PROFILE'] === '2';
  return {
    async stage(name, work) {
      const t0 = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        return await work();
      } finally {
        const cpu = process.cpuUsage(cpu0);
        const wall = (performance.now() - t0) / 1000;
        const rss = process.memoryUsage().rss / 1048576;
        const peak = process.resourceUsage().maxRSS / 1024;
        const duckLine = await duckState(duck(), detail);
        write(`profile ${name}: ${wall.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} CPU-s, RSS ${rss.toFixed(0)} MB (peak ${peak.toFixed(0)} MB)${duckLine}\n`);
      }
    },
  };
}
