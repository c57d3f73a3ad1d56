/**
 * Looks at the first records of a JSON or NDJSON file to learn its columns (record keys, nested
 * relationship objects flattened to dotted names) and its object type (`attributes.type`).
 */
import { utf8Chunks, type TextEncoding } from './encoding.js';
import { JsonDocumentSplitter, JsonLinesSplitter, type JsonFormat, type JsonRecordText } from './jsonRecords.js';

export type JsonPeek =
  | { ok: true; keys: string[]; objectType: string | null; container: string | null }
  | { ok: false; reason: string };

/** How far into a file detection reads looking for a first readable record. */
const PEEK_LIMIT_BYTES = 64 * 1024 * 1024;
const PEEK_RECORDS = 10;

/** Reads the first readable record of a JSON file and reports its flattened keys and object type. */
export async function peekJson(filePath: string, encoding: TextEncoding, format: JsonFormat): Promise<JsonPeek> {
  const splitter = format === 'ndjson' ? new JsonLinesSplitter() : new JsonDocumentSplitter();
  let read = 0;
  let seen = 0;
  let firstError: string | null = null;
  const consider = (records: JsonRecordText[]): JsonPeek | null => {
    for (const r of records) {
      seen++;
      try {
        const v: unknown = JSON.parse(r.text);
        if (isPlainObject(v)) return { ok: true, keys: recordPaths(v).map((p) => p.join('.')), objectType: objectTypeOf(v), container: splitter.container };
        firstError ??= `record ${r.rec} (line ${r.line}) is not a JSON object`;
      } catch (e) {
        firstError ??= `record ${r.rec} (line ${r.line}) is not valid JSON: ${(e as Error).message}`;
      }
      if (seen >= PEEK_RECORDS) return { ok: false, reason: `none of the first ${seen} records is a readable JSON object; ${firstError}` };
    }
    return null;
  };
  for await (const chunk of utf8Chunks(filePath, encoding)) {
    const found = consider(splitter.push(chunk));
    if (found) return found;
    read += chunk.length;
    if (read >= PEEK_LIMIT_BYTES) break;
  }
  const found = read < PEEK_LIMIT_BYTES ? consider(splitter.end()) : null;
  if (found) return found;
  if (firstError) return { ok: false, reason: firstError };
  if (splitter.container) return { ok: false, reason: `a query result with no records (${splitter.container} is empty)` };
  return { ok: false, reason: read >= PEEK_LIMIT_BYTES ? `no complete JSON record in the first ${PEEK_LIMIT_BYTES} bytes` : 'no JSON records' };
}

/** The record's `attributes.type` (the sObject it is a row of), if it says. */
export function objectTypeOf(record: Record<string, unknown>): string | null {
  const attributes = record['attributes'];
  if (!isPlainObject(attributes)) return null;
  const type = attributes['type'];
  return typeof type === 'string' && type !== '' ? type : null;
}

/**
 * The column paths of a record (or of DuckDB's `json_group_structure` of many records): nested
 * objects are followed (relationship fields become `CreatedBy.Username`), `attributes` objects
 * are left out, arrays and empty objects are single columns.
 */
export function recordPaths(record: Record<string, unknown>, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const [key, value] of Object.entries(record)) {
    if (key === 'attributes' && isPlainObject(value)) continue;
    if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...recordPaths(value, [...prefix, key]));
    else out.push([...prefix, key]);
  }
  return out;
}

/** True for a JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
