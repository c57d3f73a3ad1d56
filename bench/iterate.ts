/**
 * A developer's loop for the analysis stages (not part of `npm run bench`): intake + IP intelligence of a dataset once into
 * <keep>/base.duckdb, then each run copies it and times reconstruction and flags alone, with the statement profile.
 * `node dist/bench/iterate.js <dataset folder> <keep folder>`.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CustodyLog } from '../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../electron/engine/intake/intake.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { migrate } from '../electron/engine/store/migrate.js';
import { reconstructExportTables } from '../electron/engine/analysis/reconstruct.js';
import { buildIpIntel } from '../electron/engine/analysis/ipIntel.js';
import { detect } from '../electron/engine/analysis/rules/detect.js';
import { profileStatements } from './profile.js';

const resourcesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');
const [dir, keep] = process.argv.slice(2);
mkdirSync(keep!, { recursive: true });
const base = path.join(keep!, 'base.duckdb');
if (!existsSync(base)) {
  const db = await CaseDb.open(base);
  await migrate(db);
  const custody = CustodyLog.open(path.join(keep!, 'custody.sqlite'));
  await intakeEvidence(db, custody, [dir!]);
  custody.close();
  await buildIpIntel(db, resourcesDir);
  db.close();
}
const work = path.join(keep!, 'work.duckdb');
rmSync(work, { force: true });
rmSync(`${work}.wal`, { force: true });
copyFileSync(base, work);
const db = await CaseDb.open(work, process.env['LEAKSCOPE_ITER_MEMORY'] ? { memoryLimit: process.env['LEAKSCOPE_ITER_MEMORY'] } : {});
const times = profileStatements(db);
const stage = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await fn();
  const c = process.cpuUsage(c0);
  process.stderr.write(`${name}: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} CPU-s\n`);
  return r;
};
const outcome = await stage('reconstruct', () => reconstructExportTables(db));
const flagged = await stage('flags', () => detect(db, [], { resourcesDir }));
if (!flagged.ok) throw new Error(flagged.error.message);
process.stderr.write(times.report(30));
process.stderr.write(`${outcome.exports} exports, ${flagged.value.flaggedExports} flagged ${JSON.stringify(flagged.value.counts)}\n`);
db.close();
process.stderr.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
