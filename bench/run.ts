/**
 * `npm run bench`: Leakscope's intake beside DuckDB's own read_csv on the same generated
 * EventLogFile CSVs, in one run, each measurement in a fresh process. Writes the figures to
 * docs/BENCHMARKS.md. Options: --sizes 1000,5000 (MB) --dir <folder for generated data>.
 * Analysis: --events 10000000 runs only the analysis scenario — on generated mixed evidence over 40 days,
 * DuckDB's own load of the files beside Leakscope's intake, IP intelligence, reconstruction and flags —
 * then the whole `investigate` of a case of --investigate-events (default 324000; 0 skips it) beside
 * DuckDB's load of its files, and records both in their own block of docs/BENCHMARKS.md;
 * --investigate-only runs only the whole `investigate` of the --investigate-events case beside DuckDB's load of
 * its files (rows of the same block, the other rows kept); --no-write prints without touching the file.
 * --screens [--events N] [--case <folder>]: the time to first data of every workbench screen through the contract
 * calls the UI makes (bench/screens.ts), on a generated case investigated once (kept in --case).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDataset } from './generate.js';
import { ensureReconDataset, type ReconDataset } from './generateRecon.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
// --screens: the time to first data of every workbench screen (bench/screens.ts, with --events N and --case <folder>).
if (args.includes('--screens')) {
  const child = spawnSync(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'screens.js'), ...args.filter((a) => a !== '--screens')], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
const sizes = opt('sizes', '1000,5000').split(',').map(Number);
const dataRoot = opt('dir', path.join(os.tmpdir(), 'leakscope-bench'));
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

interface Measure { mode: string; rows: number; seconds: number; cpuSeconds: number; maxRssMb: number; exports?: number; flaggedExports?: number; [stage: string]: number | string | undefined }
const measure = (mode: string, dir: string): Measure =>
  // The worker's stderr (the statement profile and trace) goes straight to ours: buffered, a long trace overflowed maxBuffer and killed the run.
  JSON.parse(execFileSync(process.execPath, [path.join(here, 'worker.js'), mode, dir], { encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!) as Measure;
/** `investigate` in its own process with LEAKSCOPE_PROFILE=1: its per-stage lines (stderr) kept as `stage:<name>` entries. */
const measureInvestigate = (dir: string): Measure => {
  const r = spawnSync(process.execPath, [path.join(here, 'worker.js'), 'investigate', dir], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, LEAKSCOPE_PROFILE: '1' } });
  if (r.status !== 0) throw new Error(`investigate failed: ${r.stderr}`);
  const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
  for (const line of r.stderr.split('\n')) {
    const hit = /^profile (.+?): (.*)$/.exec(line);
    if (hit) m[`stage:${hit[1]}`] = hit[2];
  }
  return m;
};

const stampOf = (): string => `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`;
const writeBlock = (name: string, body: string): void => {
  if (args.includes('--no-write')) return;
  const docPath = path.join(root, 'docs', 'BENCHMARKS.md');
  const doc = readFileSync(docPath, 'utf8');
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  writeFileSync(docPath, doc.includes(begin) ? doc.slice(0, doc.indexOf(begin) + begin.length) + `\n${body}\n` + doc.slice(doc.indexOf(end)) : `${doc}\n${begin}\n${body}\n${end}\n`);
};

/** The rows of the whole `investigate` of a case beside DuckDB's load of the same files, with its stages. */
const investigateRows = (ds: ReconDataset, raw: Measure, inv: Measure): string[] => {
  const m = ds.events.toLocaleString('en-US');
  const stages = Object.keys(inv).filter((k) => k.startsWith('stage:')).map((k) => `${k.slice(6)} ${inv[k]}`);
  return [
    '| events | run | wall s | CPU s | peak RSS MB | result |', '|---|---|---|---|---|---|',
    `| ${m} | DuckDB read_csv of the same files → table | ${raw.seconds.toFixed(1)} | ${raw.cpuSeconds.toFixed(1)} | ${raw.maxRssMb.toFixed(0)} | ${raw.rows.toLocaleString('en-US')} rows |`,
    `| ${m} | Leakscope \`investigate\`, end to end (every output written) | ${inv.seconds.toFixed(1)} | ${inv.cpuSeconds.toFixed(1)} | ${inv.maxRssMb.toFixed(0)} | ${(inv.exports ?? 0).toLocaleString('en-US')} exports |`,
    `| ${m} | ratio investigate / DuckDB (wall; CPU) | **${(inv.seconds / raw.seconds).toFixed(1)}×**; ${(inv.cpuSeconds / raw.cpuSeconds).toFixed(1)}× | | | |`,
    ...(stages.length ? ['', 'Its stages (`LEAKSCOPE_PROFILE=1`; the output writers are inside "outputs"):', '', ...stages.map((s) => `- ${s}`)] : []),
  ];
};

