/**
 * `leakscope collect` end to end against the fake org: the token from SF_ACCESS_TOKEN or standard
 * input (never argv), progress on stderr, the exit code, the summary; a second run continues the
 * bundle; the token appears in no file written and in nothing printed.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../shared/bundle.js';
import { startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const execFileP = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const TOKEN = '00D5j000000NWDm!AQEAQCliTestToken.value_3q9';

let org: FakeSalesforce;
beforeAll(async () => {
  org = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: TOKEN });
});
afterAll(async () => {
  await org.close();
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `input` on standard input. */
function runCli(args: string[], env: Record<string, string | undefined>, input = ''): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, SF_ACCESS_TOKEN: undefined, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const args = (out: string): string[] => ['collect', '--instance-url', org.url, '--out', out, '--from', '2025-07-20T00:00:00Z', '--to', '2025-07-28T00:00:00Z', '--types', 'RestApi,Login', '--types', 'ApiEvent,ReportEvent', '--objects', 'Account', '--progress'];

describe('leakscope collect', () => {
  it('takes the token from SF_ACCESS_TOKEN, shows progress, and writes a bundle investigate takes', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-cli-collect-')), 'bundle');
    const r = await runCli(args(out), { SF_ACCESS_TOKEN: TOKEN });
    expect(r.stderr).toMatch(/downloading\s+[\d.]+\/[\d.]+ MB {2}files \d+\/\d+/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Collected from Northwind Demo (00D5j000000NWDmEAO)');
    expect(r.stdout).toMatch(/not_licensed \d+/);
    const m = JSON.parse(readFileSync(path.join(out, 'bundle.json'), 'utf8')) as BundleManifest;
    const elfDays = m.files.filter((f) => f.kind === 'elf').map((f) => `${f.object} ${f.logFile!.logDate.slice(0, 13)}`).sort();
    const expected = [...['RestApi', 'Login'].flatMap((t) => readdirSync(path.join(demo, 'elf', t)).map((n) => `${t} ${n.slice(t.length + 1, t.length + 11)}T00`)),
      ...['RestApi', 'Login'].flatMap((t) => readdirSync(path.join(demo, 'elf-hourly', t)).map((n) => `${t} ${n.slice(t.length + 1, t.length + 14)}`))]
      .filter((k) => k.slice(-13, -3) >= '2025-07-20' && k.slice(-13, -3) < '2025-07-28').sort();
    expect(elfDays).toEqual(expected);
    expect(m.request.rtemObjects).toEqual(['ApiEvent', 'ReportEvent']);

    const inv = await execFileP(process.execPath, [cli, 'import', out, '--case', path.join(path.dirname(out), 'case')], { maxBuffer: 32 * 1024 * 1024 });
    expect(inv.stdout).not.toMatch(/not loaded/);
    const again = await runCli(args(out), { SF_ACCESS_TOKEN: TOKEN });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 file\(s\) saved .*, \d+ already there and verified/);
    const written = readdirSync(path.dirname(out), { recursive: true, encoding: 'utf8' }).map((f) => path.join(path.dirname(out), f)).filter((f) => statSync(f).isFile());
    for (const f of written) expect(readFileSync(f).includes(TOKEN), `${f} holds the token`).toBe(false);
    for (const text of [r.stdout, r.stderr, again.stdout, again.stderr, inv.stdout]) expect(text).not.toContain(TOKEN);
  });

  it('reads the token from standard input when SF_ACCESS_TOKEN is unset', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-cli-collect-')), 'bundle');
    const r = await runCli([...args(out), '--json'], {}, `${TOKEN}\n`);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout) as { complete: boolean; org: { id: string } };
    expect(o).toMatchObject({ complete: true, org: { id: '00D5j000000NWDmEAO' } });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('refuses a token on the command line, and a wrong one with a clear message', async () => {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-cli-collect-')), 'bundle');
    const onArgv = await runCli([...args(out), '--access-token', TOKEN], {});
    expect(onArgv.code).toBe(2);
    expect(onArgv.stderr).toMatch(/never taken from the command line/);
    const wrong = await runCli(args(out), { SF_ACCESS_TOKEN: 'not-the-token' });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/refused the pasted access token \(HTTP 401 INVALID_SESSION_ID/);
    const none = await runCli(args(out), {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no access token/);
  });
});
