/**
 * report.pdf lists the case's notes, bookmarks and tags by target, read back with pdftotext: privileged notes are left
 * out (and counted) unless `--include-privileged` is given, and then each is marked PRIVILEGED and the report carries
 * the privileged marking; a retracted note is not listed; a note taken after the report's custody head waits for the
 * next report.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText, section } from '../helpers/pdf.js';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');

let dir: string;
let caseDir: string;
let shareable: string;
let privileged: string;

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function must(...args: string[]): string {
  const r = run(...args);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

const flat = (file: string): string => pdfText(file, false).replace(/\s+/g, ' ');

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-report-notes-'));
  const evidence = path.join(dir, 'evidence');
  mkdirSync(evidence);
  writeFileSync(path.join(evidence, 'Login-2025-07-26.csv'), '"EVENT_TYPE","TIMESTAMP","USER_ID","SOURCE_IP"\n"Login","20250726222419.439","0055j000000utlP","203.0.113.9"\n');
  caseDir = path.join(dir, 'out', 'case');
  must('investigate', evidence, '--out', path.join(dir, 'out'), '--aware-at', '2025-07-28T09:00:00Z');
  must('note', caseDir, 'case', 'Kick-off call with the client held; scope agreed as the Login evidence only.', '--tag', 'scope', '--tag', 'client');
  must('note', caseDir, 'source:1', 'Login file handed over by the client admin on a USB stick.', '--tag', 'chain-of-custody');
  must('note', caseDir, 'source:1', '--bookmark', '--tag', 'scope');
  must('note', caseDir, 'case', 'Counsel thinks the notice to the regulator can wait for the forensic memo.', '--privileged', '--tag', 'counsel');
  must('note', caseDir, 'case', 'Wrong note about the timeline.');
  must('note', caseDir, '--retract', 'N-5', '--reason', 'taken on the wrong case');
  must('report', caseDir, '--out', path.join(dir, 'shareable'));
  must('report', caseDir, '--out', path.join(dir, 'privileged'), '--include-privileged');
  shareable = path.join(dir, 'shareable', 'report.pdf');
  privileged = path.join(dir, 'privileged', 'report.pdf');
}, 300_000);

describe('notes in report.pdf', () => {
  it('lists every shareable note and bookmark by target, with its tags, author and time, and the tags with their targets', () => {
    const text = section(pdfText(shareable, false), '9. Notes, bookmarks and tags', 'Appendix A');
    const words = text.replace(/\s+/g, ' ');
    expect(words).toContain('3 notes and bookmarks');
    expect(words).toContain('Kick-off call with the client held; scope agreed as the Login evidence only.');
    expect(words).toContain('Login file handed over by the client admin on a USB stick.');
    expect(words).toContain('N-3 bookmark');
    // By target: the case's note before the source's.
    expect(words.indexOf('Kick-off call')).toBeLessThan(words.indexOf('Login file handed over'));
    expect(words.indexOf('Login file handed over')).toBeLessThan(words.indexOf('N-3 bookmark'));
    // The tag table: scope on two notes (the case and source 1), client and chain-of-custody on one.
    expect(words).toMatch(/Tags Tag Notes On chain-of-custody 1 source:1 client 1 case scope 2 case, source:1/);
  });

  it('leaves the privileged note out of the shareable report, says so, and keeps the neutral marking', () => {
    const words = flat(shareable);
    expect(words).not.toContain('Counsel thinks');
    expect(words).not.toContain('counsel 1');
    expect(words).toContain('1 privileged note is left out of this report');
    expect(words).toContain('CONFIDENTIAL — contains personal data');
    expect(words).not.toContain('ATTORNEY WORK PRODUCT');
  });

  it('with --include-privileged prints it marked PRIVILEGED, and marks every page privileged & confidential', () => {
    const text = pdfText(privileged, false);
    const words = text.replace(/\s+/g, ' ');
    expect(words).toMatch(/N-4 PRIVILEGED \[PRIVILEGED\] Counsel thinks the notice to the regulator can wait for the forensic memo\./);
    expect(words).toContain('1 privileged note is included, each marked PRIVILEGED');
    const pages = text.split('\f').filter((p) => p.trim());
    for (const [i, p] of pages.entries()) expect(p, `page ${i + 1}`).toContain('PRIVILEGED & CONFIDENTIAL — ATTORNEY WORK PRODUCT');
  });

  it('does not list the retracted note, and counts it', () => {
    for (const file of [shareable, privileged]) {
      const words = flat(file);
      expect(words).not.toContain('Wrong note about the timeline');
      expect(words).toContain('1 retracted note is not listed');
    }
  });

  it('a note taken after the report waits for the next report; the same case writes the same report', () => {
    must('report', caseDir, '--out', path.join(dir, 'again'));
    expect(spawnSync('cmp', [shareable, path.join(dir, 'again', 'report.pdf')]).status).toBe(0);
    must('note', caseDir, 'case', 'Second look at the Login file: nothing more.');
    must('report', caseDir, '--out', path.join(dir, 'later'));
    const later = flat(path.join(dir, 'later', 'report.pdf'));
    expect(later).toContain('Second look at the Login file: nothing more.');
    expect(later).toContain('4 notes and bookmarks');
  });
});
