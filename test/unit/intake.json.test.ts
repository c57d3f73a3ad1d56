/**
 * JSON evidence through detection and the JSON loader: the published reference samples exactly as
 * they were collected (REST query responses, Elastic NDJSON, SEKOIA messages, the Sentinel
 * export), plus the shapes investigators receive — `sf data query --json` output, plain arrays,
 * NDJSON with a broken line, relationship fields, a Windows PowerShell UTF-16 redirect, a file
 * cut off mid-record — and the investigator naming the object.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceKind } from '../../shared/domain.js';
import { detectSource, type Detection } from '../../electron/engine/intake/detect.js';
import { loadJsonSource, type JsonLoad } from '../../electron/engine/intake/json.js';
import { appendEvents } from '../../electron/engine/intake/normalize.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { ident, sql } from '../../electron/engine/store/sql.js';

const SAMPLES = '/work/shared/reference/elf/samples';
const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-json-'));
let db: CaseDb;
beforeAll(async () => {
  db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  await migrate(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

let nextSource = 1;
async function take(file: string, as?: string): Promise<{ id: number; detection: Detection; load: JsonLoad; rows: Record<string, string | number | null>[] }> {
  const detection = await detectSource(file, as === undefined ? {} : { as });
  const id = nextSource++;
  const load = await loadJsonSource(db, id, file, detection);
  expect(load.failure).toBeNull();
  const rows = load.view ? await db.all<Record<string, string | number | null>>(sql`SELECT * FROM ${ident(`src_${id}`)} ORDER BY __ls_rec`) : [];
  return { id, detection, load, rows };
}
function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
function sample(name: string): string {
  const file = path.join(dir, 'samples', name);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(path.join(SAMPLES, name), file);
  return file;
}

interface Expected {
  file: string;
  kind: SourceKind;
  detail: string | null;
  format: 'json' | 'ndjson';
  object: string | null;
  rows: number;
  values: Record<string, string | null>[]; // a few exact values of the first rows
}
const PUBLISHED: Expected[] = [
  { file: 'beats_inputtest_LoginEvent_query_response.json', kind: 'rtem', detail: 'LoginEvent', format: 'json', object: 'LoginEvent', rows: 1,
    values: [{ EventIdentifier: '00044326-ed4a-421a-a0a8-e62ea626f3af', LoginLatitude: '19.0748', EvaluationTime: '0', SourceIp: '134.238.252.19' }] },
  { file: 'elastic_mock_LoginEvent_query_response.json', kind: 'rtem', detail: 'LoginEvent', format: 'json', object: 'LoginEvent', rows: 1,
    values: [{ EventIdentifier: 'f8c0ee8b-23a0-4c38-9c15-b054291d9a8b', RelatedEventIdentifier: null, LoginSubType: 'OAuth Username-Password' }] },
  { file: 'elastic_mock_LogoutEvent_query_response.json', kind: 'rtem', detail: 'LogoutEvent', format: 'json', object: 'LogoutEvent', rows: 1,
    values: [{ EventIdentifier: '6f86fbe7-17a3-4a02-8dfe-dee2a38ab73a', SessionKey: 'KVpUGBG7dN8Vk40A' }] },
  { file: 'elastic_mock_AuraRequestEventLog_query_response.json', kind: 'rtem', detail: 'AuraRequestEventLog', format: 'json', object: 'AuraRequestEventLog', rows: 1,
    values: [{ RequestIdentifier: 'TID:1a2b3c4d5e6f7890', CpuTime: '267', Timestamp: '2026-08-05T02:52:53.911+0000' }] },
  { file: 'elastic_mock_SetupAuditTrail_query_response.json', kind: 'sobject', detail: 'SetupAuditTrail', format: 'json', object: 'SetupAuditTrail', rows: 1,
    values: [{ Action: 'insertConnectedApplication', Section: 'Connected Apps', CreatedByIssuer: null, Id: '0Ym5j000019nwonCAA' }] },
  { file: 'elastic_test-setupaudittrail.log', kind: 'sobject', detail: 'SetupAuditTrail', format: 'ndjson', object: 'SetupAuditTrail', rows: 1,
    values: [{ Action: 'insertConnectedApplication', ResponsibleNamespacePrefix: 'namespaceprefix' }] },
  { file: 'elastic_test-login-eventlogfile.log', kind: 'elf', detail: null, format: 'ndjson', object: null, rows: 1,
    values: [{ EVENT_TYPE: 'Login', USER_NAME: 'user@elastic.co', TIMESTAMP: '20220913052243.429', LOGIN_KEY: 'NK2oPJrJze8tH+vC' }] },
  { file: 'elastic_mock_EventLogFile_query_response.json', kind: 'listing', detail: 'EventLogFile', format: 'json', object: 'EventLogFile', rows: 1,
    values: [{ Id: '0AT5j00002GVrfnGAD', LogDate: '2022-09-13T00:00:00.000+0000' }] },
  { file: 'lsfdc_eventlogfile_list.json', kind: 'listing', detail: 'EventLogFile', format: 'json', object: 'EventLogFile', rows: 5,
    values: ['ApexExecution', 'BulkApi', 'Login', 'QueuedExecution', 'RestApi'].map((t) => ({ EventType: t, LogFileLength: '0.0' })) },
  { file: 'lsfdc_create_event_ELF_list1.json', kind: 'listing', detail: 'EventLogFile', format: 'json', object: 'EventLogFile', rows: 1,
    values: [{ EventType: 'UITracking', LogDate: '2015-07-23T00:00:00.000+0000' }] },
  { file: 'newrelic_sample_log_lines.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 2,
    values: [{ REQUEST_ID: 'YYZ:abcdef123456', URL: '"https://test.local.test"' }, { REQUEST_ID: 'YYZ:fedcba654321', RUN_TIME: '5150' }] },
  { file: 'sekoia_salesforce_api_total_usage.message.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 1,
    values: [{ EVENT_TYPE: 'ApiTotalUsage', CONNECTED_APP_ID: '0H468000000kPN4', ENTITY_NAME: 'EventLogFile' }] },
  { file: 'sekoia_salesforce_apex_rest_api.message.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 1,
    values: [{ EVENT_TYPE: 'ApexRestApi', USER_AGENT: '12024001', CLIENT_NAME: '' }] },
  { file: 'sekoia_salesforce_content_transfer_event.message.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 1,
    values: [{ EVENT_TYPE: 'ContentTransfer', SIZE_BYTES: '11763' }] },
  { file: 'sekoia_salesforce_login_event_1.message.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 1,
    values: [{ EVENT_TYPE: 'Login', LOGIN_SUB_TYPE: 'oauthclientcredentials', BROWSER_TYPE: 'python-requests/2.28.0' }] },
  { file: 'sentinel_SalesforceServiceCloud_CL.subset.json', kind: 'elf', detail: null, format: 'json', object: null, rows: 21,
    values: [{ event_type: 'API', timestamp: '20201016100000.049', user_id_derived: '0053X00000BoLQRQA3' }, { event_type: 'ApexRestApi', request_id: '4Ytkm30jvgnnuK0fHv4xbV' }] },
];

describe('the published reference samples', () => {
  for (const e of PUBLISHED) {
    it(`${e.file}: ${e.kind} ${e.detail ?? ''}, ${e.rows} row(s)`, async () => {
      const got = await take(sample(e.file));
      expect(got.detection).toMatchObject({ kind: e.kind, detail: e.detail, format: e.format, encoding: 'utf-8' });
      expect(got.load).toMatchObject({ rows: e.rows, rejected: 0, object: e.object });
      expect(got.rows.map((r) => r['__ls_rec'])).toEqual(Array.from({ length: e.rows }, (_, i) => i + 1));
      e.values.forEach((v, i) => expect(got.rows[i]).toMatchObject(v));
      expect(got.load.columns.some((c) => c.startsWith('attributes'))).toBe(false);
    });
  }

  it('the describe result of EventLogFile is metadata, not records', async () => {
    const d = await detectSource(sample('lsfdc_eventlogfile_describe.json'));
    expect(d.kind).toBe('unknown');
    expect(d.reason).toMatch(/describe/);
  });

  it('Sentinel rows feed the events table like EventLogFile CSV rows, traced to source and record', async () => {
    const got = await take(sample('sentinel_SalesforceServiceCloud_CL.subset.json'));
    expect(got.load.columns).toContain('_note_added_by_researcher'); // a key only one record has is still a column
    await appendEvents(db, { table: got.load.view!, columns: got.load.columns, fixedEventType: null });
    const ev = await db.all<{ event_type: string; ts: string; source_record: number; user_id: string }>(
      sql`SELECT event_type, ts, source_record, user_id FROM events WHERE source_id = ${got.id} ORDER BY source_record`,
    );
    expect(ev).toHaveLength(21);
    expect(ev[0]).toEqual({ event_type: 'API', ts: '2020-10-16T10:00:00.049Z', source_record: 1, user_id: '0053X00000BoLQRQA3' });
    expect(ev.find((x) => x.event_type === 'ReportExport')?.source_record).toBe(16);
  });
});

const user = (n: number, profile: string | null): Record<string, unknown> => ({
  attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/0055j00000AT6I${n}AAL` },
  Id: `0055j00000AT6I${n}AAL`,
  Username: `analyst${n}@acme.example`,
  IsActive: n !== 2,
  CreatedBy: profile === null ? null : { attributes: { type: 'User', url: '/x' }, Username: 'admin@acme.example', Profile: { attributes: { type: 'Profile', url: '/y' }, Name: profile } },
});

describe('shapes investigators receive', () => {
  it('`sf data query --json` output: records under result, relationships flattened to dotted columns', async () => {
    const out = { status: 0, result: { records: [user(1, 'System Administrator'), user(2, null), user(3, 'Integration User')], totalSize: 3, done: true }, warnings: [] };
    const got = await take(write('sf/users.json', JSON.stringify(out, null, 2)));
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'User', format: 'json' });
    expect(got.load).toMatchObject({ rows: 3, rejected: 0, object: 'User' });
    expect(got.load.columns).toEqual(['Id', 'Username', 'IsActive', 'CreatedBy.Username', 'CreatedBy.Profile.Name']);
    expect(got.rows.map((r) => [r['Username'], r['IsActive'], r['CreatedBy.Username'], r['CreatedBy.Profile.Name']])).toEqual([
      ['analyst1@acme.example', 'true', 'admin@acme.example', 'System Administrator'],
      ['analyst2@acme.example', 'false', null, null],
      ['analyst3@acme.example', 'true', 'admin@acme.example', 'Integration User'],
    ]);
  });

  it('a plain array named Contact.json; a bad record in a one-line file is quarantined by byte position', async () => {
    const text = '[{"Id":"0035j00000LxQ1aAAF","Email":"zoe@example.de"},{"Id":"0035j00000LxQ1bAAF","Email": tru},{"Id":"0035j00000LxQ1cAAF","Email":null}]';
    const got = await take(write('array/Contact.json', text));
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', format: 'json' });
    expect(got.load).toMatchObject({ rows: 2, rejected: 1, object: null });
    expect(got.rows.map((r) => [r['__ls_rec'], r['Id'], r['Email']])).toEqual([[1, '0035j00000LxQ1aAAF', 'zoe@example.de'], [3, '0035j00000LxQ1cAAF', null]]);
    const q = await db.all(sql`SELECT line, byte_position, error_type, raw_text FROM quarantine WHERE source_id = ${got.id}`);
    expect(q).toEqual([{ line: 1, byte_position: text.indexOf('{"Id":"0035j00000LxQ1bAAF"'), error_type: 'INVALID JSON', raw_text: '{"Id":"0035j00000LxQ1bAAF","Email": tru}' }]);
  });

  it('NDJSON with one broken line: the line is quarantined with its number, every good line kept', async () => {
    const ev = (n: number): string => JSON.stringify({ attributes: { type: 'ApiEvent' }, EventIdentifier: `a1b2c3d4-0000-4000-8000-00000000000${n}`, EventDate: `2025-08-04T10:0${n}:00.000+0000`, Username: 'svc-integration@acme.example', Query: 'SELECT Id, Email FROM Contact', RowsProcessed: 1000 * n, SessionKey: 'KVpUGBG7dN8Vk40A' });
    const lines = [ev(1), ev(2), '{"attributes":{"type":"ApiEvent"},"EventIdentifier":"a1b2c3d4-0000-4000-8000-000000000003","Query":"SELECT Id FROM Cont', ev(4), '', ev(5)];
    const text = lines.join('\r\n') + '\r\n';
    const got = await take(write('ndjson/ApiEvent.ndjson', text));
    expect(got.detection).toMatchObject({ kind: 'rtem', detail: 'ApiEvent', format: 'ndjson' });
    expect(got.load).toMatchObject({ rows: 4, rejected: 1, object: 'ApiEvent' });
    expect(got.rows.map((r) => [r['__ls_rec'], r['RowsProcessed']])).toEqual([[1, '1000'], [2, '2000'], [4, '4000'], [5, '5000']]);
    const q = await db.all<{ line: number; byte_position: number; error_type: string; raw_text: string; message: string }>(
      sql`SELECT line, byte_position, error_type, raw_text, message FROM quarantine WHERE source_id = ${got.id}`,
    );
    expect(q).toHaveLength(1);
    expect(q[0]).toMatchObject({ line: 3, byte_position: text.indexOf(lines[2]!), error_type: 'INVALID JSON', raw_text: lines[2] });
    expect(q[0]!.message).toMatch(/^record 3: not valid JSON \(.+\)$/);
  });

  it('a line with bytes that are not UTF-8 is quarantined, never silently altered', async () => {
    const line = (n: number, name: Buffer): Buffer => Buffer.concat([Buffer.from(`{"attributes":{"type":"Contact"},"Id":"0035j00000LxQ1${n}AAF","LastName":"`), name, Buffer.from('"}\n')]);
    const file = write('utf8/Contact.ndjson', Buffer.concat([line(1, Buffer.from('Müller')), line(2, Buffer.from([0x52, 0xe9, 0x6d, 0x79])), line(3, Buffer.from('São'))]));
    const got = await take(file);
    expect(got.detection).toMatchObject({ encoding: 'utf-8', format: 'ndjson' });
    expect(got.rows.map((r) => r['LastName'])).toEqual(['Müller', 'São']);
    const q = await db.all(sql`SELECT line, error_type FROM quarantine WHERE source_id = ${got.id}`);
    expect(q).toEqual([{ line: 2, error_type: 'INVALID UNICODE' }]);
  });

  it('a JSON export cut off mid-record keeps every complete record and quarantines the partial one', async () => {
    const full = JSON.stringify({ totalSize: 3, done: true, records: [user(1, 'A'), user(2, 'B'), user(3, 'C')] }, null, 2);
    const cut = full.slice(0, full.indexOf('analyst3@acme.example'));
    const got = await take(write('cut/User.json', cut));
    expect(got.load).toMatchObject({ rows: 2, rejected: 1 });
    const q = await db.all(sql`SELECT line, error_type FROM quarantine WHERE source_id = ${got.id}`);
    expect(q).toEqual([{ line: cut.slice(0, cut.lastIndexOf('{\n      "attributes"')).split('\n').length, error_type: 'TRUNCATED RECORD' }]);
  });

  it('a query saved by Windows PowerShell 5 (`> file.json`, UTF-16 LE with BOM) reads the same', async () => {
    const out = { totalSize: 1, done: true, records: [{ attributes: { type: 'Contact' }, Id: '0035j00000LxQ1aAAF', LastName: 'Müller', MailingCity: 'Québec' }] };
    const file = write('ps/Contact.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(out, null, 4).replaceAll('\n', '\r\n'), 'utf16le')]));
    const got = await take(file);
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', encoding: 'utf-16le', format: 'json' });
    expect(got.rows).toEqual([{ Id: '0035j00000LxQ1aAAF', LastName: 'Müller', MailingCity: 'Québec', __ls_rec: 1 }]);
  });

  it('keys named like the engine\'s own columns load as evidence columns beside the record number', async () => {
    const rows = [{ Id: '0035j00000LxQ1aAAF', _rec: 'a', __source_id: 'b', __ls_rec: 'c', rowid: 'd' }];
    const got = await take(write('names/Contact.json', JSON.stringify(rows)));
    expect(got.rows).toEqual([{ Id: '0035j00000LxQ1aAAF', _rec: 'a', __source_id: 'b', x__ls_rec: 'c', rowid: 'd', __ls_rec: 1 }]);
  });

  it('the investigator names the object: `as: Contact` wins over the file name and attributes.type', async () => {
    const rows = [{ Id: '00Q5j00000AbCdEAAV', Email: 'lead@example.com' }];
    const named = await take(write('as/people-export.json', JSON.stringify(rows)), 'Contact');
    expect(named.detection).toMatchObject({ kind: 'sobject', detail: 'Contact' });
    expect(named.rows).toEqual([{ Id: '00Q5j00000AbCdEAAV', Email: 'lead@example.com', __ls_rec: 1 }]);
    const typed = await detectSource(write('as/Lead.json', JSON.stringify(rows.map((r) => ({ attributes: { type: 'Lead' }, ...r })))), { as: 'Contact' });
    expect(typed).toMatchObject({ kind: 'sobject', detail: 'Contact' });
    expect((await detectSource(write('as/2025-08-04 export.json', JSON.stringify(rows)))).kind).toBe('unknown');
  });
});