const eventsArg = opt('events', '');
if (args.includes('--investigate-only')) {
  const small = Number(opt('investigate-events', '324000'));
  const dsSmall = await ensureReconDataset(dataRoot, small);
  const raw = measure('duckdb-all', dsSmall.dir);
  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  const table = investigateRows(dsSmall, raw, measureInvestigate(dsSmall.dir)).join('\n');
  const stamp = `${stampOf()} Load average (1, 5, 15 min) ${load} when it started.`;
  process.stdout.write(`\n${stamp}\n${table}\n`);
  writeBlock('bench-investigate', `${stamp}\n\n${table}`);
  process.exit(0);
}
if (eventsArg) {
  const events = Number(eventsArg);
  process.stdout.write(`Preparing about ${events.toLocaleString('en-US')} events of mixed evidence in ${dataRoot} …\n`);
  const ds = await ensureReconDataset(dataRoot, events);
  const raw = measure('duckdb-all', ds.dir);
  const ours = measure('reconstruct', ds.dir);
  const n = ds.events.toLocaleString('en-US');
  const num = (m: Measure, k: string): number => Number(m[k] ?? 0);
  const stageRow = (name: string, key: string, note = ''): string =>
    `| ${n} | ${name} | ${num(ours, `${key}Seconds`).toFixed(1)} | ${num(ours, `${key}CpuSeconds`).toFixed(1)} | | ${note} |`;
  const analysis = ['ipIntel', 'reconstruct', 'flags'].reduce((t, k) => t + num(ours, `${k}Seconds`), 0);
  const analysisCpu = ['ipIntel', 'reconstruct', 'flags'].reduce((t, k) => t + num(ours, `${k}CpuSeconds`), 0);
  const rows = [
    '| events | run | wall s | CPU s | peak RSS MB | result |', '|---|---|---|---|---|---|',
    `| ${n} | DuckDB read_csv of the same files → table | ${raw.seconds.toFixed(1)} | ${raw.cpuSeconds.toFixed(1)} | ${raw.maxRssMb.toFixed(0)} | ${raw.rows.toLocaleString('en-US')} rows |`,
    stageRow('Leakscope intake', 'intake', `${ours.rows.toLocaleString('en-US')} events`),
    stageRow('IP intelligence', 'ipIntel'),
    stageRow('reconstruction (SQL)', 'reconstruct', `${(ours.exports ?? 0).toLocaleString('en-US')} exports`),
    stageRow('flags (containment + every rule)', 'flags', `${(ours.flaggedExports ?? 0).toLocaleString('en-US')} flagged`),
    `| ${n} | **reconstruction + flags + IP intelligence** | **${analysis.toFixed(1)}** | ${analysisCpu.toFixed(1)} | | |`,
    `| ${n} | whole process (intake + analysis) | ${ours.seconds.toFixed(1)} | ${ours.cpuSeconds.toFixed(1)} | ${ours.maxRssMb.toFixed(0)} | |`,
  ];
  const small = Number(opt('investigate-events', '324000'));
  if (small > 0) {
    const dsSmall = await ensureReconDataset(dataRoot, small);
    const rawSmall = measure('duckdb-all', dsSmall.dir);
    const inv = measureInvestigate(dsSmall.dir);
    const m = dsSmall.events.toLocaleString('en-US');
    rows.push(
      `| ${m} | DuckDB read_csv of the same files → table | ${rawSmall.seconds.toFixed(1)} | ${rawSmall.cpuSeconds.toFixed(1)} | ${rawSmall.maxRssMb.toFixed(0)} | ${rawSmall.rows.toLocaleString('en-US')} rows |`,
      `| ${m} | Leakscope \`investigate\`, end to end (every output written) | ${inv.seconds.toFixed(1)} | ${inv.cpuSeconds.toFixed(1)} | ${inv.maxRssMb.toFixed(0)} | ${(inv.exports ?? 0).toLocaleString('en-US')} exports |`,
      `| ${m} | ratio investigate / DuckDB (wall) | **${(inv.seconds / rawSmall.seconds).toFixed(1)}×** | | | |`,
    );
  }
  const table = rows.join('\n');
  process.stdout.write(`\n${stampOf()}\n${table}\n`);
  writeBlock('bench-recon', `${stampOf()}\n\n${table}`);
  process.exit(0);
}

const lines: string[] = [];
for (const mb of sizes) {
  process.stdout.write(`Preparing ${mb} MB of EventLogFile CSV in ${dataRoot} …\n`);
  const ds = await ensureDataset(dataRoot, mb);
  const raw = measure('duckdb', ds.dir);
  const ours = measure('leakscope', ds.dir);
  const realMb = ds.bytes / 1024 / 1024;
  const row = (m: Measure, name: string): string =>
    `| ${mb} MB | ${name} | ${m.rows.toLocaleString('en-US')} | ${m.seconds.toFixed(1)} | ${m.cpuSeconds.toFixed(1)} | ${Math.round(m.rows / m.seconds).toLocaleString('en-US')} | ${(realMb / m.seconds).toFixed(0)} | ${m.maxRssMb.toFixed(0)} |`;
  lines.push(
    row(raw, 'DuckDB read_csv → table'),
    row(ours, 'Leakscope intake'),
    `| ${mb} MB | ratio Leakscope / DuckDB (wall; CPU) | | | | **${(raw.seconds / ours.seconds).toFixed(2)}×**; ${(raw.cpuSeconds / ours.cpuSeconds).toFixed(2)}× | | |`,
  );
  process.stdout.write(lines.slice(-3).join('\n') + '\n');
}

const table = ['| input | run | rows | wall s | CPU s | rows/s | MB/s | peak RSS MB |', '|---|---|---|---|---|---|---|---|', ...lines].join('\n');
const stamp = `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`;
const docPath = path.join(root, 'docs', 'BENCHMARKS.md');
const doc = readFileSync(docPath, 'utf8');
const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';
const updated = doc.includes(begin)
  ? doc.slice(0, doc.indexOf(begin) + begin.length) + `\n${stamp}\n\n${table}\n` + doc.slice(doc.indexOf(end))
  : `${doc}\n${begin}\n${stamp}\n\n${table}\n${end}\n`;
writeFileSync(docPath, updated);
process.stdout.write(`\n${stamp}\n${table}\nWritten to docs/BENCHMARKS.md\n`);
