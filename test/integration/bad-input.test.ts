/**
 * Bad input never crashes and never loses data: each case is a real file taken in through the
 * same import the CLI and the app use; good rows are kept, bad ones quarantined with file, line
 * and reason, unusable files listed with the reason.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { importEvidence, type ImportOutcome } from '../../electron/engine/importCase.js';
import { buildZip } from '../helpers/zipWriter.js';

const LOGIN = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID","CLIENT_IP"';
const login = (n: number): string => `"Login","20250726${String(10 + (n % 10)).padStart(2, '0')}2419.${String(n % 1000).padStart(3, '0')}","R${n}","0055j000000utlP","203.0.113.${n % 250}"`;

function fresh(): { dir: string; caseDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-bad-'));
  const dir = path.join(root, 'evidence');
  mkdirSync(dir);
  return { dir, caseDir: path.join(root, 'case') };
}

async function run(paths: string[], caseDir: string, onProgress?: () => void): Promise<ImportOutcome> {
  const r = await importEvidence({ evidencePaths: paths, caseDir, onProgress });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const sourceOf = (r: ImportOutcome, name: string) => r.sources.find((s) => s.path.endsWith(name) || s.name.endsWith(name));
const listAll = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? listAll(path.join(dir, n)) : [path.join(dir, n)]));

describe('bad input', () => {
  it('unbalanced quotes and wrong column counts: good rows kept, bad rows quarantined with line and reason', async () => {
    const { dir, caseDir } = fresh();
    writeFileSync(path.join(dir, 'Login-1.csv'), [LOGIN, login(1), '"Login","20250726102419.002","R2 "quoted" badly","0055j000000utlP","x"', login(3), '"Login","20250726102419.004","R4"', login(5), `${login(6)},"extra"`, login(7)].join('\n') + '\n');
    const r = await run([dir], caseDir);
    const s = sourceOf(r, 'Login-1.csv')!;
    expect(s.rows).toBe(4);
    expect(s.rejectedRows).toBe(3);
    expect(r.quarantine.map((q) => q.line)).toEqual([3, 5, 7]);
    expect(r.quarantine.every((q) => q.file.endsWith('Login-1.csv') && q.reason.length > 10 && q.raw)).toBe(true);
    expect(r.events).toBe(4);
  });

  it('embedded newlines, CRLF line endings and a UTF-8 byte-order mark', async () => {
    const { dir, caseDir } = fresh();
    writeFileSync(path.join(dir, 'Contact.csv'), '\ufeffId,MailingStreet,MailingCountry\r\n0035j00000AbCdE,"1 Main St\r\nSuite 2",Germany\r\n0035j00000AbCdF,"2 High St",UK\r\n');
    const r = await run([dir], caseDir);
    const s = sourceOf(r, 'Contact.csv')!;
    expect(s.kind).toBe('sobject');
    expect(s.rows).toBe(2);
    expect(r.quarantine).toEqual([]);
  });

  it('empty, header-only and binary files are listed with the reason, never crash the import', async () => {
    const { dir, caseDir } = fresh();
    writeFileSync(path.join(dir, 'Empty.csv'), '');
    writeFileSync(path.join(dir, 'Login-header-only.csv'), `${LOGIN}\n`);
    writeFileSync(path.join(dir, 'garbage.csv'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    writeFileSync(path.join(dir, 'Login-good.csv'), `${LOGIN}\n${login(1)}\n`);
    const r = await run([dir], caseDir);
    expect(sourceOf(r, 'Empty.csv')).toMatchObject({ kind: 'unknown', rows: 0 });
    expect(r.warnings.some((w) => w.includes('Empty.csv') && w.includes('empty'))).toBe(true);
    expect(sourceOf(r, 'Login-header-only.csv')).toMatchObject({ kind: 'elf', rows: 0, rejectedRows: 0 });
    expect(sourceOf(r, 'garbage.csv')?.kind).toBe('unknown');
    expect(r.warnings.some((w) => w.includes('garbage.csv') && /binary|NUL|not/.test(w))).toBe(true);
    expect(sourceOf(r, 'Login-good.csv')?.rows).toBe(1);
    expect(r.sources.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
  });

  it('the same file imported twice, or under two names, is taken in once', async () => {
    const { dir, caseDir } = fresh();
    const body = [LOGIN, login(1), login(2), login(3)].join('\n') + '\n';
    writeFileSync(path.join(dir, 'Login-a.csv'), body);
    writeFileSync(path.join(dir, 'Login-copy.csv'), body);
    const first = await run([dir], caseDir);
    expect(first.events).toBe(3);
    expect(first.warnings.some((w) => w.includes('already in the case'))).toBe(true);
    const again = await run([dir], caseDir);
    expect(again.added).toEqual([]);
    expect(again.events).toBe(3);
    expect(again.sources).toHaveLength(first.sources.length);
  });

  it('hourly and daily files of the same day count each event once', async () => {
    const { dir, caseDir } = fresh();
    const rows = [1, 2, 3, 4, 5].map(login);
    writeFileSync(path.join(dir, 'Login-2025-07-26.csv'), [LOGIN, ...rows].join('\n') + '\n');
    writeFileSync(path.join(dir, 'Login-2025-07-26T11.csv'), [LOGIN, rows[0], rows[1]].join('\n') + '\n');
    const r = await run([dir], caseDir);
    expect(r.events).toBe(5);
  });

  it('archives: zip-slip and absolute names refused, truncated zip and gzip keep what is complete', async () => {
    const { dir, caseDir } = fresh();
    const good = Buffer.from([LOGIN, login(1), login(2)].join('\n') + '\n');
    writeFileSync(path.join(dir, 'slip.zip'), buildZip([
      { name: '../../escape.csv', data: good, method: 'deflate' },
      { name: '/etc/absolute.csv', data: good, method: 'deflate' },
      { name: 'logs/Login-2025-07-26.csv', data: good, method: 'deflate' },
    ]));
    const whole = buildZip([
      { name: 'Login-2025-07-27.csv', data: Buffer.from([LOGIN, login(11)].join('\n') + '\n'), method: 'deflate' },
      { name: 'Login-2025-07-28.csv', data: Buffer.from([LOGIN, ...Array.from({ length: 4000 }, (_, i) => login(100 + i))].join('\n') + '\n'), method: 'deflate' },
    ]);
    writeFileSync(path.join(dir, 'cut.zip'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    const gz = gzipSync(Buffer.from([LOGIN, ...Array.from({ length: 5000 }, (_, i) => login(i))].join('\n') + '\n'));
    writeFileSync(path.join(dir, 'Login-2025-07-29.csv.gz'), gz.subarray(0, gz.length - 40));
    const r = await run([dir], caseDir);
    expect(r.warnings.some((w) => w.includes('escape.csv'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('absolute.csv'))).toBe(true);
    expect(existsSync(path.join(path.dirname(dir), 'escape.csv'))).toBe(false);
    expect(listAll(path.dirname(caseDir)).filter((f) => f.endsWith('escape.csv') || f.endsWith('absolute.csv'))).toEqual([]);
    expect(r.sources.find((s) => s.name === 'slip.zip!/logs/Login-2025-07-26.csv')?.rows).toBe(2);
    expect(r.sources.find((s) => s.name === 'cut.zip!/Login-2025-07-27.csv')?.rows).toBe(1);
    expect(r.warnings.some((w) => w.includes('cut.zip'))).toBe(true);
    expect(r.warnings.some((w) => w.includes('Login-2025-07-29.csv.gz'))).toBe(true);
    expect(r.sources.some((s) => s.name.startsWith('Login-2025-07-29.csv.gz!/'))).toBe(false);
  });

  it('a zip bomb is stopped at the bound and its sibling is still taken in', async () => {
    const { dir, caseDir } = fresh();
    const zeros = Buffer.alloc(160 * 1024 * 1024);
    const deflated = deflateRawSync(zeros, { level: 9 });
    writeFileSync(path.join(dir, 'bomb.zip'), buildZip([
      { name: 'Login-2025-07-30.csv', data: Buffer.from([LOGIN, login(1)].join('\n') + '\n'), method: 'deflate' },
      { name: 'huge.csv', predeflated: { data: deflated, size: zeros.length, crc32: 0 }, method: 'deflate' },
    ]));
    const r = await run([dir], caseDir);
    expect(r.warnings.some((w) => w.includes('huge.csv') && /limit|ratio/.test(w))).toBe(true);
    expect(r.sources.find((s) => s.name === 'bomb.zip!/Login-2025-07-30.csv')?.rows).toBe(1);
    expect(r.sources.some((s) => s.name.endsWith('huge.csv'))).toBe(false);
  });

  it('a file that changes while it is imported is reported', async () => {
    const { dir, caseDir } = fresh();
    const file = path.join(dir, 'Login-moving.csv');
    writeFileSync(file, [LOGIN, login(1)].join('\n') + '\n');
    let touched = false;
    const r = await run([dir], caseDir, () => {
      if (touched) return;
      touched = true;
      appendFileSync(file, `${login(2)}\n`);
    });
    expect(touched).toBe(true);
    expect(r.warnings.some((w) => w.includes('Login-moving.csv') && w.includes('changed while it was being imported'))).toBe(true);
  });
});
