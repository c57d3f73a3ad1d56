/**
 * Deterministic outputs: the bundled demo (plus a file with a quarantined row) copied to two different places and
 * investigated into two different out/case folders, and the first case investigated again into the same folder.
 * Every output file is compared byte for byte. What may differ, and only that:
 * - re-running the same case: manifest.json's `generatedAt`;
 * - two separate cases: also the custody anchor that names each chain — the case id (from the chain's first entry),
 *   the findings head (`<seq>:<hash>`) and its time — in manifest.json, in report.pdf (whose CreationDate is that time)
 *   and in the notification lists' Summary sheet; with those masked, the text of the report and every sheet are the same.
 * No file holds an absolute path (neither folder's name appears in any of them).
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/pdf.js';
import { unzipText } from '../helpers/unzipText.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const AWARE = '2025-07-28T09:00:00Z';
// A Login file whose second row has too many columns: quarantine.csv has a row to compare.
const BAD_LOGIN = [
  '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","TIMESTAMP_DERIVED","SOURCE_IP"',
  '"Login","20250720100000.000","4abc","00D5j000000NWDmEAO","0055j000001XyZaAAC","2025-07-20T10:00:00.000Z","10.0.0.1"',
  '"Login","20250720100100.000","4abd","00D5j000000NWDmEAO","0055j000001XyZaAAC","2025-07-20T10:01:00.000Z","10.0.0.2","extra"',
  '',
].join('\n');

let top: string;
/** The UTC days the test ran on: custody times fall on them, the demo's evidence in 2025. */
const days = new Set<string>();
const first = new Map<string, Buffer>();
const again = new Map<string, Buffer>();
const other = new Map<string, Buffer>();

/** Every file of an output folder (the case folder left out), by its path relative to the folder. */
function outputs(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== 'case') walk(r);
      } else files.set(r, readFileSync(path.join(dir, r)));
    }
  };
  walk('');
  return files;
}

async function investigate(evidence: string, out: string): Promise<void> {
  await run(process.execPath, [cli, 'investigate', evidence, '--out', out, '--aware-at', AWARE], { maxBuffer: 64 * 1024 * 1024 });
}

