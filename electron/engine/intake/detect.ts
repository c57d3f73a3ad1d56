/**
 * Recognises what a source file is from its content (never from column positions): its text
 * encoding, whether it is delimited text or JSON, and what it holds — an EventLogFile export, a
 * Real-Time Event Monitoring export, an EventLogFile listing, or an sObject export (named
 * `<SObject>.csv`/`.json`, typed by the records' `attributes.type`, or named by the investigator).
 */
import path from 'node:path';
import type { SourceKind } from '../../../shared/domain.js';
import { decodeText, readSample, sniffEncoding, type TextEncoding } from './encoding.js';
import { classifyRecords, objectNameFromFile } from './classify.js';
import { peekJson } from './jsonPeek.js';

export { objectNameFromFile } from './classify.js';

export type Delimiter = ',' | '\t' | ';';
export type SourceFormat = 'csv' | 'json' | 'ndjson';

export interface Detection {
  kind: SourceKind;
  detail: string | null; // RTEM object or sObject name; ELF event type is read from the rows
  header: string[];
  reason: string;
  encoding: TextEncoding;
  delimiter: Delimiter;
  format: SourceFormat;
}

export interface DetectOptions {
  /** The investigator's statement of which sObject the file exports (`--as Contact`). */
  as?: string;
}

const FORMAT_BY_EXTENSION: Record<string, SourceFormat> = {
  '.csv': 'csv', '.tsv': 'csv', '.txt': 'csv', '.json': 'json', '.ndjson': 'ndjson', '.jsonl': 'ndjson', '.log': 'ndjson',
};

/** Share of control characters above which a sample is binary, not text. */
const MAX_CONTROL_SHARE = 0.01;
const SOBJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/** Reads a file's beginning and decides its encoding, format and what kind of evidence it is. */
export async function detectSource(filePath: string, options: DetectOptions = {}): Promise<Detection> {
  const ext = path.extname(filePath).toLowerCase();
  const family = FORMAT_BY_EXTENSION[ext];
  const base = { detail: null, header: [] as string[], encoding: 'utf-8' as const, delimiter: ',' as const, format: family ?? 'csv' };
  if (!family) return { ...base, kind: 'unknown', reason: `unsupported file type "${ext || 'none'}"` };
  if (options.as !== undefined && !SOBJECT_NAME.test(options.as)) {
    return { ...base, kind: 'unknown', reason: `"${options.as}" is not an sObject API name` };
  }
  const sample = await readSample(filePath);
  if (sample.bytes.length === 0) return { ...base, kind: 'unknown', reason: 'empty file' };
  const guess = sniffEncoding(sample);
  if (guess.encoding === null) return { ...base, kind: 'unknown', reason: guess.reason };
  const encoding = guess.encoding;
  const text = decodeText(sample.bytes, encoding, sample.whole).replace(/^\ufeff/, '');
  const binary = binaryReason(text);
  if (binary) return { ...base, encoding, kind: 'unknown', reason: binary };
  if (family === 'csv') return detectDelimited(filePath, text, encoding, options);
  const format = family === 'json' && looksLikeJsonLines(text) ? 'ndjson' : family;
  return detectJson(filePath, encoding, format, options);
}

function detectDelimited(filePath: string, text: string, encoding: TextEncoding, options: DetectOptions): Detection {
  const nl = text.search(/\r?\n/);
  const first = nl === -1 ? text : text.slice(0, nl);
  const delimiter = guessDelimiter(first);
  const header = parseHeaderLine(first, delimiter);
  const common = { header, encoding, delimiter, format: 'csv' as const };
  if (header.every((h) => h === '')) return { ...common, kind: 'unknown', detail: null, reason: 'no header line' };
  if (options.as) return { ...common, kind: 'sobject', detail: options.as, reason: `the investigator identified it as a ${options.as} export` };
  const c = classifyRecords(header, null, objectNameFromFile(filePath), path.extname(filePath));
  return { ...common, ...c };
}

async function detectJson(filePath: string, encoding: TextEncoding, format: 'json' | 'ndjson', options: DetectOptions): Promise<Detection> {
  const common = { encoding, delimiter: ',' as const, format };
  const peek = await peekJson(filePath, encoding, format);
  if (!peek.ok) return { ...common, header: [], kind: 'unknown', detail: null, reason: peek.reason };
  const header = peek.keys;
  if (options.as) return { ...common, header, kind: 'sobject', detail: options.as, reason: `the investigator identified it as a ${options.as} export` };
  const c = classifyRecords(header, peek.objectType, objectNameFromFile(filePath), path.extname(filePath));
  return { ...common, header, ...c };
}

/** Text exports never hold more than a stray control character; binary files are full of them. */
function binaryReason(text: string): string | null {
  const nul = text.indexOf('\u0000');
  if (nul !== -1) return `binary content: NUL bytes (first at character ${nul}), which text exports never contain`;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) controls++;
  }
  if (controls > Math.max(2, text.length * MAX_CONTROL_SHARE)) {
    return `binary content: ${controls} control characters in the first ${text.length} characters — invalid content for a text export`;
  }
  return null;
}

/** A `.json` file whose first two non-blank lines are each a complete object is NDJSON. */
function looksLikeJsonLines(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').slice(0, 2);
  if (lines.length < 2) return false;
  return lines.every((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      return false;
    }
  });
}

/** Picks the delimiter used most often (outside quotes) in the header line; comma on a tie. */
export function guessDelimiter(line: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === '\t' || c === ';')) counts[c]++;
  }
  const order: Delimiter[] = [',', '\t', ';'];
  return order.reduce((best, d) => (counts[d] > counts[best] ? d : best), ',');
}

/** Splits one CSV header line (quoted or not) into column names. */
export function parseHeaderLine(line: string, delimiter: Delimiter = ','): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}
