/**
 * Forty Contact exports, each with a seeded mix of junk records (wrong field counts, stray quotes,
 * text after a closing quote, a carriage return inside a line, formulas, a quoted line break in
 * junk), blank lines, CRLF or LF line ends and byte-order marks, imported together: every file's
 * rows are exactly the generator's good records with their record numbers, and its quarantine
 * exactly its junk records.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { importEvidence } from '../../electron/engine/importCase.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { contactsWithJunk, writeCsv, type GeneratedCsv } from '../helpers/hostileCsv.js';
import { ident, sql } from '../../electron/engine/store/sql.js';

const JUNK = ['"a\nb",x', '""', 'a,"b""c",d', 'a,b', 'x', '=1+1,@SUM(A1)', 'ab"cd', '"a","b","c","d","e","f","g","h","i"', '1,2,3,4,5,6,7,a\rb', '"q"x,1,2,3,4,5,6,7', ' ', ','];

it.each([7, 12])('seed %i: every record of every file loaded or quarantined, with its number', async (start) => {
  let seed = start;
  const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-mixed-'));
  const dir = path.join(root, 'evidence');
  const truth = new Map<string, GeneratedCsv>();
  for (let f = 0; f < 40; f++) {
    const rows = 50 + Math.floor(rnd() * 400);
    const junk = new Map<number, string>();
    const n = Math.floor(rnd() * 5);
    for (let j = 0; j < n; j++) junk.set(1 + Math.floor(rnd() * rows), JUNK[Math.floor(rnd() * JUNK.length)]!);
    const csv = contactsWithJunk(rows, junk);
    const file = path.join(dir, `export-${f}`, 'Contact.csv');
    mkdirSync(path.dirname(file), { recursive: true });
    writeCsv(file, csv, { eol: rnd() < 0.5 ? '\r\n' : '\n', blankAfter: rnd() < 0.3 ? [Math.floor(rnd() * rows)] : [], bom: rnd() < 0.3 });
    truth.set(file, csv);
  }
  const r = await importEvidence({ evidencePaths: [dir], caseDir: path.join(root, 'case') });
  if (!r.ok) throw new Error(r.error.message);
  const db = await CaseDb.open(path.join(root, 'case', 'case.duckdb'), { readOnly: true });
  try {
    for (const [file, csv] of truth) {
      const src = r.value.sources.find((s) => s.path === file)!;
      const good = csv.records.flatMap((x, i) => (x.kind === 'good' ? [{ rec: i + 1, id: x.id }] : []));
      expect(await db.all(sql`SELECT __ls_rec AS rec, Id AS id FROM ${ident(`src_${src.id}`)} ORDER BY 1`)).toEqual(good);
      expect(r.value.quarantine.filter((q) => q.sourceId === src.id).map((q) => q.line)).toEqual(csv.junkRecords.map((x) => x + 1));
      expect(await db.one(sql`SELECT records_seen, adds_up FROM record_counts WHERE source_id = ${src.id}`)).toEqual({ records_seen: csv.records.length, adds_up: true });
    }
  } finally {
    db.close();
  }
}, 300_000);
