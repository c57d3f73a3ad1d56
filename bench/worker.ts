/** One measured run in its own process, so peak memory is that run's alone. Prints one JSON line. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CustodyLog } from '../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../electron/engine/intake/intake.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { migrate } from '../electron/engine/store/migrate.js';
import { reconstructExportTables } from '../electron/engine/analysis/reconstruct.js';

const [mode, dir] = process.argv.slice(2);
const work = mkdtempSync(path.join(os.tmpdir(), `ls-bench-${mode}-`));
const started = performance.now();
const cpuStart = process.cpuUsage();
let rows = 0;
const extra: Record<string, number> = {};
const db = await CaseDb.open(path.join(work, 'case.duckdb'));
if (mode === 'duckdb-all') {
  // Every CSV under the folder (several headers), as DuckDB alone would load them.
  const glob = path.join(dir!, '**', '*.csv').replaceAll("'", "''");
  await db.run(`CREATE TABLE t AS SELECT * FROM read_csv('${glob}', all_varchar = true, header = true, union_by_name = true)`);
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM t'))?.n ?? 0;
} else if (mode === 'reconstruct') {
  await migrate(db);
  const custody = CustodyLog.open(path.join(work, 'custody.sqlite'));
  const report = await intakeEvidence(db, custody, [dir!]);
  rows = report.events;
  custody.close();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const outcome = await reconstructExportTables(db);
  const cpuRecon = process.cpuUsage(cpu0);
  extra['intakeSeconds'] = (t0 - started) / 1000;
  extra['reconstructSeconds'] = (performance.now() - t0) / 1000;
  extra['reconstructCpuSeconds'] = (cpuRecon.user + cpuRecon.system) / 1e6;
  extra['exports'] = outcome.exports;
} else if (mode === 'duckdb') {
  const glob = path.join(dir!, '*.csv').replaceAll("'", "''");
  await db.run(`CREATE TABLE t AS SELECT * FROM read_csv('${glob}', all_varchar = true, header = true)`);
  rows = (await db.one<{ n: number }>('SELECT count(*)::BIGINT AS n FROM t'))?.n ?? 0;
} else {
  await migrate(db);
  const custody = CustodyLog.open(path.join(work, 'custody.sqlite'));
  const report = await intakeEvidence(db, custody, [dir!]);
  rows = report.events + report.duplicates;
  custody.close();
}
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
db.close();
rmSync(work, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ mode, rows, seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024, ...extra }) + '\n');
