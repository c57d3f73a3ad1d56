/**
 * exports.json written by DuckDB (exportsJson.ts): valid JSON whose exports, read back, are the hand-built case's
 * exports in time order (then id) with their evidence in event id order, flags, files, IP details and scope; text
 * that needs escaping (quotes, commas, tabs, line breaks, non-ASCII) survives; the returned SHA-256 is the file's;
 * an empty case writes an empty list.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExportTables } from '../../electron/engine/analysis/exportTables.js';
import { writeExportsJson } from '../../electron/engine/analysis/exportsJson.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';

const HOSTILE = 'SELECT Id, "Name", Email FROM Contact WHERE Name = \'a,b\'\tAND x\n— Zoë 💾 \\ end';
const header = { schemaVersion: 1, tool: { name: 'Leakscope', version: 't' }, caseDir: '/case', scope: { from: null } };
let dir: string;
let db: CaseDb;

const ev = (source: number, record: number): bigint => (BigInt(source) << 32n) + BigInt(record);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-exports-json-'));
  db = await CaseDb.open(':memory:');
  await migrate(db);
  await createExportTables(db);
  // The evidence is named by its path relative to the folder given (`name`), never the absolute `path`.
  for (const [id, file, sha] of [[1, 'ev/RestApi "1".csv', 'a'.repeat(64)], [2, 'ev/ApiEvent.csv', 'b'.repeat(64)]] as const) {
    await db.run(sql`INSERT INTO sources (id, path, name, sha256, bytes, modified_at, kind, imported_at) VALUES (${id}, ${`/abs/${file}`}, ${file}, ${sha}, 1, 'm', 'elf', 'i')`);
  }
  const x = (id: string, start: string, query: string | null, ip: string | null) => sql`INSERT INTO exports (export_id, org_id, org_name, channel, object, query, count_only,
    start_ts, end_ts, rows, user_id, username, app_id, app_name, app_basis, client_ip, user_agent, request_ids)
    VALUES (${id}, '00D000000000001AAA', NULL, 'rest_query', 'Contact', ${query}, false, CAST(${start} AS TIMESTAMP), CAST(${start} AS TIMESTAMP) + INTERVAL 2 SECOND,
      10, '005000000000001AAA', 'u@example.com', NULL, NULL, 'none', ${ip}, 'python-requests/2.31', ['r2', 'r1'])`;
  // Inserted out of order: the file is in time order, then by id.
  await db.run(x('X-000000000003', '2025-07-02 10:00:00.5', HOSTILE, '203.0.113.9'));
  await db.run(x('X-000000000002', '2025-07-01 09:00:00', null, null));
  await db.run(x('X-000000000001', '2025-07-02 10:00:00.5', 'SELECT Id FROM Lead', '198.51.100.1'));
  for (const [xid, e, role] of [['X-000000000003', ev(2, 7), 'rtem_twin'], ['X-000000000003', ev(1, 40), 'page'], ['X-000000000003', ev(1, 3), 'query'], ['X-000000000002', ev(1, 1), 'query']] as const) {
    await db.run(sql`INSERT INTO export_events VALUES (${xid}, ${e}, ${role}, ${role === 'rtem_twin' ? 'ApiEvent' : 'RestApi'})`);
  }
  await db.run(sql`INSERT INTO flags VALUES ('X-000000000003', 'scripting_user_agent', 'Scripted "client"', []), ('X-000000000003', 'ioc_ip', 'Known address', [])`);
  await db.run(sql`CREATE TABLE in_scope_exports AS SELECT 'X-000000000003' AS export_id`);
  await db.run(sql`CREATE TABLE ip_intel AS SELECT '203.0.113.9' AS ip, 'ZZ' AS country, 64500::BIGINT AS asn, 'Example "Net"' AS as_org, '203.0.113.0/24' AS network`);
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('exports.json from the case tables', () => {
  it('holds every export in time order with its evidence, flags, IP and scope, hashed as written', async () => {
    const file = path.join(dir, 'exports.json');
    const sha = await writeExportsJson(db, file, header);
    const text = readFileSync(file);
    expect(sha).toBe(createHash('sha256').update(text).digest('hex'));
    const doc = JSON.parse(text.toString('utf8')) as { schemaVersion: number; exports: Record<string, unknown>[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.exports.map((e) => e['id'])).toEqual(['X-000000000002', 'X-000000000001', 'X-000000000003']);
    const hostile = doc.exports[2]!;
    expect(hostile).toMatchObject({
      query: HOSTILE, start: '2025-07-02T10:00:00.500Z', end: '2025-07-02T10:00:02.500Z', suspicious: true, inScope: true,
      sourceIp: '203.0.113.9', sourceIpInfo: { country: 'ZZ', asn: 64500, org: 'Example "Net"', network: '203.0.113.0/24' },
      requestIds: ['r2', 'r1'], files: [], reasons: [{ code: 'ioc_ip', message: 'Known address' }, { code: 'scripting_user_agent', message: 'Scripted "client"' }],
    });
    expect(hostile['evidence']).toEqual([
      { sourceId: 1, file: 'ev/RestApi "1".csv', sha256: 'a'.repeat(64), record: 3, eventType: 'RestApi', role: 'query' },
      { sourceId: 1, file: 'ev/RestApi "1".csv', sha256: 'a'.repeat(64), record: 40, eventType: 'RestApi', role: 'page' },
      { sourceId: 2, file: 'ev/ApiEvent.csv', sha256: 'b'.repeat(64), record: 7, eventType: 'ApiEvent', role: 'rtem_twin' },
    ]);
    // An address the dataset does not know still gets its (empty) details; no address, none.
    expect(doc.exports[1]).toMatchObject({ evidence: [], suspicious: false, inScope: false, reasons: [], sourceIpInfo: { country: null, asn: null, org: null, network: null } });
    expect(doc.exports[0]).toMatchObject({ sourceIp: null, sourceIpInfo: null, query: null });
    // The list's last element takes no comma and the document ends as the header's object closes.
    expect(text.toString('utf8').endsWith('"inScope":true}\n]\n\n}\n')).toBe(true);
  });

  it('writes the same bytes in batches of start times as in one COPY (a large case), exports of one start time kept together', async () => {
    const whole = path.join(dir, 'whole.json');
    const batched = path.join(dir, 'batched.json');
    const sha = await writeExportsJson(db, whole, header);
    // Three exports, one a batch: cut at the start-time terciles, two exports share the last start time.
    expect(await writeExportsJson(db, batched, header, { batchExports: 1 })).toBe(sha);
    expect(readFileSync(batched).equals(readFileSync(whole))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('writes an empty list for a case without exports', async () => {
    const empty = await CaseDb.open(':memory:');
    await migrate(empty);
    await createExportTables(empty);
    const file = path.join(dir, 'empty.json');
    await writeExportsJson(empty, file, header);
    empty.close();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ ...header, exports: [] });
  });
});
