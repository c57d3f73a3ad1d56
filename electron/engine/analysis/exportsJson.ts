/**
 * exports.json written straight from the tables: DuckDB COPYs every export (with its evidence,
 * flags, files, where its IP is and whether it is in scope) as a JSON array into a work file, and the header is
 * wrapped around it as the file streams out. No export passes through JavaScript.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CaseDb } from '../store/duck.js';
import { literal, raw, sql } from '../store/sql.js';

const ISO = `'%Y-%m-%dT%H:%M:%S.%gZ'`;

// The evidence of an export in event id order: sorting each list of structs (source id, then record: the event id's
// order, as file and sha256 follow from the source) costs a third of `list(… ORDER BY event_id)`'s ordered aggregate.

/** Writes `file` as `{ ...header, exports: [...] }` in time order (docs/OUTPUTS.md, exports.json); returns its SHA-256. */
export async function writeExportsJson(db: CaseDb, file: string, header: Record<string, unknown>): Promise<string> {
  const work = `${file}.part`;
  await db.run(sql`CREATE TABLE IF NOT EXISTS in_scope_exports (export_id VARCHAR)`);
  await db.run(sql`CREATE TABLE IF NOT EXISTS ip_intel (ip VARCHAR, country VARCHAR, asn BIGINT, as_org VARCHAR, network VARCHAR)`);
  await db.run(sql`COPY (
    WITH ev AS (SELECT ee.export_id, list_sort(list({'sourceId': (ee.event_id >> 32)::INTEGER, 'file': coalesce(s.path, ''), 'sha256': coalesce(s.sha256, ''),
          'record': ee.event_id & 4294967295, 'eventType': ee.event_type, 'role': ee.role})) AS evidence
        FROM export_events ee LEFT JOIN sources s ON s.id = (ee.event_id >> 32) GROUP BY ee.export_id),
    fl AS (SELECT export_id, list({'code': code, 'message': message} ORDER BY code) AS reasons FROM flags GROUP BY export_id),
    fi AS (SELECT export_id, list({'documentId': document_id, 'versionId': version_id, 'title': title, 'fileType': file_type,
          'sizeBytes': size_bytes, 'namedFrom': named_from} ORDER BY event_id) AS files FROM files GROUP BY export_id)
    SELECT x.export_id AS "id", {'id': x.org_id, 'name': x.org_name} AS "org", x.channel AS "channel",
      {'connectedAppId': x.app_id, 'name': x.app_name, 'basis': x.app_basis} AS "integration",
      {'id': x.user_id, 'username': x.username} AS "user", x.object AS "object", x.query AS "query",
      strftime(x.start_ts, ${raw(ISO)}) AS "start", strftime(x.end_ts, ${raw(ISO)}) AS "end", x.rows AS "rows",
      x.client_ip AS "sourceIp",
      CASE WHEN x.client_ip IS NOT NULL THEN {'country': i.country, 'asn': i.asn, 'org': i.as_org, 'network': i.network} END AS "sourceIpInfo",
      x.user_agent AS "userAgent", x.session_key AS "sessionKey", x.login_key AS "loginKey",
      coalesce(x.request_ids, []) AS "requestIds", fl.reasons IS NOT NULL AS "suspicious", coalesce(fl.reasons, []) AS "reasons",
      x.count_only AS "countOnly", x.job_id AS "jobId", x.job_status AS "jobStatus", strftime(x.deleted_at, ${raw(ISO)}) AS "deletedAt",
      coalesce(fi.files, []) AS "files", coalesce(ev.evidence, []) AS "evidence", s.export_id IS NOT NULL AS "inScope"
    FROM exports x LEFT JOIN ev ON ev.export_id = x.export_id LEFT JOIN fl ON fl.export_id = x.export_id
    LEFT JOIN fi ON fi.export_id = x.export_id LEFT JOIN in_scope_exports s ON s.export_id = x.export_id
    LEFT JOIN ip_intel i ON i.ip = x.client_ip
    ORDER BY x.start_ts, x.export_id) TO ${literal(work)} (FORMAT JSON, ARRAY true)`);
  const head = JSON.stringify(header, null, 2);
  // Hashed as it is written, so the manifest need not read the largest output again.
  const hash = createHash('sha256');
  const hashed = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const out = createWriteStream(file);
  const write = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    hash.update(bytes);
    out.write(bytes);
  };
  write(`${head.slice(0, head.lastIndexOf('}')).trimEnd()},\n  "exports": `);
  await pipeline(createReadStream(work), hashed, out, { end: false });
  const tail = Buffer.from('\n}\n', 'utf8');
  hash.update(tail);
  await new Promise<void>((resolve, reject) => out.end(tail, () => resolve()).on('error', reject));
  await rm(work, { force: true });
  return hash.digest('hex');
}
