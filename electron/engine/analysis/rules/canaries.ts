/**
 * Canary records (`--canaries <file>`): ids planted to prove exfiltration, one per line with `#`
 * comments, or a CSV with an Id column (read by DuckDB), 15 or 18 characters. Lines that are not
 * ids are reported with their line number, never silently dropped.
 */
import { readFile } from 'node:fs/promises';
import { toId18 } from '../../../../shared/ids.js';
import type { CaseDb } from '../../store/duck.js';
import { literal, sql } from '../../store/sql.js';

export interface CanaryList {
  ids: string[];
  warnings: string[];
}

const HEADER_SPLIT = /[,;\t]/;

/** Reads a canary file into 18-character ids, with a warning per line that is not an id. */
export async function loadCanaries(db: CaseDb, file: string): Promise<CanaryList> {
  const content = await readFile(file, 'utf8');
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const first = lines.find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
  const cells = first.split(HEADER_SPLIT).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  if (cells.length > 1 || cells[0] === 'id') {
    if (!cells.includes('id')) return { ids: [], warnings: [`${file}: a CSV canary file needs an Id column; header is "${first}"`] };
    return canariesFromCsv(db, file);
  }
  return parseCanaryList(content, file);
}

/** Parses a plain canary list (one id a line, `#` comments, blank lines ignored). */
export function parseCanaryList(content: string, file = 'canaries'): CanaryList {
  const ids = new Set<string>();
  const warnings: string[] = [];
  content.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, i) => {
    const text = line.replace(/#.*$/, '').trim().replace(/^"|"$/g, '');
    if (text === '') return;
    const id = toId18(text);
    if (id) ids.add(id);
    else warnings.push(`${file} line ${i + 1}: "${text.slice(0, 60)}" is not a 15- or 18-character record id`);
  });
  return { ids: [...ids], warnings };
}

async function canariesFromCsv(db: CaseDb, file: string): Promise<CanaryList> {
  const rows = await db.all<{ id: string | null; line: number }>(sql`
    SELECT COLUMNS(lambda c: lower(c) = 'id') AS id, row_number() OVER () + 1 AS line
    FROM read_csv(${literal(file)}, all_varchar = true, header = true, auto_detect = true)`);
  const ids = new Set<string>();
  const warnings: string[] = [];
  for (const r of rows) {
    const id = toId18(r.id);
    if (id) ids.add(id);
    else if (r.id !== null && r.id.trim() !== '') warnings.push(`${file} line ${r.line}: "${r.id.slice(0, 60)}" is not a 15- or 18-character record id`);
  }
  return { ids: [...ids], warnings };
}
