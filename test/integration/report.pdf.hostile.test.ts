/**
 * report.pdf when the evidence is hostile to layout: every Contact's last name carries a right-to-left override,
 * CJK characters and some 400 characters with no space, and the case folder's name does too. The names must print
 * (CJK in the embedded Noto font), the override must show as a visible escape instead of reordering the line, and no
 * name may spill out of its table cell or off its page.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../electron/engine/store/sql.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { pdfPages, pdfText, pdfWords, section } from '../helpers/pdf.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const RLO = '\u202E';
const CJK = '漢字テスト';
const LONG = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(12);

let out: string;
let caseDir: string;
let pdf: string;
let text: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-report-hostile-'));
  const evidence = path.join(dir, 'evidence');
  cpSync(path.join(root, 'resources', 'demo', 'evidence'), evidence, { recursive: true });
  const contacts = path.join(evidence, 'snapshots', 'Contact.csv');
  // Every record starts `"<Id>","<FirstName>","<LastName>",` (all fields quoted): the last name becomes hostile.
  const rewritten = readFileSync(contacts, 'utf8').replace(/^("003[0-9A-Za-z]{15}","[^"]*",)"([^"]*)"/gm, (_m, head: string, last: string) => `${head}"${RLO}${last} ${CJK} ${LONG}"`);
  expect(rewritten.split(CJK).length - 1).toBeGreaterThan(100);
  writeFileSync(contacts, rewritten);
  out = path.join(dir, 'out');
  caseDir = path.join(dir, `${RLO}case 案件 ${'Z'.repeat(180)}`);
  await run(process.execPath, [cli, 'investigate', evidence, '--out', out, '--case', caseDir, '--aware-at', '2025-07-28T09:00:00Z'], { maxBuffer: 64 * 1024 * 1024 });
  pdf = path.join(out, 'report.pdf');
  text = pdfText(pdf);
}, 300_000);

describe('report.pdf with hostile names', () => {
  it('prints the names, CJK included, with the override shown as an escape rather than obeyed', () => {
    expect(text).toContain(CJK);
    expect(text).toContain('\\u202E');
    expect(text).not.toContain(RLO);
    expect(text).toContain('案件');
  });

  it('lists in Appendix B as many hostile names as the SQL over `affected` finds among its first rows', async () => {
    const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
    const want = await db.one<{ n: number }>(sql`
      SELECT count(*) FILTER (WHERE name LIKE '%' || ${CJK} || '%')::BIGINT AS n FROM (
        SELECT name FROM affected WHERE is_person ORDER BY jurisdiction NULLS LAST, name NULLS LAST, id LIMIT 100)`).finally(() => db.close());
    expect(want!.n).toBeGreaterThan(0);
    // Each hostile name shows its override escape once, on the name's first line (CJK may wrap inside the cell).
    const appendix = section(text, 'Appendix B.', '\u0000never');
    expect(appendix.split('\\u202E').length - 1).toBe(want!.n);
  });

  it('keeps every name inside its cell and every word on its page', () => {
    const words = pdfWords(pdf);
    for (const w of words) expect(w.xMin >= 0 && w.yMin >= 0 && w.xMax <= w.width && w.yMax <= w.height, `${w.text} on page ${w.page}`).toBe(true);
    // In the people appendix, no piece of a long name reaches the Email column's left edge.
    const emailHeaders = words.filter((w) => w.text === 'Email');
    expect(emailHeaders.length).toBeGreaterThan(0);
    for (const header of emailHeaders) {
      const onPage = words.filter((w) => w.page === header.page && w.text.includes('Wolfeschlegel'));
      for (const w of onPage) expect(w.xMax, `page ${w.page}`).toBeLessThanOrEqual(header.xMin);
    }
    // Bounded cells: hundreds of long names do not run the report to hundreds of pages.
    expect(pdfPages(pdf)).toBeLessThan(45);
  });
});