/** The custody anchor of a case computed here from custody.sqlite: its first hash and the last entry a run does not write on its own. */
function anchorOf(caseDir: string): { caseId: string; seq: number; hash: string } {
  const db = new Database(path.join(caseDir, 'custody.sqlite'), { readonly: true });
  try {
    const firstHash = (db.prepare('SELECT hash FROM custody ORDER BY seq LIMIT 1').get() as { hash: string }).hash;
    // This evidence is taken in by the first run (each file imported, each snapshot given its org); nothing else changes the findings.
    const last = db.prepare(`SELECT seq, hash FROM custody WHERE action IN ('source.imported', 'source.org') ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: string };
    return { caseId: `C-${firstHash.slice(0, 12)}`, ...last };
  } finally {
    db.close();
  }
}

/** The chain's last entry: what the end of a run prints. */
function lastSeq(caseDir: string): number {
  const db = new Database(path.join(caseDir, 'custody.sqlite'), { readonly: true });
  try {
    return (db.prepare('SELECT max(seq) AS n FROM custody').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The text with a case's anchor replaced by placeholders: its case id, both halves of its head hash, and UTC times of today's clock. */
function masked(text: string, a: { caseId: string; hash: string }): string {
  return text.replaceAll(a.caseId, 'C-<case>').replaceAll(a.hash, '<head>').replaceAll(a.hash.slice(0, 32), '<head1>').replaceAll(a.hash.slice(32), '<head2>')
    // The custody entries' own times (the head's, the chain's first): the clock of the test's day, never an evidence time.
    .replace(new RegExp(`(${[...days].join('|')}) \\d{2}:\\d{2}:\\d{2} UTC`, 'g'), '<time>');
}

function manifestWithout(buf: Buffer, drop: (m: Record<string, unknown>) => void): unknown {
  const m = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
  drop(m);
  return m;
}

beforeAll(async () => {
  days.add(new Date().toISOString().slice(0, 10));
  top = mkdtempSync(path.join(os.tmpdir(), 'ls-deterministic-'));
  for (const side of ['one', 'two']) {
    cpSync(demo, path.join(top, side, 'evidence'), { recursive: true, preserveTimestamps: true });
    mkdirSync(path.join(top, side, 'evidence', 'extra'));
    writeFileSync(path.join(top, side, 'evidence', 'extra', 'Login-2025-07-20.csv'), BAD_LOGIN);
  }
  await investigate(path.join(top, 'one', 'evidence'), path.join(top, 'one', 'out'));
  for (const [k, v] of outputs(path.join(top, 'one', 'out'))) first.set(k, v);
  await investigate(path.join(top, 'two', 'evidence'), path.join(top, 'two', 'out'));
  for (const [k, v] of outputs(path.join(top, 'two', 'out'))) other.set(k, v);
  // The same case, the same evidence and decisions, once more into the same folder.
  await investigate(path.join(top, 'one', 'evidence'), path.join(top, 'one', 'out'));
  for (const [k, v] of outputs(path.join(top, 'one', 'out'))) again.set(k, v);
  days.add(new Date().toISOString().slice(0, 10));
}, 600_000);

describe('deterministic outputs', () => {
  it('writes the same list of files every time, with a quarantined row among them', () => {
    expect([...again.keys()].sort()).toEqual([...first.keys()].sort());
    expect([...other.keys()].sort()).toEqual([...first.keys()].sort());
    expect(first.size).toBeGreaterThan(20);
    expect(first.get('quarantine.csv')!.toString('utf8')).toContain('"evidence/extra/Login-2025-07-20.csv","3"');
  });

  it('re-running the same case gives byte-identical files; the manifest differs only in generatedAt', () => {
    for (const [file, bytes] of first) {
      if (file === 'manifest.json') continue;
      expect(again.get(file)!.equals(bytes), file).toBe(true);
    }
    const drop = (m: Record<string, unknown>): void => {
      delete m['generatedAt'];
    };
    expect(manifestWithout(again.get('manifest.json')!, drop)).toEqual(manifestWithout(first.get('manifest.json')!, drop));
    expect(again.get('manifest.json')!.equals(first.get('manifest.json')!)).toBe(false);
    // The second run wrote its own entries after the first's; the findings head all outputs name did not move.
    const anchor = anchorOf(path.join(top, 'one', 'out', 'case'));
    const head = (JSON.parse(again.get('manifest.json')!.toString('utf8')) as { custody: { head: string } }).custody.head;
    expect(head).toBe(`${anchor.seq}:${anchor.hash}`);
    expect(lastSeq(path.join(top, 'one', 'out', 'case'))).toBeGreaterThan(anchor.seq + 5);
  });

  it('two separate cases of the same evidence give byte-identical files but for their custody anchor', () => {
    const anchorless = new Set(['manifest.json', 'report.pdf', 'notification-lists.xlsx']);
    for (const [file, bytes] of first) {
      if (anchorless.has(file)) continue;
      expect(other.get(file)!.equals(bytes), file).toBe(true);
    }
    // The manifest: the same inputs and the same outputs' hashes, but for the two files that quote the anchor.
    const drop = (m: Record<string, unknown>): void => {
      delete m['generatedAt'];
      m['custody'] = null;
      m['outputs'] = (m['outputs'] as { file: string }[]).filter((o) => !anchorless.has(o.file));
    };
    expect(manifestWithout(other.get('manifest.json')!, drop)).toEqual(manifestWithout(first.get('manifest.json')!, drop));
  });

  it('report.pdf of the two cases reads the same once the case id, the findings head and the custody times are masked', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-deterministic-pdf-'));
    const texts = [first, other].map((files, i) => {
      const file = path.join(dir, `${i}.pdf`);
      writeFileSync(file, files.get('report.pdf')!);
      // Layout mode keeps each printed line a line: the reading order pdftotext infers without it shifts with the
      // width of the case id in the running header (proportional hex digits), which says nothing about the content.
      return pdfText(file, true);
    });
    const lines = (t: string): string => t.replace(/[ \t]+/g, ' ').replace(/ +$/gm, '');
    const anchors = ['one', 'two'].map((side) => anchorOf(path.join(top, side, 'out', 'case')));
    expect(anchors[0]!.caseId).not.toBe(anchors[1]!.caseId);
    expect(texts[0]).toContain(anchors[0]!.caseId);
    expect(texts[0]).toContain(`${anchors[0]!.seq}:${anchors[0]!.hash.slice(0, 32)}`);
    expect(lines(masked(texts[1]!, anchors[1]!))).toBe(lines(masked(texts[0]!, anchors[0]!)));
  });

  it('notification-lists.xlsx of the two cases differ only in the Summary sheet\'s custody head', () => {
    const anchors = ['one', 'two'].map((side) => anchorOf(path.join(top, side, 'out', 'case')));
    const sheets = (book: Buffer): string[] => {
      const list = unzipText(book, 'xl/workbook.xml').match(/<sheet [^>]*>/g) ?? [];
      return list.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
    };
    const [a, b] = [first.get('notification-lists.xlsx')!, other.get('notification-lists.xlsx')!];
    expect(sheets(b)).toEqual(sheets(a));
    expect(sheets(a).length).toBeGreaterThan(5);
    for (const member of [...sheets(a), 'xl/workbook.xml', 'xl/styles.xml', 'docProps/core.xml']) {
      const [ta, tb] = [unzipText(a, member), unzipText(b, member)];
      if (member === 'xl/worksheets/sheet1.xml') {
        expect(ta).toContain(`${anchors[0]!.seq}:${anchors[0]!.hash}`);
        expect(masked(tb, anchors[1]!)).toBe(masked(ta, anchors[0]!));
      } else expect(tb, member).toBe(ta);
    }
  });

  it('names no absolute path: neither folder appears in any output, and sources are named from their evidence folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-deterministic-text-'));
    for (const [file, bytes] of first) {
      let text = bytes.toString('utf8');
      if (file === 'report.pdf') {
        writeFileSync(path.join(dir, 'r.pdf'), bytes);
        text = pdfText(path.join(dir, 'r.pdf'), false).replace(/\s+/g, '');
      }
      if (file.endsWith('.xlsx')) text = sheetsText(bytes);
      for (const absolute of [top, os.tmpdir(), root, os.homedir()]) expect(text.includes(absolute), `${file} holds ${absolute}`).toBe(false);
    }
    const manifest = JSON.parse(first.get('manifest.json')!.toString('utf8')) as { caseDir: string; inputs: { path: string }[] };
    expect(manifest.caseDir).toBe('case');
    expect(manifest.inputs.every((i) => i.path.startsWith('evidence/'))).toBe(true);
    const exports = JSON.parse(first.get('exports.json')!.toString('utf8')) as { exports: { evidence: { file: string }[] }[] };
    expect(exports.exports[0]!.evidence[0]!.file).toMatch(/^evidence\/[^/]/);
  });
});

/** Every member's text of an XLSX (a zip), for a search through all of it. */
function sheetsText(book: Buffer): string {
  const names = (unzipText(book, 'xl/workbook.xml').match(/<sheet [^>]*>/g) ?? []).map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
  return [...names, 'docProps/core.xml', 'docProps/app.xml'].map((n) => {
    try {
      return unzipText(book, n);
    } catch {
      return '';
    }
  }).join('\n');
}
