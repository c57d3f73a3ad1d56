/**
 * DuckDB settings for the analysis stages. The intake's `events` view joins each raw table to its
 * few-row file map; DuckDB estimates the raw side (a POSITIONAL scan) at ~0 rows and builds the hash
 * table on it — every scan of `events` then holds all its columns in memory (out of memory at 10
 * million events, and slow before that). Keeping the build side as written (the small file map on the
 * right) makes the scans stream.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/**
 * Runs `work` with the analysis plan settings, restoring DuckDB's defaults afterwards (also on error or cancel); inside
 * another `withAnalysisPlan` (the setting already made) it only runs `work`, leaving the outer one to restore it.
 */
export async function withAnalysisPlan<T>(db: CaseDb, work: () => Promise<T>): Promise<T> {
  const now = await db.one<{ v: string | null }>(sql`SELECT current_setting('disabled_optimizers')::VARCHAR AS v`);
  if ((now?.v ?? '').includes('build_side_probe_side')) return work();
  await db.run(sql`SET disabled_optimizers = 'build_side_probe_side'`);
  try {
    return await work();
  } finally {
    await db.run(sql`RESET disabled_optimizers`);
  }
}
