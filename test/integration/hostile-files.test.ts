/**
 * Hostile evidence, as a red team would hand it over: unreadable files, symbolic link cycles, FIFOs,
 * hidden entries, names that are not UTF-8 or carry terminal escapes, a zip of 100,000 members and a
 * gzip bomb. Each former hang is driven through the real CLI (`node bin/leakscope.js`, built by
 * `npm run build`) in a child process with a deadline, so a hang fails the test instead of stalling
 * it; every expectation is computed from the files the test itself wrote.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { SkippedItem } from '../../shared/domain.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { importEvidence } from '../../electron/engine/importCase.js';
import { buildZip } from '../helpers/zipWriter.js';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

const LOGIN = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID","CLIENT_IP"';
/** One Login event per hour from 2025-01-01, so files never overlap in time. */
const loginAt = (hour: number): string => {
  const t = new Date(Date.UTC(2025, 0, 1) + hour * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `"Login","${t}.000","R${hour}","0055j000000utlP","203.0.113.${hour % 250}"`;
};
const loginCsv = (firstHour: number, rows: number): string => [LOGIN, ...Array.from({ length: rows }, (_, i) => loginAt(firstHour + i))].join('\n') + '\n';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
function workspace(): { root: string; evidence: string; caseDir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-hostile-'));
  temps.push(dir);
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  return { root: dir, evidence, caseDir: path.join(dir, 'case') };
}

interface CliRun { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
/** Runs the CLI to its end, or kills it at the deadline (status null): a hang fails, it never stalls the suite. */
function leakscope(args: string[], options: { asUser?: string; deadlineMs?: number } = {}): CliRun {
  const [cmd, argv] = options.asUser
    ? ['setpriv', [`--reuid=${options.asUser}`, '--regid=nogroup', '--clear-groups', process.execPath, cli, ...args]]
    : [process.execPath, [cli, ...args]];
  // Another user signs custody with a key of its own (the test key folder belongs to root).
  const env = options.asUser ? { ...process.env, LEAKSCOPE_KEY_DIR: path.join(os.tmpdir(), `leakscope-test-keys-${options.asUser}`) } : process.env;
  const r = spawnSync(cmd, argv as string[], { encoding: 'utf8', env, timeout: options.deadlineMs ?? 90_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The custody actions of a case, in order, with their details. */
function custodyOf(caseDir: string): { action: string; detail: Record<string, unknown> }[] {
  const log = CustodyLog.open(path.join(caseDir, 'custody.sqlite'));
  try {
    return log.entries().map((e) => ({ action: e.action, detail: e.detail as Record<string, unknown> }));
  } finally {
    log.close();
  }
}

const canDropPrivileges = process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', 'true']).status === 0;

describe('one file that cannot be read', () => {
  // Root reads a chmod-000 file anyway, so the import runs as the unprivileged user "nobody".
  it.skipIf(!canDropPrivileges)('is listed (and so is an unreadable folder), the others are imported, and the CLI exits with 1 (done with problems)', () => {
    const w = workspace();
    chmodSync(w.root, 0o777);
    writeFileSync(path.join(w.evidence, 'Login-a.csv'), loginCsv(0, 7));
    writeFileSync(path.join(w.evidence, 'Login-b.csv'), loginCsv(100, 5));
    const secret = path.join(w.evidence, 'Login-secret.csv');
    writeFileSync(secret, loginCsv(200, 3));
    chmodSync(secret, 0o000);
    const locked = path.join(w.evidence, 'locked');
    mkdirSync(locked);
    writeFileSync(path.join(locked, 'Login-c.csv'), loginCsv(300, 2));
    chmodSync(locked, 0o000);
    const r = leakscope(['import', w.evidence, '--case', w.caseDir, '--json'], { asUser: 'nobody' });
    expect(r.signal).toBeNull(); // it ended by itself: no dangling handle kept it alive
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { sources: { path: string; rows: number }[]; skipped: SkippedItem[]; events: number };
    expect(out.sources.map((s) => [path.basename(s.path), s.rows])).toEqual([['Login-a.csv', 7], ['Login-b.csv', 5]]);
    expect(out.events).toBe(12);
    expect(out.skipped).toEqual([ // the walk's findings first, then what failed when opened
      { path: locked, kind: 'unreadable', reason: 'folder cannot be read (EACCES)' },
      { path: secret, kind: 'unreadable', reason: 'cannot be read (EACCES); not imported' },
    ]);
    const custody = custodyOf(w.caseDir);
    expect(custody.filter((e) => e.action === 'source.skipped').map((e) => e.detail)).toEqual(out.skipped);
    // The run's last entry, then the state of the closed case database (case.file_state, so reopening need not re-hash it).
    expect(custody.at(-2)).toMatchObject({ action: 'import.finished', detail: { outcome: 'done-with-problems', added: 2, skipped: 2 } });
    expect(custody.at(-1)).toMatchObject({ action: 'case.file_state' });
  });
});

describe('the folder walk', () => {
  it('ends on a symbolic link cycle, follows links inside the evidence only, and lists FIFOs, hidden files and bad names', async () => {
    const w = workspace();
    writeFileSync(path.join(w.evidence, 'Login-a.csv'), loginCsv(0, 4));
    mkdirSync(path.join(w.evidence, 'sub'));
    writeFileSync(path.join(w.evidence, 'sub', 'Login-b.csv'), loginCsv(10, 3));
    symlinkSync('.', path.join(w.evidence, 'loop')); // ln -s . loop
    symlinkSync('..', path.join(w.evidence, 'sub', 'up')); // back to the evidence folder: a cycle
    symlinkSync(path.join(w.evidence, 'sub', 'Login-b.csv'), path.join(w.evidence, 'Login-link.csv')); // inside: followed, same file once
    const outside = path.join(w.root, 'outside.csv');
    writeFileSync(outside, loginCsv(50, 2));
    symlinkSync(outside, path.join(w.evidence, 'Login-outside.csv'));
    execFileSync('mkfifo', [path.join(w.evidence, 'Login-pipe.csv')]); // opening it would block forever
    writeFileSync(path.join(w.evidence, '.Login-hidden.csv'), loginCsv(60, 1));
    writeFileSync(Buffer.concat([Buffer.from(`${w.evidence}/Login-`), Buffer.from([0xff, 0xfe]), Buffer.from('.csv')]), loginCsv(70, 1));

    const r = await importEvidence({ evidencePaths: [w.evidence], caseDir: w.caseDir });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.sources.map((s) => [path.relative(w.evidence, s.path), s.rows])).toEqual([['Login-a.csv', 4], ['sub/Login-b.csv', 3]]);
    expect(r.value.events).toBe(7);
    const e = w.evidence;
    expect(r.value.skipped.map((s) => [s.path, s.kind])).toEqual([
      [`${e}/.Login-hidden.csv`, 'hidden'],
      [`${e}/Login-outside.csv`, 'symlink'],
      [`${e}/Login-pipe.csv`, 'special'],
      [`${e}/Login-\\xff\\xfe.csv`, 'name'], // names are walked in byte order: 0xff after the letters
      [`${e}/loop`, 'cycle'],
      [`${e}/sub/up`, 'cycle'],
    ]);
    expect(r.value.skipped.find((s) => s.kind === 'special')!.reason).toBe('is a named pipe (FIFO), not a regular file; never opened, not imported');
    expect(r.value.skipped.find((s) => s.kind === 'symlink')!.reason).toContain(`symbolic link to ${outside}, outside the evidence folders`);
    expect(r.value.warnings).toContain(`symbolic link followed (it points inside the evidence): ${e}/Login-link.csv → ${e}/sub/Login-b.csv`);
    const logged = custodyOf(w.caseDir).filter((x) => x.action === 'source.skipped').map((x) => x.detail);
    expect(logged).toEqual(r.value.skipped);

    // A hidden file named explicitly is imported like any other.
    const again = await importEvidence({ evidencePaths: [path.join(w.evidence, '.Login-hidden.csv')], caseDir: w.caseDir });
    expect(again.ok && again.value.sources.find((s) => s.path.endsWith('.Login-hidden.csv'))?.rows).toBe(1);
  });
});

describe('archives', () => {
  it('a zip of 100,000 small members keeps the first 2,000, names the rest up front, and ends', () => {
    const w = workspace();
    const members = Array.from({ length: 100_000 }, (_, i) => ({ name: `logs/Login-${String(i).padStart(6, '0')}.csv`, data: Buffer.from(loginCsv(i, 1)), method: 'store' as const }));
    const zip = path.join(w.evidence, 'many.zip');
    writeFileSync(zip, buildZip(members));
    const r = leakscope(['import', zip, '--case', w.caseDir, '--json'], { deadlineMs: 170_000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { sources: { kind: string; rows: number; name: string }[]; skipped: SkippedItem[]; events: number };
    expect(out.skipped).toEqual([{
      path: zip, kind: 'member',
      reason: 'has 100000 members, more than the 2000 one extraction takes (nested archives included): the first 2000 were extracted, the other 98000 were not',
    }]);
    const loaded = out.sources.filter((s) => s.kind === 'elf');
    expect(loaded).toHaveLength(2000);
    expect(loaded.at(-1)!.name).toBe('many.zip!/logs/Login-001999.csv');
    expect(out.events).toBe(2000);
    expect(readdirSync(path.join(w.caseDir, 'extracted'))).toHaveLength(1);
  }, 180_000);

  it('a .gz bomb ahead of ordinary data is stopped by the ratio while streaming, and the next file is still taken in', async () => {
    const w = workspace();
    // 1 GiB of one repeated line as 100 concatenated gzip members (about 1 MB), then 24 MiB stored
    // without compression: against the whole file the ratio is only about 40:1, so a check on
    // the file size alone would extract all of it; what was consumed while streaming is over 1000:1.
    const line = `${loginAt(0)}\n`;
    const tenMiB = Buffer.from(line.repeat(Math.ceil((10 * 1024 * 1024) / line.length)));
    const bomb = gzipSync(tenMiB, { level: 9 });
    const noise = gzipSync(Buffer.alloc(24 * 1024 * 1024, 'A'), { level: 0 }); // level 0: stored, as large compressed as plain
    writeFileSync(path.join(w.evidence, 'Login-2025-01-01.csv.gz'), Buffer.concat([gzipSync(Buffer.from(`${LOGIN}\n`)), ...Array(100).fill(bomb), noise]));
    writeFileSync(path.join(w.evidence, 'Login-b.csv'), loginCsv(0, 3));
    const r = await importEvidence({ evidencePaths: [w.evidence], caseDir: w.caseDir });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const bombSkip = r.value.skipped.filter((s) => s.path.includes('Login-2025-01-01.csv'));
    expect(bombSkip).toHaveLength(1);
    expect(bombSkip[0]!.reason).toBe('exceeds the compression ratio limit (200:1 above 100 MiB); likely a zip bomb; stopped and deleted');
    expect(r.value.sources.find((s) => s.path.endsWith('Login-b.csv'))?.rows).toBe(3);
    const extracted = path.join(w.caseDir, 'extracted');
    const left = existsSync(extracted) ? readdirSync(extracted, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()) : [];
    expect(left).toEqual([]);
  }, 120_000);
});

describe('the CLI on hostile names and runs', () => {
  it('escapes control characters from evidence before they reach the terminal', () => {
    const w = workspace();
    const name = 'Login-\x1b[2J\nFAKE: all clear\r\u202egpj.csv';
    writeFileSync(path.join(w.evidence, name), loginCsv(0, 2));
    const r = leakscope(['import', w.evidence, '--case', w.caseDir]);
    expect(r.status).toBe(0);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(r.stdout.split('\n').some((l) => l.startsWith('FAKE'))).toBe(false);
    expect(r.stdout).toContain('Login-\\x1b[2J\\nFAKE: all clear\\r\\u202egpj.csv');
  });

  it('exit codes: 0 done, 2 bad usage, 3 evidence not found', () => {
    const w = workspace();
    writeFileSync(path.join(w.evidence, 'Login-a.csv'), loginCsv(0, 2));
    expect(leakscope(['import', w.evidence, '--case', w.caseDir]).status).toBe(0);
    expect(leakscope(['import', w.evidence, '--case', w.caseDir, '--no-such-option']).status).toBe(2);
    expect(leakscope(['import', path.join(w.root, 'missing'), '--case', w.caseDir]).status).toBe(3);
  });

  it('--out with files that are not a Leakscope output is refused and left as it was', () => {
    const w = workspace();
    const out = path.join(w.root, 'out');
    mkdirSync(path.join(out, 'affected'), { recursive: true });
    writeFileSync(path.join(out, 'affected', 'my-notes.txt'), 'keep me');
    writeFileSync(path.join(w.evidence, 'Login-a.csv'), loginCsv(0, 2));
    const r = leakscope(['investigate', w.evidence, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('already holds files that are not a Leakscope output');
    expect(readdirSync(out, { recursive: true })).toEqual(['affected', path.join('affected', 'my-notes.txt')]);
  });

  it('Ctrl+C cancels: exit 130, the run recorded as finished with outcome cancelled, nothing written to --out', async () => {
    const w = workspace();
    const out = path.join(w.root, 'out');
    const caseDir = path.join(w.root, 'case');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [cli, 'investigate', demo, '--out', out, '--case', caseDir, '--progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let sent = false;
      child.stderr.on('data', (d: Buffer) => {
        if (!sent && d.toString().includes('loading')) {
          sent = true;
          child.kill('SIGINT');
        }
      });
      child.on('exit', (status) => resolve(status));
    });
    expect(code).toBe(130);
    const custody = custodyOf(caseDir);
    expect(custody.at(-2)).toMatchObject({ action: 'investigation.finished', detail: { outcome: 'cancelled' } });
    expect(custody.at(-1)).toMatchObject({ action: 'case.file_state' });
    expect(custody.map((e) => e.action)).toContain('intake.cancelled');
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  }, 120_000);

  it('a killed run stays recorded as unfinished; the next run and verify say so; reruns replace only Leakscope files', async () => {
    const w = workspace();
    const out = path.join(w.root, 'out');
    const caseDir = path.join(w.root, 'case');
    // Kill the run (SIGKILL: no chance to clean up) once it is loading evidence.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [cli, 'investigate', demo, '--out', out, '--case', caseDir, '--progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr.on('data', (d: Buffer) => {
        if (d.toString().includes('loading')) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`run ended before it was killed (${signal})`))));
    });
    const actions = custodyOf(caseDir).map((e) => e.action);
    expect(actions.filter((a) => a === 'investigation.started')).toHaveLength(1);
    expect(actions).not.toContain('investigation.finished');
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(false);

    const verify = leakscope(['verify', caseDir]);
    expect(verify.stdout).toMatch(/^note {2}An earlier investigation \(custody entry 1, .*\) never finished/m);

    const second = leakscope(['investigate', demo, '--out', out, '--case', caseDir, '--json'], { deadlineMs: 170_000 });
    expect(second.status).toBe(0);
    const result = JSON.parse(second.stdout) as { warnings: string[] };
    expect(result.warnings[0]).toMatch(/^An earlier investigation \(custody entry 1, .*\) never finished: it was interrupted/);
    expect(custodyOf(caseDir).at(-2)).toMatchObject({ action: 'investigation.finished', detail: { outcome: 'done' } });
    expect(custodyOf(caseDir).at(-1)).toMatchObject({ action: 'case.file_state' });
    expect(existsSync(path.join(out, 'INCOMPLETE'))).toBe(false);
    expect(readdirSync(w.root).filter((n) => n.includes('.partial-'))).toEqual([]);

    // A file of the investigator's in the output folder survives a rerun; Leakscope's own files are replaced.
    writeFileSync(path.join(out, 'affected', 'my-notes.txt'), 'keep me');
    const before = readFileSync(path.join(out, 'manifest.json'), 'utf8');
    const third = leakscope(['investigate', demo, '--out', out, '--case', caseDir], { deadlineMs: 170_000 });
    expect(third.status).toBe(0);
    expect(readFileSync(path.join(out, 'affected', 'my-notes.txt'), 'utf8')).toBe('keep me');
    expect(readFileSync(path.join(out, 'manifest.json'), 'utf8')).not.toBe(before);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string }[] };
    const listed = new Set(manifest.outputs.map((o) => o.file));
    const onDisk = readdirSync(path.join(out, 'affected')).map((f) => `affected/${f}`).filter((f) => f !== 'affected/my-notes.txt');
    expect(onDisk.every((f) => listed.has(f))).toBe(true);
  }, 400_000);
});
