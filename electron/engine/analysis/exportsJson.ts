/**
 * exports.json written straight from the tables: DuckDB COPYs every export (with its evidence, flags, files, where
 * its IP is and whether it is in scope) as one JSON line each into a work file, and the header and the array's
 * brackets are wrapped around it as the file streams out, hashed on the way. No export passes through JavaScript.
 * A large case is COPYed in batches of consecutive start times (EXPORTS_JSON_BATCH_EVENTS).
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql, type SqlFragment } from '../store/sql.js';

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

/** The fields of an export in exports.json, in order, with the expression behind each (docs/OUTPUTS.md). */
const FIELDS: readonly [string, string][] = [
  ['id', 'x.export_id'], ['org', "{'id': x.org_id, 'name': x.org_name}"], ['channel', 'x.channel'],
  ['integration', "{'connectedAppId': x.app_id, 'name': x.app_name, 'basis': x.app_basis}"],
  ['user', "{'id': x.user_id, 'username': x.username}"], ['object', 'x.object'], ['query', 'x.query'],
  ['start', `strftime(x.start_ts, ${ISO})`], ['end', `strftime(x.end_ts, ${ISO})`], ['rows', 'x.rows'], ['sourceIp', 'x.client_ip'],
  ['sourceIpInfo', "CASE WHEN x.client_ip IS NOT NULL THEN {'country': i.country, 'asn': i.asn, 'org': i.as_org, 'network': i.network} END"],
  ['userAgent', 'x.user_agent'], ['sessionKey', 'x.session_key'], ['loginKey', 'x.login_key'],
  ['requestIds', 'coalesce(x.request_ids, [])'], ['suspicious', 'fl.reasons IS NOT NULL'], ['reasons', 'coalesce(fl.reasons, [])'],
  ['countOnly', 'x.count_only'], ['jobId', 'x.job_id'], ['jobStatus', 'x.job_status'], ['deletedAt', `strftime(x.deleted_at, ${ISO})`],
  ['files', 'coalesce(fi.files, [])'],
  // Each event as its source (file, SHA-256 from the few-row sources map), record, type and role, unpacked from the
  // export's sorted list of packed event ids (event id × k + the code of its type and role: see writeExportsJson).
  ['evidence', `coalesce(list_transform(ev.evidence, lambda v: {'sourceId': ((v // m.k) >> 32)::INTEGER, 'file': coalesce(m.src[((v // m.k) >> 32)::BIGINT].name, ''),
    'sha256': coalesce(m.src[((v // m.k) >> 32)::BIGINT].sha256, ''), 'record': (v // m.k) & 4294967295, 'eventType': m.codes[(v % m.k)::BIGINT].t, 'role': m.codes[(v % m.k)::BIGINT].r}), [])`],
  ['inScope', 's.export_id IS NOT NULL'],
];

/** What DuckDB's `FORMAT JSON, ARRAY true` writes for no rows, kept so an empty case's file stays as it was. */
const EMPTY_ARRAY = '[\n\t\n]\n';

/**
 * Exports per COPY. Each export's evidence is a list aggregate, whose state (about 125 bytes an export even for one
 * packed BIGINT a member; five times that for a list of structs) cannot spill: one statement over 4.6 million exports
 * ran out of DuckDB's 768 MB. Beyond this many the file is written in batches of consecutive start times, each its
 * own COPY in time order, and the parts are streamed out one after the other: the same bytes as one COPY.
 */
export const EXPORTS_JSON_BATCH_EXPORTS = 750_000;

