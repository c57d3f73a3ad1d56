/**
 * Time to first data of every workbench screen, through the same contract calls the UI makes
 * (dispatch, validation included), on a generated case: `node dist/bench/screens.js [--events N]
 * [--dir <folder for generated data>] [--case <case folder, kept>]` after `npm run build`. The case is
 * investigated once (with `--case`, only if that folder holds no finished run yet, so a 10 M-event case is
 * investigated once and measured again later); each screen's calls are then timed cold (first call) and warm (the
 * median of three more). LEAKSCOPE_BENCH_TRACE=1 prints every statement as it ends.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHandlers } from '../electron/engine/handlers.js';
import { dispatch } from '../electron/engine/dispatch.js';
import { CaseDb } from '../electron/engine/store/duck.js';
import { sql } from '../electron/engine/store/sql.js';
import { ensureReconDataset } from './generateRecon.js';
import { profileStatements } from './profile.js';

const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const events = Number(opt('events', '324000'));
const root = opt('dir', path.join(os.tmpdir(), 'leakscope-bench'));
const work = mkdtempSync(path.join(os.tmpdir(), 'ls-bench-screens-'));
const keptCase = opt('case', '');
if (process.env['LEAKSCOPE_BENCH_TRACE']) profileStatements(CaseDb.prototype);
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const handlers = createHandlers({ host: 'web', version: 'bench', configDir: path.join(work, 'config') });

async function call(channel: string, payload: unknown): Promise<unknown> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** CPU-seconds of the last timed call (the process's, DuckDB's threads included): what compares on a shared machine. */
let lastCpu = 0;
async function timed(channel: string, payload: unknown): Promise<number> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await call(channel, payload);
  const cpu = process.cpuUsage(cpu0);
  lastCpu = (cpu.user + cpu.system) / 1e6;
  return performance.now() - t0;
}

try {
  const ds = await ensureReconDataset(root, events);
  const caseDir = keptCase ? path.resolve(keptCase) : path.join(work, 'case');
  const loadBefore = load();
  let investigated = 'reused (investigated earlier)';
  if (!existsSync(path.join(caseDir, 'output', 'manifest.json'))) {
    mkdirSync(path.dirname(caseDir), { recursive: true });
    await call('case.create', { caseDir, name: 'bench' });
    const t0 = performance.now();
    await call('investigation.run', { evidencePaths: [ds.dir], caseDir, outDir: path.join(caseDir, 'output') });
    investigated = `investigate ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }
  // As the app and the loopback host do at start-up (HandlerOptions.warmUp): the jurisdiction tables are loaded before a case is opened.
  await call('jurisdiction.codes', {});
  const top = ((await call('integrations.page', { caseDir, limit: 1 })) as { rows: { orgId: string | null; appId: string | null }[] }).rows[0]!;
  const screens: [string, [string, unknown][]][] = [
    ['Cases (where the case stands, recent cases)', [['case.open', { caseDir }], ['case.recent', {}]]],
    ['Investigation (reopened: results, first exports page, timeline, duties, records)', [['case.results', { caseDir }], ['exports.page', { caseDir }], ['timeline.get', { caseDir }], ['duties.list', { caseDir }], ['investigation.records', { caseDir }]]],
    ['Integrations (first page, the top one opened)', [['integrations.page', { caseDir }], ['integrations.detail', { caseDir, orgId: top.orgId, appId: top.appId }]]],
    ['Scope (mapping and exposed fields; the suspicious set previewed)', [['mapping.get', { caseDir }], ['scope.preview', { caseDir, scope: {} }]]],
    ['Report (reports of the case)', [['report.list', { caseDir }]]],
  ];
  const lines = [`${events.toLocaleString('en-US')} generated events (${(ds.bytes / 1e6).toFixed(0)} MB); ${investigated}; load average (1, 5, 15 min) ${loadBefore} before, ${load()} when the screens were measured`, '', '| screen | call | first (ms) | first (CPU-s) | warm median of 3 (ms) |', '|---|---|---|---|---|'];
  const measure = async (list: [string, [string, unknown][]][]): Promise<void> => {
    for (const [screen, calls] of list) {
      let first = 0;
      let slowest = 0;
      let warmTotal = 0;
      for (const [channel, payload] of calls) {
        const cold = await timed(channel, payload);
        const coldCpu = lastCpu;
        const warm = [await timed(channel, payload), await timed(channel, payload), await timed(channel, payload)].sort((a, b) => a - b)[1]!;
        first += cold;
        slowest = Math.max(slowest, cold);
        warmTotal += warm;
        lines.push(`| ${screen} | \`${channel}\` | ${cold.toFixed(0)} | ${coldCpu.toFixed(2)} | ${warm.toFixed(0)} |`);
      }
      // The app makes a screen's calls at once (or one per click): its first data waits for the slowest; the sum is the calls one after the other.
      lines.push(`| **${screen}: time to first data** | the slowest call (all of them one after the other: ${first.toFixed(0)}) | **${slowest.toFixed(0)}** | | ${warmTotal.toFixed(0)} |`);
    }
  };
  await measure(screens);
  // Then the screens a user reaches from those (measured after them, as a user's session reaches them).
  // The calls a user's next clicks make: the first suspicious export opened with its first source line, a person looked up
  // by the email of an affected record (else its id), the exports filtered to the suspicious ones, the timeline zoomed to
  // one day. What they need is read from the tables directly, not through the calls measured (which would warm them).
  const probe = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
  const suspicious = await probe.one<{ id: string; start: string }>(sql`
    SELECT f.export_id AS id, strftime(min(x.start_ts), '%Y-%m-%dT%H:%M:%S.%gZ') AS start FROM flags f JOIN exports x USING (export_id) GROUP BY 1 ORDER BY 2, 1 LIMIT 1`);
  const firstEvidence = suspicious ? await probe.one<{ sourceId: number; record: number }>(sql`
    SELECT (event_id >> 32)::INTEGER AS "sourceId", (event_id & 4294967295)::BIGINT AS record FROM export_events WHERE export_id = ${suspicious.id} ORDER BY event_id LIMIT 1`) : null;
  const person = await probe.one<{ email: string | null; id: string }>(sql`SELECT email, id FROM affected ORDER BY is_person DESC, email IS NULL, id LIMIT 1`);
  probe.close();
  const day = suspicious ? { from: `${suspicious.start.slice(0, 10)}T00:00:00.000Z`, to: `${suspicious.start.slice(0, 10)}T23:59:59.999Z` } : { from: null, to: null };
  await measure([
    ['Exports (filtered to the suspicious, the first opened, its first source line)', [
      ['exports.page', { caseDir, filter: { suspicious: true } }],
      ...(suspicious ? [['exports.detail', { caseDir, exportId: suspicious.id }] as [string, unknown]] : []),
      ...(firstEvidence ? [['source.line', { caseDir, sourceId: Number(firstEvidence.sourceId), record: Number(firstEvidence.record) }] as [string, unknown]] : []),
    ]],
    ['Timeline (zoomed to the day of the first suspicious export)', [['timeline.get', { caseDir, ...day }]]],
    ['People (an affected person looked up by email, else a record by id)', [['investigation.records', { caseDir, search: person?.email ?? person?.id ?? 'nobody' }]]],
    ['Notes (the case\'s notes)', [['notes.list', { caseDir }]]],
  ]);
  lines.push('', `Load average when done: ${load()}.`);
  console.log(lines.join('\n'));
} finally {
  rmSync(work, { recursive: true, force: true });
}
