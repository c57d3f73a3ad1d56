/**
 * A JSON output whose one long list is written by DuckDB: the document is laid out by JSON.stringify (two-space
 * indent) around a placeholder, and the list's lines — already JSON, one element a line — stream in from a work
 * file, so the list never passes through JavaScript. The bytes are those JSON.stringify would write for the whole.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { CaseDb } from '../store/duck.js';
import { literal, sql } from '../store/sql.js';

const PLACEHOLDER = '\u0000streamed list\u0000';

/** Writes `file` as `JSON.stringify(document, null, 2) + '\n'` with the top-level `key` holding the list in `linesFile`. */
export async function writeJsonWithStreamedList(file: string, document: Record<string, unknown>, key: string, linesFile: string): Promise<void> {
  const text = JSON.stringify({ ...document, [key]: PLACEHOLDER }, null, 2) + '\n';
  const marker = `${JSON.stringify(key)}: ${JSON.stringify(PLACEHOLDER)}`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`writeJsonWithStreamedList: ${key} is not a top-level key`);
  const before = text.slice(0, at + marker.length - JSON.stringify(PLACEHOLDER).length);
  const after = text.slice(at + marker.length);
  const empty = (await stat(linesFile)).size === 0;
  const out = createWriteStream(file);
  out.write(empty ? `${before}[]` : `${before}[\n`);
  if (!empty) await pipeline(createReadStream(linesFile), out, { end: false });
  await new Promise<void>((resolve, reject) => out.end(`${empty ? '' : '  ]'}${after}`, () => resolve()).on('error', reject));
  await rm(linesFile, { force: true });
}

/**
 * The ids of `in_scope_exports` in time order as list lines for `writeJsonWithStreamedList` (four-space indent, a
 * comma after every one but the last), written by DuckDB to `linesFile`.
 */
export async function writeInScopeIdLines(db: CaseDb, linesFile: string): Promise<void> {
  await db.run(sql`COPY (
    SELECT '    ' || to_json(i.export_id)::VARCHAR || CASE WHEN row_number() OVER (ORDER BY x.start_ts, x.export_id) < count(*) OVER () THEN ',' ELSE '' END AS line
    FROM in_scope_exports i JOIN exports x ON x.export_id = i.export_id ORDER BY x.start_ts, x.export_id)
    TO ${literal(linesFile)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', NEW_LINE '\n')`);
}