/** Writes `file` as `{ ...header, exports: [...] }` in time order (docs/OUTPUTS.md, exports.json); returns its SHA-256. */
export async function writeExportsJson(db: CaseDb, file: string, header: Record<string, unknown>, options: { batchExports?: number } = {}): Promise<string> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS in_scope_exports (export_id VARCHAR)`);
  await db.run(sql`CREATE TABLE IF NOT EXISTS ip_intel (ip VARCHAR, country VARCHAR, asn BIGINT, as_org VARCHAR, network VARCHAR)`);
  // An evidence entry is packed into one number: event id × k + the code of its (type, role) pair, codes numbered in
  // the pairs' sort order, so sorting the numbers sorts by event id, then type, then role — as the entries sort. The
  // sources (file, SHA-256) and the pairs are maps of a few rows, looked up as each export's line is made. HUGEINT only
  // where event id × k would not fit a BIGINT.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE xj_codes AS
    SELECT t, r, (row_number() OVER (ORDER BY {'t': t, 'r': r}) - 1)::BIGINT AS code FROM (SELECT DISTINCT event_type AS t, role AS r FROM export_events)`);
  const fit = await db.one<{ k: number; big: boolean }>(sql`SELECT greatest(count(*), 1)::BIGINT AS k,
    coalesce((SELECT max(event_id) FROM export_events), 0)::HUGEINT * greatest(count(*), 1) >= 4611686018427387904::HUGEINT AS big FROM xj_codes`);
  const packed = raw(fit?.big ? 'HUGEINT' : 'BIGINT');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE xj_maps AS SELECT
    (SELECT map_from_entries(coalesce(list((id::BIGINT, {'name': name, 'sha256': sha256})), [])) FROM sources) AS src,
    (SELECT map_from_entries(coalesce(list((code, {'t': t, 'r': r})), [])) FROM xj_codes) AS codes,
    ${fit?.k ?? 1}::${packed} AS k`);
  const parts: string[] = [];
  try {
    for (const [i, range] of (await startRanges(db, options.batchExports ?? EXPORTS_JSON_BATCH_EXPORTS)).entries()) {
      parts.push(`${file}.part${i}`);
      await copyLines(db, parts.at(-1)!, range, packed);
    }
    const head = JSON.stringify(header, null, 2);
    let empty = true;
    for (const part of parts) if ((await stat(part)).size > 0) empty = false;
    // Hashed as it is written, so the manifest need not read the largest output again.
    const hash = createHash('sha256');
    const out = createWriteStream(file);
    const write = (text: string): void => {
      const bytes = Buffer.from(text, 'utf8');
      hash.update(bytes);
      out.write(bytes);
    };
    write(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "exports": ${empty ? EMPTY_ARRAY : '[\n'}`);
    if (!empty) await pipeline(Readable.from(concatenated(parts)), lastCommaDropped(), hashing(hash), out, { end: false });
    const tail = Buffer.from(`${empty ? '' : ']\n'}\n}\n`, 'utf8');
    hash.update(tail);
    await new Promise<void>((resolve, reject) => out.end(tail, () => resolve()).on('error', reject));
    return hash.digest('hex');
  } finally {
    for (const part of parts) await rm(part, { force: true });
    for (const t of [sql`DROP TABLE IF EXISTS xj_codes`, sql`DROP TABLE IF EXISTS xj_maps`]) await db.run(t);
  }
}

/** A batch of exports by start time (never null in `exports`): `from` ≤ start_ts < `to`, null meaning unbounded. */
interface StartRange {
  from: string | null;
  to: string | null;
}

/**
 * The start-time ranges of the batches: one unbounded range up to `batchExports` exports, else cut at start-time
 * quantiles into about exports / batchExports ranges. Exports of one start time always fall in one range, so the
 * ranges written one after the other keep the file's order (start time, then export id).
 */
