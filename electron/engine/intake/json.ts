/**
 * Loads a JSON evidence file (REST / `sf data query --json` results, plain arrays, single
 * objects, NDJSON) into DuckDB with the same provenance contract as the CSV loader: one raw
 * table whose columns are the record keys (relationship objects flattened to `CreatedBy.Username`,
 * `attributes` left out) with every value as text, a view `src_<id>` with `__ls_rec` (the record's
 * 1-based ordinal in the file) and a view for events with `__ls_source_id` and `__ls_rec`. Records are
 * cut out of the file by `jsonRecords` and parsed by DuckDB; a record that is not valid JSON, not
 * an object, or cut off by the end of the file becomes a quarantine row with its line (and byte
 * position, for UTF-8 files), and the other records are kept.
 *
 * Values are the JSON values as text: strings unescaped, `true`/`false`, null as NULL, arrays
 * as JSON text. Numbers keep their value but are written the way DuckDB prints them (`2.50`
 * becomes `2.5`, `1.0E+2` becomes `100.0`); Salesforce writes numbers in that form already.
 */
import { BIGINT, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import type { CaseDb } from '../store/duck.js';
import { ident, literal, quoteIdentifier as quote, raw, sql } from '../store/sql.js';
import type { Detection } from './detect.js';
import { readableByDuckDb, utf8Chunks } from './encoding.js';
import { jsonColumnPaths, jsonPointer } from './jsonColumns.js';
import { jsonRecordTexts } from './jsonRecords.js';
import { isInternalName, REC, SOURCE_ID } from './internalColumns.js';

export interface JsonLoad {
  /** A view over the rows with `__ls_source_id` and `__ls_rec`; null if nothing could be loaded. */
  view: string | null;
  columns: string[];
  rows: number;
  rejected: number;
  /** The records' `attributes.type` (first record that has one), e.g. LoginEvent, SetupAuditTrail. */
  object: string | null;
  /** Why the file could not be read at all (I/O or database failure); null when it was read. */
  failure: string | null;
}

/** Rows per appended data chunk (DuckDB's vector size). */
const CHUNK_ROWS = 2048;
/** Quarantined records that get DuckDB's exact parse error; the rest get a short reason. */
const DETAILED_ERRORS = 200;
const RAW_TEXT_LIMIT = 64 * 1024;

/**
 * Loads one JSON or NDJSON source; `filePath` is the original file, decoded per `detection.encoding`
 * (no working copy is needed). When the import is cancelled, partial tables are dropped and the
 * cancellation propagates; any other failure is returned in `failure`.
 */
export async function loadJsonSource(
  db: CaseDb,
  sourceId: number,
  filePath: string,
  detection: Pick<Detection, 'encoding' | 'format'>,
  signal?: AbortSignal,
): Promise<JsonLoad> {
  const id = Math.trunc(sourceId);
  const t = { stage: `json_stage_${id}`, parsed: `json_parsed_${id}`, raw: `raw_json_${id}` };
  try {
    await stageRecords(db, t.stage, filePath, detection, signal);
    signal?.throwIfAborted();
    // The text is kept only for records that go to quarantine.
    await db.run(sql`CREATE OR REPLACE TABLE ${ident(t.parsed)} AS
      SELECT rec, line, byte, problem, j, ok, CASE WHEN NOT ok THEN text END AS text
      FROM (SELECT *, coalesce(json_type(j) = 'OBJECT', false) AS ok
            FROM (SELECT *, CASE WHEN problem IS NULL THEN try(text::JSON) END AS j FROM ${ident(t.stage)}))`);
    await db.run(sql`DROP TABLE ${ident(t.stage)}`);
    const rejected = await quarantineBadRecords(db, id, t.parsed);
    const paths = await jsonColumnPaths(db, t.parsed);
    const columns = columnNames(paths);
    const pointers = paths.map((p) => literal(jsonPointer(p)).text);
    const values = columns.map((c, i) => `v[${i + 1}] AS ${quote(c)}`);
    const extract = pointers.length ? `, json_extract_string(j, [${pointers.join(', ')}]) AS v` : '';
    await db.run(sql`CREATE OR REPLACE TABLE ${ident(t.raw)} AS
      SELECT ${raw([...values, quote(REC)].join(', '))}
      FROM (SELECT rec AS ${ident(REC)}${raw(extract)} FROM ${ident(t.parsed)} WHERE ok)
      ORDER BY ${ident(REC)}`);
    const object = await db.one<{ o: string | null }>(sql`SELECT json_extract_string(j, '/attributes/type') AS o FROM ${ident(t.parsed)}
      WHERE ok AND json_extract_string(j, '/attributes/type') IS NOT NULL ORDER BY rec LIMIT 1`);
    await db.run(sql`DROP TABLE ${ident(t.parsed)}`);
    await db.run(sql`CREATE OR REPLACE VIEW ${ident(`src_${id}`)} AS SELECT * FROM ${ident(t.raw)}`);
    const view = `grp_json_${id}`;
    await db.run(sql`CREATE OR REPLACE VIEW ${ident(view)} AS SELECT * EXCLUDE (${ident(REC)}), ${raw(String(id))} AS ${ident(SOURCE_ID)}, ${ident(REC)} FROM ${ident(t.raw)}`);
    const rows = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(t.raw)}`))?.n ?? 0;
    return { view, columns, rows, rejected, object: object?.o ?? null, failure: null };
  } catch (e) {
    for (const table of Object.values(t)) await db.run(sql`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);
    await db.run(sql`DELETE FROM quarantine WHERE source_id = ${id}`).catch(() => undefined); // the file as a whole is reported instead
    if (signal?.aborted) throw e;
    return { view: null, columns: [], rows: 0, rejected: 0, object: null, failure: firstLine(e) };
  }
}

