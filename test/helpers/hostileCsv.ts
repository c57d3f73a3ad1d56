/**
 * Generates CSV evidence whose every record the generator knows: which record number holds which
 * good row (by id) and which holds junk, so tests can check loaded rows, quarantined lines and
 * `leakscope line` lookups against the generator's own truth, not against the engine.
 */
import { writeFileSync } from 'node:fs';

export type FileRecord = { kind: 'good'; id: string; text: string } | { kind: 'junk'; text: string };

export interface GeneratedCsv {
  header: string[];
  /** The data records in file order: record n is `records[n - 1]`. */
  records: FileRecord[];
  /** Record numbers (1-based) of the junk records. */
  junkRecords: number[];
}

export const CONTACT_HEADER = ['Id', 'FirstName', 'LastName', 'Email', 'MailingStreet', 'MailingCity', 'MailingCountry', 'CreatedDate'];

const COUNTRIES = ['Germany', 'United States', 'France', 'Canada', 'United Kingdom', 'Japan'];

/** A Salesforce-like 18-character Contact id, unique in its first 15 characters. */
export function contactId(n: number): string {
  return `0035j${String(n).padStart(10, '0')}AAA`;
}

const quoted = (v: string): string => `"${v.replaceAll('"', '""')}"`;

/** The fully quoted text of Contact row n; every 7th has a street with a line break, every 11th a quote. */
export function contactRow(n: number): string {
  const street = n % 7 === 0 ? `${n} Main St\nSuite ${n % 40}` : n % 11 === 0 ? `${n} "Old" Mill Rd` : `${n} High St`;
  const created = `2023-0${1 + (n % 9)}-1${n % 10}T13:07:09.000Z`;
  return [contactId(n), `First${n}`, `Last${n}`, `p${n}@example.com`, street, `City${n % 50}`, COUNTRIES[n % COUNTRIES.length]!, created].map(quoted).join(',');
}

/** Contact rows 1..rows with junk records placed so that they become the given record numbers. */
export function contactsWithJunk(rows: number, junk: ReadonlyMap<number, string>): GeneratedCsv {
  const records: FileRecord[] = [];
  let next = 1;
  while (next <= rows || junk.has(records.length + 1)) {
    const at = records.length + 1;
    const j = junk.get(at);
    if (j !== undefined) records.push({ kind: 'junk', text: j });
    else records.push({ kind: 'good', id: contactId(next), text: contactRow(next++) });
  }
  return { header: CONTACT_HEADER, records, junkRecords: records.flatMap((r, i) => (r.kind === 'junk' ? [i + 1] : [])) };
}

/** Writes the header and records with the given line break; `blankAfter` puts blank lines after those record numbers. */
export function writeCsv(file: string, csv: GeneratedCsv, options: { eol?: string; blankAfter?: readonly number[]; bom?: boolean } = {}): void {
  const eol = options.eol ?? '\n';
  const blank = new Set(options.blankAfter ?? []);
  const parts = [(options.bom ? '\ufeff' : '') + csv.header.map(quoted).join(',')];
  csv.records.forEach((r, i) => {
    parts.push(eol === '\n' ? r.text : r.text.replaceAll('\n', eol));
    if (blank.has(i + 1)) parts.push('');
  });
  writeFileSync(file, parts.join(eol) + eol);
}
