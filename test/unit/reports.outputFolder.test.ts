/**
 * The output folder contract on real folders: a run never deletes what the investigator keeps in
 * --out, replaces only the files Leakscope's previous manifest lists, and marks staging INCOMPLETE.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INCOMPLETE_MARKER, moveIntoPlace, outputFolderRefusal, startStaging } from '../../electron/engine/reports/outputFolder.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'ls-out-'));
  temps.push(d);
  return d;
};
const manifest = (files: string[]): string => JSON.stringify({ schemaVersion: 1, tool: { name: 'Leakscope', version: 't' }, inputs: [], outputs: files.map((file) => ({ file, sha256: 'x' })) });

describe('outputFolderRefusal', () => {
  it('accepts a missing folder, an empty one, a previous output and one holding only its case', async () => {
    const d = tempDir();
    expect(await outputFolderRefusal(path.join(d, 'new'), path.join(d, 'new', 'case'))).toBeNull();
    mkdirSync(path.join(d, 'empty'));
    expect(await outputFolderRefusal(path.join(d, 'empty'), path.join(d, 'c'))).toBeNull();
    mkdirSync(path.join(d, 'prev'));
    writeFileSync(path.join(d, 'prev', 'manifest.json'), manifest(['exports.json']));
    writeFileSync(path.join(d, 'prev', 'mine.txt'), 'x');
    expect(await outputFolderRefusal(path.join(d, 'prev'), path.join(d, 'c'))).toBeNull();
    mkdirSync(path.join(d, 'withcase', 'case'), { recursive: true });
    expect(await outputFolderRefusal(path.join(d, 'withcase'), path.join(d, 'withcase', 'case'))).toBeNull();
  });

  it('refuses a folder of other files, a manifest that is not Leakscope\'s, and a file', async () => {
    const d = tempDir();
    mkdirSync(path.join(d, 'docs'));
    writeFileSync(path.join(d, 'docs', 'thesis.docx'), 'x');
    expect(await outputFolderRefusal(path.join(d, 'docs'), path.join(d, 'c'))).toBe(`--out ${path.join(d, 'docs')} already holds files that are not a Leakscope output (thesis.docx); choose an empty or new folder, nothing was written`);
    writeFileSync(path.join(d, 'docs', 'manifest.json'), '{"name":"some other tool"}');
    expect(await outputFolderRefusal(path.join(d, 'docs'), path.join(d, 'c'))).toMatch(/not a Leakscope output/);
    writeFileSync(path.join(d, 'file'), 'x');
    expect(await outputFolderRefusal(path.join(d, 'file'), path.join(d, 'c'))).toBe(`--out ${path.join(d, 'file')} is a file, not a folder`);
  });
});

describe('staging and moving into place', () => {
  it('stages beside --out with an INCOMPLETE marker, then replaces only the files the old manifest lists', async () => {
    const d = tempDir();
    const out = path.join(d, 'out');
    mkdirSync(path.join(out, 'affected'), { recursive: true });
    writeFileSync(path.join(out, 'affected', 'FR.csv'), 'old FR');
    writeFileSync(path.join(out, 'affected', 'notes.txt'), 'mine');
    writeFileSync(path.join(out, 'exports.json'), 'old');
    writeFileSync(path.join(out, 'manifest.json'), manifest(['exports.json', 'affected/FR.csv', '../outside.txt']));
    writeFileSync(path.join(d, 'outside.txt'), 'never touched');

    const staging = await startStaging(out, 'run-1');
    expect(path.dirname(staging)).toBe(d);
    expect(readFileSync(path.join(staging, INCOMPLETE_MARKER), 'utf8')).toMatch(/^Leakscope run run-1 was writing this folder and did not finish/);
    mkdirSync(path.join(staging, 'affected'));
    writeFileSync(path.join(staging, 'exports.json'), 'new');
    writeFileSync(path.join(staging, 'affected', 'DE.csv'), 'new DE');
    writeFileSync(path.join(staging, 'manifest.json'), manifest(['exports.json', 'affected/DE.csv']));
    await moveIntoPlace(staging, out, ['exports.json', 'affected/DE.csv', 'manifest.json']);

    expect(readdirSync(out).sort()).toEqual(['affected', 'exports.json', 'manifest.json']);
    expect(readdirSync(path.join(out, 'affected')).sort()).toEqual(['DE.csv', 'notes.txt']);
    expect(readFileSync(path.join(out, 'exports.json'), 'utf8')).toBe('new');
    expect(readFileSync(path.join(out, 'affected', 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(path.join(d, 'outside.txt'), 'utf8')).toBe('never touched');
    expect(existsSync(path.join(out, INCOMPLETE_MARKER))).toBe(false);
  });
});
