/** One measured run in its own process, so peak memory is that run's alone. Prints one JSON line. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CustodyLog } from '../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../electron/engine/intake/intake.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { migrate } from '../electron/engine/store/migrate.js';
import { literal, sql } from '../electron/engine/store/sql.js';
import { reconstructExportTables } from '../electron/engine/analysis/reconstruct.js';
import { buildIpIntel } from '../electron/engine/analysis/ipIntel.js';
import { detect } from '../electron/engine/analysis/rules/detect.js';
import { investigate } from '../electron/engine/investigate.js';
import { fileURLToPath } from 'node:url';
import { profileStatements, type StatementTimes } from './profile.js';

const resourcesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');

const [mode, dir] = process.argv.slice(2);
const work = mkdtempSync(path.join(os.tmpdir(), `ls-bench-${mode}-`));
const started = performance.now();
const cpuStart = process.cpuUsage();
let rows = 0;
const extra: Record<string, number> = {};
const db = await CaseDb.open(path.join(work, 'case.duckdb'));
if (mode === 'duckdb-all') {
  // Every CSV under the folder (several headers), as DuckDB alone would load them.
  const glob = path.join(dir!, '**', '*.csv');
  await db.run(sql`CREATE TABLE t AS SELECT * FROM read_csv(${literal(glob)}, all_varchar = true, header = true, union_by_name = true)`);
  rows = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM t`))?.n ?? 0;
} else if (mode === 'reconstruct') {
  // Intake, then each analysis stage timed on its own (wall and CPU); LEAKSCOPE_BENCH_PROFILE=1 prints the slowest statements.
  const times: StatementTimes | null = process.env['LEAKSCOPE_BENCH_PROFILE'] ? profileStatements(db) : null;
  const stage = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await work();
    const cpu = process.cpuUsage(cpu0);
    extra[`${name}Seconds`] = (performance.now() - t0) / 1000;
    extra[`${name}CpuSeconds`] = (cpu.user + cpu.system) / 1e6;
    return result;
  };
  await migrate(db);
  const custody = CustodyLog.open(path.join(work, 'custody.sqlite'));
  const report = await stage('intake', () => intakeEvidence(db, custody, [dir!]));
  rows = report.events;
  custody.close();
  await stage('ipIntel', () => buildIpIntel(db, resourcesDir));
  const outcome = await stage('reconstruct', () => reconstructExportTables(db));
  const flagged = await stage('flags', () => detect(db, [], { resourcesDir }));
  if (!flagged.ok) throw new Error(flagged.error.message);
  extra['exports'] = outcome.exports;
  extra['flaggedExports'] = flagged.value.flaggedExports;
  if (times) process.stderr.write(times.report(25) + JSON.stringify(flagged.value.counts) + '\n');
} else if (mode === 'investigate') {
  // LEAKSCOPE_BENCH_PROFILE / LEAKSCOPE_BENCH_TRACE: every statement of every database the run opens.
  const times: StatementTimes | null = process.env['LEAKSCOPE_BENCH_PROFILE'] || process.env['LEAKSCOPE_BENCH_TRACE'] ? profileStatements(CaseDb.prototype) : null;
  const out = path.join(work, 'out');
  const r = await investigate({
    evidencePaths: [dir!], outDir: out, resourcesDir, tool: { name: 'leakscope-bench', version: '0' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  rows = r.value.sources.reduce((n, s) => n + s.rows, 0);
  extra['exports'] = r.value.exportCounts.total;
  if (times && process.env['LEAKSCOPE_BENCH_PROFILE']) process.stderr.write(times.report(40));
} else if (mode === 'duckdb') {
  const glob = path.join(dir!, '*.csv');
  await db.run(sql`CREATE TABLE t AS SELECT * FROM read_csv(${literal(glob)}, all_varchar = true, header = true)`);
  rows = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM t`))?.n ?? 0;
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