/** Streams the file's record texts into a staging table, one DuckDB data chunk at a time. */
async function stageRecords(
  db: CaseDb,
  table: string,
  filePath: string,
  detection: Pick<Detection, 'encoding' | 'format'>,
  signal: AbortSignal | undefined,
): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE ${ident(table)} (rec BIGINT, line BIGINT, byte BIGINT, text VARCHAR, problem VARCHAR)`);
  // Byte positions are the file's own only when its bytes were not re-encoded.
  const ownBytes = readableByDuckDb(detection.encoding);
  const format = detection.format === 'ndjson' ? 'ndjson' : 'json';
  const appender = await db.connection.createAppender(table);
  try {
    let cols: [bigint[], bigint[], (bigint | null)[], string[], (string | null)[]] = [[], [], [], [], []];
    const flush = (): void => {
      const chunk = DuckDBDataChunk.create([BIGINT, BIGINT, BIGINT, VARCHAR, VARCHAR], cols[0].length);
      chunk.setColumns(cols);
      appender.appendDataChunk(chunk);
      cols = [[], [], [], [], []];
    };
    for await (const r of jsonRecordTexts(utf8Chunks(filePath, detection.encoding), format)) {
      cols[0].push(BigInt(r.rec));
      cols[1].push(BigInt(r.line));
      cols[2].push(ownBytes ? BigInt(r.byte) : null);
      cols[3].push(r.text);
      cols[4].push(r.problem);
      if (cols[0].length >= CHUNK_ROWS) {
        signal?.throwIfAborted();
        flush();
      }
    }
    if (cols[0].length) flush();
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Writes one quarantine row per unusable record; returns how many. */
async function quarantineBadRecords(db: CaseDb, sourceId: number, parsed: string): Promise<number> {
  await db.run(sql`INSERT INTO quarantine SELECT ${sourceId}, line, byte, NULL,
      CASE WHEN problem = 'truncated' THEN 'TRUNCATED RECORD' WHEN problem = 'too large' THEN 'RECORD TOO LARGE'
           WHEN problem = 'invalid utf-8' THEN 'INVALID UNICODE' WHEN j IS NULL THEN 'INVALID JSON' ELSE 'NOT AN OBJECT' END,
      left(text, ${RAW_TEXT_LIMIT}),
      'record ' || rec || ': ' || CASE WHEN problem = 'truncated' THEN 'the file ends inside this record'
           WHEN problem = 'too large' THEN 'larger than the largest record read (only its beginning is kept)'
           WHEN problem = 'invalid utf-8' THEN 'bytes that are not UTF-8 (shown as U+FFFD here; the file has the originals)'
           WHEN j IS NULL THEN 'not valid JSON' ELSE 'a JSON ' || lower(json_type(j)) || ', not an object with fields' END
    FROM ${ident(parsed)} WHERE NOT ok ORDER BY rec`);
  const bad = await db.all<{ rec: number; text: string }>(
    sql`SELECT rec, text FROM ${ident(parsed)} WHERE NOT ok AND problem IS NULL AND j IS NULL ORDER BY rec LIMIT ${DETAILED_ERRORS}`,
  );
  for (const b of bad) {
    const detail = await db.one(sql`SELECT json(${b.text}) AS j`).then(
      () => null,
      (e: unknown) => firstLine(e).replace(/^Invalid Input Error: /, '').replace(/\s*Input: .*$/s, ''),
    );
    if (!detail) continue;
    await db.run(sql`UPDATE quarantine SET message = ${`record ${b.rec}: not valid JSON (${detail})`}
      WHERE source_id = ${sourceId} AND message = ${`record ${b.rec}: not valid JSON`}`);
  }
  return (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(parsed)} WHERE NOT ok`))?.n ?? 0;
}

/** Dotted column names, made unique where DuckDB's case-insensitive names would collide, none in the engine's namespace. */
function columnNames(paths: string[][]): string[] {
  const seen = new Set([REC, SOURCE_ID]);
  return paths.map((p) => {
    const dotted = p.map((k) => (k === '' ? '(empty key)' : k)).join('.');
    const base = isInternalName(dotted) ? `x${dotted}` : dotted; // the engine's own columns start with __ls_
    let name = base;
    for (let n = 2; seen.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 500);
}
