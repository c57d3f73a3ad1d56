/**
 * The folder walk on real folders made by the test: what it takes in, what it lists as skipped and
 * why, and that it never opens anything (a FIFO would block) nor loops (a link back to a parent).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printableName } from '../../electron/engine/intake/printableName.js';
import { walkEvidence } from '../../electron/engine/intake/walk.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ls-walk-'));
  temps.push(d);
  return d;
};

describe('walkEvidence', () => {
  it('takes every regular file in byte order, and each file once however many links lead to it', async () => {
    const d = tempDir();
    mkdirSync(path.join(d, 'b'));
    writeFileSync(path.join(d, 'b', 'x.csv'), 'x');
    writeFileSync(path.join(d, 'a.csv'), 'aa');
    symlinkSync(path.join(d, 'b'), path.join(d, 'c')); // a second way into b
    const w = await walkEvidence([d, path.join(d, 'a.csv')]);
    expect(w.files.map((f) => [path.relative(d, f.path), f.bytes])).toEqual([['a.csv', 2], ['b/x.csv', 1]]);
    expect(w.skipped).toEqual([{ path: path.join(d, 'c'), kind: 'cycle', reason: `symbolic link to ${path.join(d, 'b')}, a folder already walked (a cycle or a second way in); not followed again` }]);
  });

  it('lists a hidden folder once (not its contents), a dangling link and a FIFO (once, though given twice)', async () => {
    const d = tempDir();
    mkdirSync(path.join(d, '.git', 'objects'), { recursive: true });
    writeFileSync(path.join(d, '.git', 'objects', 'aa'), 'x');
    symlinkSync(path.join(d, 'gone.csv'), path.join(d, 'dangling.csv'));
    const fifo = path.join(d, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const w = await walkEvidence([d, fifo]);
    expect(w.files).toEqual([]);
    expect(w.skipped.map((s) => [path.basename(s.path), s.kind])).toEqual([['.git', 'hidden'], ['dangling.csv', 'symlink'], ['pipe', 'special']]);
    expect(w.skipped[0]!.reason).toBe('hidden folder (its name starts with "."); not imported — name it on the command line to import it');
    expect(w.skipped[1]!.reason).toBe(`symbolic link that points to ${path.join(d, 'gone.csv')}, which cannot be reached (ENOENT); not followed`);
  });

  it('ends on a link to itself', async () => {
    const d = tempDir();
    symlinkSync('self', path.join(d, 'self'));
    const w = await walkEvidence([d]);
    expect(w.skipped).toEqual([{ path: path.join(d, 'self'), kind: 'cycle', reason: 'symbolic link that loops back on itself (a symbolic link cycle); not followed' }]);
  });

  it('names a path that does not exist', async () => {
    const d = tempDir();
    const w = await walkEvidence([path.join(d, 'nope')]);
    expect(w.skipped).toEqual([{ path: path.join(d, 'nope'), kind: 'unreadable', reason: 'cannot be read (ENOENT)' }]);
  });
});

describe('printableName', () => {
  it('decodes valid UTF-8 unchanged', () => {
    expect(printableName(Buffer.from('Zoë/東京.csv'))).toEqual({ text: 'Zoë/東京.csv', valid: true });
  });

  it('shows each byte of an invalid or cut sequence as \\xNN and keeps the valid ones', () => {
    expect(printableName(Buffer.from([0x61, 0xff, 0xc3, 0xa9, 0xe2, 0x82]))).toEqual({ text: 'a\\xffé\\xe2\\x82', valid: false });
    expect(printableName(Buffer.from([0xc0, 0xaf]))).toEqual({ text: '\\xc0\\xaf', valid: false }); // overlong "/"
  });
});
