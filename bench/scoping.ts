/**
 * Scoping benchmark (issue #8): 20 exports replayed over a generated Contact + Account snapshot,
 * beside DuckDB's own scan of that snapshot. `npm run build && node dist/bench/scoping.js --records 5000000`
 * (default 200,000). Prints wall time and peak RSS; the integrator runs the full size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LogicalExport } from '../shared/domain.js';
import { REC } from '../electron/engine/intake/internalColumns.js';
import { buildSnapshots } from '../electron/engine/intake/snapshots.js';
import { loadJurisdictionData } from '../electron/engine/jurisdiction/loadTables.js';
import { buildAffectedTable } from '../electron/engine/scoping/affectedTable.js';
import { scopeExports } from '../electron/engine/scoping/replay.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { raw, sql } from '../electron/engine/store/sql.js';
import { profileStatements } from './profile.js';

const args = process.argv.slice(2);
const records = Number(args[args.indexOf('--records') + 1] ?? 200_000) || 200_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'leakscope-scoping-'));
const db = await CaseDb.open(path.join(dir, 'case.duckdb'), { threads: 2 });
const times = process.env['LEAKSCOPE_BENCH_PROFILE'] || process.env['LEAKSCOPE_BENCH_TRACE'] ? profileStatements(db) : null;
const secs = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const v = await f();
  return [v, Number(process.hrtime.bigint() - t) / 1e9];
};

await db.run(sql`CREATE TABLE snapshot_tables (object VARCHAR NOT NULL, org_id VARCHAR, org_basis VARCHAR, table_name VARCHAR PRIMARY KEY, source_ids VARCHAR NOT NULL)`);
const id = (prefix: string, n: string): string => `'${prefix}' || 'Ab' || lpad(CAST(${n} AS VARCHAR), 10, '0')`;
await db.run(sql`CREATE TABLE src_account AS SELECT ${raw(id('001', 'i'))} AS "Id", 'Account ' || i AS "Name", CASE WHEN i % 3 = 0 THEN 'Customer' ELSE 'Prospect' END AS "Type", '2024-01-01T00:00:00.000Z' AS "CreatedDate", CAST(i AS VARCHAR) AS ${raw(REC)} FROM range(${Math.max(1, Math.floor(records / 10))}) t(i)`);
await db.run(sql`CREATE TABLE src_contact AS SELECT ${raw(id('003', 'i'))} AS "Id", ${raw(id('001', `i % ${Math.max(1, Math.floor(records / 10))}`))} AS "AccountId", 'Name' || (i % 1000) AS "LastName", 'p' || i || '@example.' || CASE WHEN i % 4 = 0 THEN 'de' ELSE 'com' END AS "Email", strftime(TIMESTAMP '2024-01-01' + INTERVAL (i % 500) DAY, '%Y-%m-%dT%H:%M:%S.000Z') AS "CreatedDate", CAST(i AS VARCHAR) AS ${raw(REC)} FROM range(${records}) t(i)`);
await buildSnapshots(db, [{ id: 1, object: 'Account', table: 'src_account' }, { id: 2, object: 'Contact', table: 'src_contact' }]);

const [, scanSeconds] = await secs(() => db.all(sql`SELECT count(*) AS n FROM snap_contact WHERE lower("Email") LIKE '%.de'`));
const idList = (n: number): string => Array.from({ length: n }, (_, i) => `'003Ab${String(i * 7).padStart(10, '0')}'`).join(',');
const queries = [
  "SELECT Id, Email FROM Contact WHERE Email LIKE '%.de'",
  "SELECT Id, Email, Account.Name FROM Contact WHERE Account.Type = 'Customer'",
  'SELECT Id, Email FROM Contact WHERE CreatedDate = LAST_N_DAYS:30',
  'SELECT Id, Email FROM Contact ORDER BY LastName LIMIT 2000',
  `SELECT Id, Email FROM Contact WHERE Id IN (${idList(20_000)})`,
  `SELECT Id, Email FROM Contact WHERE Id IN (${idList(50_000)})`,
  "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE 'p1%')",
  'SELECT Name, (SELECT Email FROM Contacts LIMIT 5) FROM Account LIMIT 1000',
];
const exportsList: LogicalExport[] = Array.from({ length: 20 }, (_, i) => ({
  id: `x${i}`, channel: 'rest_query', integration: { connectedAppId: null, name: null, basis: 'none' } as unknown as LogicalExport['integration'],
  user: { id: null, username: null }, object: null, query: queries[i % queries.length] as string, start: '2025-05-16T12:00:00.000Z',
  end: '2025-05-16T12:00:01.000Z', rows: null, sourceIp: null, userAgent: null, sessionKey: null, loginKey: null, requestIds: [],
  suspicious: true, reasons: [], countOnly: false, evidence: [],
}));
if (args.includes('--each')) for (const q of queries) process.stdout.write(`${(await secs(() => scopeExports(db, [{ ...exportsList[0]!, query: q }])))[1].toFixed(2)} s  ${q.slice(0, 80)}\n`);
const [outcome, scopeSeconds] = await secs(() => scopeExports(db, exportsList, { onExport: (done) => process.stderr.write(`export ${done} ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB\n`) }));
process.stderr.write('building affected\n');
const geo = loadJurisdictionData(path.resolve(import.meta.dirname, '../../resources/jurisdictions'));
if (!geo.ok) throw new Error(geo.error.message);
const [affected, affectedSeconds] = await secs(() => buildAffectedTable(db, geo.value));
if (times) process.stderr.write(times.report(12));
db.close();
rmSync(dir, { recursive: true, force: true });
const rss = process.resourceUsage().maxRSS / 1024;
process.stdout.write(
  `| ${records.toLocaleString('en-US')} contacts | DuckDB scan (LIKE over the snapshot) | ${scanSeconds.toFixed(2)} s |\n` +
    `| ${records.toLocaleString('en-US')} contacts | scoping 20 exports | ${scopeSeconds.toFixed(2)} s | ${outcome.exposureCount.toLocaleString('en-US')} exposures, ${outcome.unresolved.length} unresolved |\n` +
    `| ${records.toLocaleString('en-US')} contacts | affected table (merge, residence, jurisdictions) | ${affectedSeconds.toFixed(2)} s | ${affected.toLocaleString('en-US')} records | peak RSS ${rss.toFixed(0)} MB |\n`,
);

