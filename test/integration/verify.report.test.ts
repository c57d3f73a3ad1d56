/** `leakscope verify <report dir>`: the outputs against the manifest, and the case against the custody head the manifest anchors. */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const run = (...args: string[]): { status: number | null; stdout: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout + r.stderr };
};

let out: string;
let caseDir: string;
let printedHead: string;

beforeAll(() => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-verify-report-'));
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  writeFileSync(path.join(evidence, 'Login-2025-07-26.csv'), '"EVENT_TYPE","TIMESTAMP","USER_ID","SOURCE_IP"\n"Login","20250726222419.439","0055j000000utlP","203.0.113.9"\n');
  out = path.join(dir, 'out');
  caseDir = path.join(dir, 'case');
  const r = run('investigate', evidence, '--out', out, '--case', caseDir);
  expect(r.status).toBe(0);
  printedHead = /Custody chain head: (\d+:[0-9a-f]{64})/.exec(r.stdout)![1]!;
});

describe('verify a report folder', () => {
  it('passes on an untouched report, anchored at the head its manifest recorded', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { custody: { head: string; signer: string } };
    expect(manifest.custody.head).toMatch(/^\d+:[0-9a-f]{64}$/);
    const r = run('verify', out, '--case', caseDir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Custody chain holds the anchored entry ${manifest.custody.head.split(':')[0]} unchanged`);
    expect(r.stdout).toContain(`signed by key ${manifest.custody.signer}`);
    expect(run('verify', caseDir, '--head', printedHead).status).toBe(0);
  });

  it('names a changed output file', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'ls-verify-copy-'));
    spawnSync('cp', ['-a', `${out}/.`, copy]);
    appendFileSync(path.join(copy, 'affected.json'), ' ');
    const r = run('verify', copy, '--case', caseDir);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}CHANGED output: affected\.json \(manifest [0-9a-f]{64}, now [0-9a-f]{64}\)/);
  });

  it('names a chain cut back below the head the manifest and the investigator recorded', () => {
    const db = new Database(path.join(caseDir, 'custody.sqlite'));
    db.exec('DROP TRIGGER custody_no_delete; DROP TRIGGER custody_signatures_no_delete;');
    const anchored = Number(printedHead.split(':')[0]);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { custody: { head: string } };
    // the manifest is anchored before the seal and the closing entry, so cut at its own entry: both anchors lie beyond the end
    const cut = Number(manifest.custody.head.split(':')[0]);
    expect(cut).toBeLessThan(anchored);
    db.prepare('DELETE FROM custody WHERE seq >= ?').run(cut);
    db.prepare('DELETE FROM custody_signatures WHERE seq >= ?').run(cut);
    db.close();
    const fromReport = run('verify', out, '--case', caseDir);
    expect(fromReport.status).toBe(1);
    expect(fromReport.stdout).toMatch(/FAIL {2}Custody chain truncated: the anchor names entry \d+, the log ends at \d+/);
    const fromNotes = run('verify', caseDir, '--head', printedHead);
    expect(fromNotes.stdout).toContain(`FAIL  Custody chain truncated: the anchor names entry ${anchored}, the log ends at ${cut - 1}`);
    expect(run('verify', caseDir, '--head', 'nonsense').status).toBe(2);
  });
});
