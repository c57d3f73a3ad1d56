/**
 * TEMPORARY (until the rules engineer's SQL rule pack fills `flags`): today's JavaScript flagging
 * (suspicion.ts) run on the exports read back from the `exports` table, its reasons written to
 * `flags`. It reads every export into memory, which the SQL rules will not.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { buildBaselines } from './baseline.js';
import { readExportPage } from './exportReader.js';
import { loadIndicators } from './indicators.js';
import { flagExports } from './suspicion.js';

/** Flags the reconstructed exports with the JavaScript rules and writes `flags`. */
export async function flagExportsFromTables(db: CaseDb, resourcesDir: string): Promise<void> {
  const exports = await readExportPage(db, sql`true`, 0, Number.MAX_SAFE_INTEGER);
  flagExports(exports, await buildBaselines(db), loadIndicators(resourcesDir));
  await db.run(sql`DELETE FROM flags`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE js_flags (export_id VARCHAR, code VARCHAR, message VARCHAR)`);
  await db.appendRows('js_flags', exports.flatMap((x) => x.reasons.map((r) => [x.id, r.code, r.message])));
  await db.run(sql`INSERT INTO flags SELECT export_id, code, message, NULL FROM js_flags`);
  await db.run(sql`DROP TABLE js_flags`);
}