async function startRanges(db: CaseDb, batchExports: number): Promise<StartRange[]> {
  const exports = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports`))?.n ?? 0;
  const batches = Math.ceil(exports / Math.max(1, batchExports));
  if (batches <= 1) return [{ from: null, to: null }];
  const cuts = Array.from({ length: batches - 1 }, (_, i) => (i + 1) / batches);
  const row = await db.one<{ q: string[] | null }>(sql`SELECT list_transform(quantile_disc(start_ts, ${raw(`[${cuts.join(', ')}]`)}),
    lambda t: strftime(t, '%Y-%m-%d %H:%M:%S.%f')) AS q FROM exports`);
  const bounds = [...new Set(row?.q ?? [])];
  return [null, ...bounds].map((from, i) => ({ from, to: bounds[i] ?? null }));
}

/** One COPY: the JSON line of every export in `range`, in time order, into `work`. */
async function copyLines(db: CaseDb, work: string, range: StartRange, packed: ReturnType<typeof raw>): Promise<void> {
  const inRange = sql`${range.from === null ? sql`true` : sql`x.start_ts >= CAST(${range.from} AS TIMESTAMP)`}
    AND ${range.to === null ? sql`true` : sql`x.start_ts < CAST(${range.to} AS TIMESTAMP)`}`;
  const whole = range.from === null && range.to === null;
  // Only this batch's exports: their ids (the hash join's build side) bound the evidence, flags and files read.
  const mine = (col: string): SqlFragment => whole ? sql`true` : sql`${raw(col)} IN (SELECT export_id FROM exports x WHERE ${inRange})`;
  // Each export becomes its JSON text before the sort, so the sort moves one string a row, not the nested lists (a
  // fifth less CPU than `FORMAT JSON` after the sort, same bytes). The evidence is in event id order: sorting each
  // list costs a third of `list(… ORDER BY event_id)`'s ordered aggregate.
  const json = `to_json({${FIELDS.map(([name, expr]) => `'${name}': ${expr}`).join(', ')}})::VARCHAR`;
  await db.run(sql`COPY (
    WITH ev AS (SELECT ee.export_id, list_sort(list(ee.event_id::${packed} * m.k + c.code)) AS evidence
        FROM export_events ee CROSS JOIN xj_maps m JOIN xj_codes c ON c.t IS NOT DISTINCT FROM ee.event_type AND c.r = ee.role
        WHERE ${mine('ee.export_id')} GROUP BY ee.export_id),
    fl AS (SELECT export_id, list({'code': code, 'message': message} ORDER BY code) AS reasons FROM flags WHERE ${mine('export_id')} GROUP BY export_id),
    fi AS (SELECT export_id, list({'documentId': document_id, 'versionId': version_id, 'title': title, 'fileType': file_type,
          'sizeBytes': size_bytes, 'namedFrom': named_from} ORDER BY event_id) AS files FROM files WHERE ${mine('export_id')} GROUP BY export_id)
    SELECT chr(9) || ${raw(json)} || ',' AS line
    FROM exports x CROSS JOIN xj_maps m LEFT JOIN ev ON ev.export_id = x.export_id LEFT JOIN fl ON fl.export_id = x.export_id
    LEFT JOIN fi ON fi.export_id = x.export_id LEFT JOIN in_scope_exports s ON s.export_id = x.export_id
    LEFT JOIN ip_intel i ON i.ip = x.client_ip
    WHERE ${inRange}
    ORDER BY x.start_ts, x.export_id) TO ${literal(work)} (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', NEW_LINE '\n')`);
}

/** The bytes of the files, one after the other. */
async function* concatenated(files: readonly string[]): AsyncGenerator<Buffer> {
  for (const f of files) for await (const chunk of createReadStream(f)) yield chunk as Buffer;
}

/** Passes bytes through, adding them to `hash`. */
function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/** Passes the lines through but for the last one's comma: every line ends `,\n`, the last export takes none. */
function lastCommaDropped(): Transform {
  let held = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const all = held.length > 0 ? Buffer.concat([held, chunk]) : chunk;
      held = Buffer.from(all.subarray(Math.max(0, all.length - 2)));
      done(null, all.subarray(0, Math.max(0, all.length - 2)));
    },
    flush(done) {
      done(null, held.toString('utf8') === ',\n' ? Buffer.from('\n') : held);
    },
  });
}
