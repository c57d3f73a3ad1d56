/**
 * Reconstruction in SQL on evidence files written here, through the real intake: every channel
 * and merge rule, two orgs in one case, bad rows, and ids that stay put when evidence is added.
 * Every expected figure is worked out by hand from the rows below.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCoverage } from '../../electron/engine/analysis/coverage.js';
import { countExports, readExportPage } from '../../electron/engine/analysis/exportReader.js';
import { exportFilterCondition, type ExportFilter } from '../../electron/engine/exportQueries.js';
import { reconstructExportTables, type ReconstructionOutcome } from '../../electron/engine/analysis/reconstruct.js';
import { RECON_BATCH } from '../../electron/engine/analysis/reconAssemble.js';
import type { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../../electron/engine/intake/intake.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { toId18 } from '../../shared/ids.js';
import { elfRow, openCase, writeCsv } from '../helpers/evidence.js';

const ORG_A = '00D5j000000NWDm';
const ORG_A18 = toId18(ORG_A)!;
const ORG_B = '00D8d000000XyZq';
const ORG_B18 = toId18(ORG_B)!;
const USER = '0055j0000GhyhKx';
const USER18 = toId18(USER)!;
const APP = '0H45j0000GuFEXG';
const APP18 = toId18(APP)!;

const root = mkdtempSync(path.join(os.tmpdir(), 'ls-recon-'));
const ev = path.join(root, 'evidence');
let db: CaseDb;
let custody: CustodyLog;
let outcome: ReconstructionOutcome;
const stages: string[] = [];

const rest = (iso: string, f: Record<string, string>): Record<string, string> =>
  elfRow('RestApi', iso, { REQUEST_ID: '', ORGANIZATION_ID: ORG_A, USER_ID: USER, URI: '', SESSION_KEY: 'S1', LOGIN_KEY: 'L1', METHOD: 'GET',
    ROWS_PROCESSED: '', ENTITY_NAME: '', CONNECTED_APP_ID: APP, USER_ID_DERIVED: USER18, CLIENT_IP: '203.0.113.9', ...f });

function writeEvidence(): void {
  writeCsv(path.join(ev, 'elf', 'RestApi-2025-07-26.csv'), [
    // A REST query and two nextRecordsUrl pages: one export of 2000 + 2000 + 500 rows.
    rest('2025-07-26T22:00:00.000Z', { REQUEST_ID: 'R1', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Contact', ROWS_PROCESSED: '2000' }),
    rest('2025-07-26T22:00:02.000Z', { REQUEST_ID: 'R2', URI: '/services/data/v62.0/query/01gD0000000abcdEAA-2000', ROWS_PROCESSED: '2000' }),
    rest('2025-07-26T22:00:04.000Z', { REQUEST_ID: 'R3', URI: '/services/data/v62.0/query/01gD0000000abcdEAA-4000', ROWS_PROCESSED: '500' }),
    // A second, separate query of the same session.
    rest('2025-07-26T22:01:00.000Z', { REQUEST_ID: 'R4', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Lead', ROWS_PROCESSED: '10' }),
    // An Account query whose RTEM twin has no RequestIdentifier (matched by session, object and time).
    rest('2025-07-26T22:05:00.000Z', { REQUEST_ID: 'R5', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Account', ROWS_PROCESSED: '7' }),
    // Bulk 2.0 job calls: result download and DELETE on the job URI (not query exports of their own).
    rest('2025-07-26T22:31:10.000Z', { REQUEST_ID: 'R6', SESSION_KEY: 'S2', URI: '/services/data/v62.0/jobs/query/7505j0000U21ynFAQQ/results', ENTITY_NAME: 'Contact' }),
    rest('2025-07-26T23:04:00.000Z', { REQUEST_ID: 'R7', SESSION_KEY: 'S2', METHOD: 'DELETE', URI: '/services/data/v62.0/jobs/query/7505j0000U21ynFAQQ' }),
    // A row dated 1900 (kept, with a warning) and one whose time cannot be read (a warning, no export).
    rest('1900-01-01T00:00:00.000Z', { REQUEST_ID: 'R8', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Case', ROWS_PROCESSED: '1' }),
    { ...rest('2025-07-26T22:09:00.000Z', { REQUEST_ID: 'R9', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Case', ROWS_PROCESSED: '1' }), TIMESTAMP: 'garbage', TIMESTAMP_DERIVED: 'garbage' },
    // Three app-less queries, named from the login's application (LoginEvent; LoginHistory as of the query) or the user's OAuth token.
    rest('2025-07-26T15:00:00.000Z', { REQUEST_ID: 'R50', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Contact', ROWS_PROCESSED: '5', SESSION_KEY: 'S9', LOGIN_KEY: 'L9', USER_ID: '0055j0000AbCdEf', USER_ID_DERIVED: toId18('0055j0000AbCdEf')!, CONNECTED_APP_ID: '' }),
    rest('2025-07-26T16:00:00.000Z', { REQUEST_ID: 'R51', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Contact', ROWS_PROCESSED: '6', SESSION_KEY: 'S10', LOGIN_KEY: 'L10', USER_ID: '0055j0000XyZaBc', USER_ID_DERIVED: toId18('0055j0000XyZaBc')!, CONNECTED_APP_ID: '' }),
    rest('2025-07-26T16:30:00.000Z', { REQUEST_ID: 'R52', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Contact', ROWS_PROCESSED: '7', SESSION_KEY: 'S11', LOGIN_KEY: 'L11', USER_ID: '0055j0000QwErTy', USER_ID_DERIVED: toId18('0055j0000QwErTy')!, CONNECTED_APP_ID: '' }),
    // Org B: the same request id and session key text, another org: never merged with org A's.
    // Session S12: a page first in its session (no query before it), a query with its page, and two pages after a gap of
    // more than 10 minutes: exports of 100, 2000 + 300 and 40 + 5 rows.
    ...([['R60', '22:10:00', '-2000', '100'], ['R61', '22:10:30', '', '2000'], ['R62', '22:10:32', '-2000', '300'],
      ['R63', '22:25:00', '-4000', '40'], ['R64', '22:25:01', '-6000', '5']] as const).map(([req, t, page, rows]) =>
      rest(`2025-07-26T${t}.000Z`, { REQUEST_ID: req, SESSION_KEY: 'S12', LOGIN_KEY: 'L12', ENTITY_NAME: 'Contact', ROWS_PROCESSED: rows,
        URI: page ? `/services/data/v62.0/query/01gD0000000wxyzEAA${page}` : '/services/data/v62.0/query' })),
    rest('2025-07-26T22:00:00.500Z', { ORGANIZATION_ID: ORG_B, REQUEST_ID: 'R1', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Contact', ROWS_PROCESSED: '3', SESSION_KEY: 'SB', LOGIN_KEY: 'LB', USER_ID: '0058d000001AbCd', USER_ID_DERIVED: '0058d000001AbCdAAK', CONNECTED_APP_ID: '' }),
  ]);
  writeCsv(path.join(ev, 'elf', 'API-2025-07-11.csv'), [
    // Data Loader: query + queryMore = one export of 618 rows (RTEM twins of both).
    ...[['R10', 'query', '500', '18:58:03.595'], ['R11', 'queryMore', '118', '18:58:04.316']].map(([req, method, rows, t]) =>
      elfRow('API', `2025-07-11T${t}Z`, { REQUEST_ID: req!, ORGANIZATION_ID: ORG_A, USER_ID: USER, SESSION_KEY: 'SD', LOGIN_KEY: 'LD', METHOD_NAME: method!, ENTITY_NAME: 'Lead', ROWS_PROCESSED: rows!, USER_ID_DERIVED: USER18, CLIENT_IP: '198.51.100.45' })),
  ]);
  const bulk2 = (iso: string, status: string, rows: string, job = '7505j0000U21ynF', session = 'S2'): Record<string, string> =>
    elfRow('BulkApi2', iso, { REQUEST_ID: `B${iso}`, ORGANIZATION_ID: ORG_A, USER_ID: USER, SESSION_KEY: session, LOGIN_KEY: 'L1', JOB_ID: job, OPERATION_TYPE: 'query', JOB_STATUS: status, ENTITY_TYPE: 'Contact', RECORDS_PROCESSED: rows, USER_ID_DERIVED: USER18, CLIENT_IP: '203.0.113.9' });
  writeCsv(path.join(ev, 'elf', 'BulkApi2-2025-07-26.csv'), [
    bulk2('2025-07-26T22:30:58.604Z', 'Open', ''),
    bulk2('2025-07-26T22:30:58.776Z', 'UploadComplete', ''),
    bulk2('2025-07-26T22:30:59.381Z', 'InProgress', '1287'),
    bulk2('2025-07-26T22:31:02.907Z', 'JobComplete', '1287'),
    // A second job, deleted as logged by its own status row.
    bulk2('2025-07-26T22:40:11.250Z', 'Open', '', '7505j0000NgIZGj'),
    bulk2('2025-07-26T22:40:12.302Z', 'JobComplete', '1077', '7505j0000NgIZGj'),
    bulk2('2025-07-26T23:04:40.096Z', 'Deleted', '', '7505j0000NgIZGj'),
  ]);
  const bulk1 = (iso: string, job: string, op: string, rows: string): Record<string, string> =>
    elfRow('BulkApi', iso, { REQUEST_ID: `C${iso}`, ORGANIZATION_ID: ORG_A, USER_ID: USER, SESSION_KEY: 'S5', LOGIN_KEY: 'L5', JOB_ID: job, BATCH_ID: '7515j0000ilMsJo', ROWS_PROCESSED: rows, ENTITY_TYPE: 'Lead', OPERATION_TYPE: op, USER_ID_DERIVED: USER18, CLIENT_IP: '198.51.100.45' });
  writeCsv(path.join(ev, 'elf', 'BulkApi-2025-07-03.csv'), [
    bulk1('2025-07-03T15:12:07.469Z', '7505j0000kJMd3E', 'query', '100'),
    bulk1('2025-07-03T15:12:08.517Z', '7505j0000kJMd3E', 'query', '20'),
    bulk1('2025-07-03T15:20:00.000Z', '7505j0000kJMzzz', 'insert', '50'),
  ]);
  writeCsv(path.join(ev, 'elf', 'ReportExport-2025-07-26.csv'), [
    elfRow('ReportExport', '2025-07-26T10:00:00.000Z', { REQUEST_ID: 'R20', ORGANIZATION_ID: ORG_A, USER_ID: USER, URI: '/00O5j0000bG7iFlEAJ', SESSION_KEY: 'S3', LOGIN_KEY: 'L3', CLIENT_INFO: 'Mozilla/5.0', USER_ID_DERIVED: USER18, CLIENT_IP: '198.51.100.28' }),
  ]);
  writeCsv(path.join(ev, 'elf', 'ContentTransfer-2025-07-26.csv'), [
    elfRow('ContentTransfer', '2025-07-26T11:00:00.000Z', { REQUEST_ID: 'R30', ORGANIZATION_ID: ORG_A, USER_ID: USER, DOCUMENT_ID: '0695j000000XyzW', VERSION_ID: '0685j000000AbcD', TRANSACTION_TYPE: 'VersionDownloadAction', SIZE_BYTES: '2048', FILE_TYPE: 'PDF', USER_ID_DERIVED: USER18 }),
    elfRow('ContentTransfer', '2025-07-26T11:05:00.000Z', { REQUEST_ID: 'R31', ORGANIZATION_ID: ORG_A, USER_ID: USER, DOCUMENT_ID: '0695j000000XyzW', VERSION_ID: '0685j000000AbcD', TRANSACTION_TYPE: 'saveVersion', SIZE_BYTES: '2048', FILE_TYPE: 'PDF', USER_ID_DERIVED: USER18 }),
  ]);
  writeCsv(path.join(ev, 'elf', 'URI-2025-07-26.csv'), [
    elfRow('URI', '2025-07-26T11:00:00.000Z', { REQUEST_ID: 'R30', ORGANIZATION_ID: ORG_A, USER_ID: USER, URI: '/sfc/servlet.shepherd/version/download/0685j000000AbcD', SESSION_KEY: 'S4', LOGIN_KEY: 'L4', USER_ID_DERIVED: USER18, CLIENT_IP: '192.0.2.77' }),
  ]);
  const api = (iso: string, f: Record<string, string>): Record<string, string> => ({
    EventIdentifier: `e-${iso}`, EventDate: iso, UserId: USER18, Username: 'convochat.integration@example.com', SessionKey: 'S1', LoginKey: 'L1',
    SourceIp: '203.0.113.9', UserAgent: 'python-requests/2.32.4', ApiType: 'REST', Operation: 'query', Query: '', QueriedEntities: '',
    RowsProcessed: '', Records: '', ConnectedAppId: '', RequestIdentifier: '', ...f,
  });
  writeCsv(path.join(ev, 'rtem', 'ApiEvent.csv'), [
    api('2025-07-26T22:00:00.300Z', { RequestIdentifier: 'R1', Query: 'SELECT Id, Email FROM Contact', QueriedEntities: 'Contact', RowsProcessed: '2000', Records: `["${toId18('0035j00000AbCdE')}","0035j00000AbCdF"]` }),
    api('2025-07-26T22:05:02.000Z', { Query: 'SELECT Id FROM Account', QueriedEntities: 'Account', RowsProcessed: '7' }),
    api('2025-07-26T23:30:00.000Z', { Query: 'SELECT COUNT() FROM Opportunity', QueriedEntities: 'Opportunity', RowsProcessed: '580' }),
    ...[['R10', 'query', '500', '18:58:03.952'], ['R11', 'queryMore', '118', '18:58:04.487']].map(([req, op, rows, t]) =>
      api(`2025-07-11T${t}Z`, { RequestIdentifier: req!, SessionKey: 'SD', LoginKey: 'LD', ApiType: 'SOAP Partner', Operation: op!, UserAgent: 'DataLoaderPartnerUI/62.0.0', Query: "SELECT Id, Email FROM Lead WHERE Status = 'Open'", QueriedEntities: 'Lead', RowsProcessed: rows! })),
  ]);
  writeCsv(path.join(ev, 'rtem', 'BulkApiResultEventStore.csv'), [
    { EventIdentifier: 'b-1', EventDate: '2025-07-26T22:31:05.000Z', UserId: USER18, Username: 'convochat.integration@example.com', SessionKey: 'S2', LoginKey: 'L1', SourceIp: '203.0.113.9', Query: 'SELECT Id, Email FROM Contact WHERE HasOptedOutOfEmail = false' },
  ]);
  writeCsv(path.join(ev, 'rtem', 'ReportEvent.csv'), [
    { EventIdentifier: 'r-1', EventDate: '2025-07-26T10:00:02.000Z', UserId: USER18, Username: 'u@example.com', SessionKey: 'S3', LoginKey: 'L3', SourceIp: '198.51.100.28', Operation: 'ReportExported', QueriedEntities: 'Opportunity', RowsProcessed: '42', Records: '["0065j0000omIbxsAAC"]', ReportId: '00O5j0000bG7iFlEAJ' },
  ]);
  writeCsv(path.join(ev, 'rtem', 'ListViewEvent.csv'), [
    { EventIdentifier: 'l-1', EventDate: '2025-07-26T12:00:00.000Z', UserId: USER18, Username: 'u@example.com', SessionKey: 'S6', LoginKey: 'L6', SourceIp: '198.51.100.28', QueriedEntities: 'Lead', RowsProcessed: '25', Records: '' },
  ]);
  writeCsv(path.join(ev, 'rtem', 'LoginEvent.csv'), [
    { EventIdentifier: 'g-1', EventDate: '2025-07-26T14:59:00.000Z', UserId: toId18('0055j0000AbCdEf')!, Username: 'a@example.com', LoginKey: 'L9', SessionKey: 'S9', SourceIp: '203.0.113.50', Application: 'Look-alike Chat', LoginType: 'Remote Access 2.0', Status: 'Success' },
  ]);
  writeCsv(path.join(ev, 'snapshots', 'LoginHistory.csv'), [
    { Id: '0Ya5j0000AAAAAA', UserId: toId18('0055j0000XyZaBc')!, LoginTime: '2025-07-20T08:00:00.000+0000', Application: 'Browser', SourceIp: '203.0.113.51' },
    { Id: '0Ya5j0000AAAAAB', UserId: toId18('0055j0000XyZaBc')!, LoginTime: '2025-07-26T15:58:00.000+0000', Application: 'Data Helper Pro', SourceIp: '203.0.113.51' },
    { Id: '0Ya5j0000AAAAAC', UserId: toId18('0055j0000XyZaBc')!, LoginTime: '2025-07-26T17:00:00.000+0000', Application: 'Other App', SourceIp: '203.0.113.51' },
  ]);
  writeCsv(path.join(ev, 'snapshots', 'OauthToken.csv'), [{ Id: '0CQ5j0000AAAAAA', UserId: toId18('0055j0000QwErTy')!, AppName: 'Token App', UseCount: '12' }]);
  writeCsv(path.join(ev, 'snapshots', 'ContentVersion.csv'), [{ Id: '0685j000000AbcD', Title: 'Board minutes', FileType: 'PDF', ContentSize: '4096', ContentDocumentId: '0695j000000XyzW' }]);
  // Each org's Organization export in its own folder: the snapshots beside Northwind's are Northwind's (snapshotOrgs.ts).
  writeCsv(path.join(ev, 'snapshots', 'Organization.csv'), [{ Id: ORG_A18, Name: 'Northwind' }]);
  writeCsv(path.join(ev, 'southwind', 'Organization.csv'), [{ Id: ORG_B18, Name: 'Southwind' }]);
  writeCsv(path.join(ev, 'snapshots', 'ConnectedApplication.csv'), [{ Id: APP18, Name: 'Convo Chat for Salesforce' }]);
}

interface X { export_id: string; org_id: string | null; org_name: string | null; channel: string; object: string | null; query: string | null; rows: number | null; count_only: boolean; app_id: string | null; app_name: string | null; app_basis: string; session_key: string | null; job_id: string | null; job_status: string | null; deleted_at: string | null; start_ts: string; user_agent: string | null }

const byRequest = async (req: string, org = ORG_A18): Promise<X[]> =>
  db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE list_contains(request_ids, ${req}) AND org_id = ${org}`);
const roles = async (id: string): Promise<string[]> =>
  (await db.all<{ role: string }>(sql`SELECT role FROM export_events WHERE export_id = ${id} ORDER BY role`)).map((r) => r.role);

beforeAll(async () => {
  writeEvidence();
  ({ db, custody } = await openCase(path.join(root, 'case'), [ev]));
  outcome = await reconstructExportTables(db, { onProgress: (p) => stages.push(`${p.stage} ${p.done}/${p.total}`) });
}, 120_000);

afterAll(() => {
  db.close();
  custody.close();
  rmSync(root, { recursive: true, force: true });
});

describe('reconstruction of queries', () => {
  it('sums a REST query and its nextRecordsUrl pages into one export, with the RTEM twin merged by REQUEST_ID', async () => {
    const [x, ...more] = await byRequest('R1');
    expect(more).toHaveLength(0);
    expect(x).toMatchObject({ channel: 'rest_query', object: 'Contact', rows: 4500, query: 'SELECT Id, Email FROM Contact', org_id: ORG_A18, org_name: 'Northwind', app_id: APP18, app_name: 'Convo Chat for Salesforce', app_basis: 'connected_app_id', user_agent: 'python-requests/2.32.4' });
    expect(await roles(x!.export_id)).toEqual(['page', 'page', 'query', 'rtem_twin']);
    const recs = await db.all<{ record_id: string }>(sql`SELECT record_id FROM export_records WHERE export_id = ${x!.export_id} ORDER BY 1`);
    expect(recs.map((r) => r.record_id)).toEqual([toId18('0035j00000AbCdE'), toId18('0035j00000AbCdF')]);
  });

  it('keeps the next query of the same session apart', async () => {
    const [x] = await byRequest('R4');
    expect(x).toMatchObject({ object: 'Lead', rows: 10, query: null });
    expect(await roles(x!.export_id)).toEqual(['query']);
  });

  it('starts a new export at a page first in its session or more than 10 minutes after the call before it', async () => {
    const got = await Promise.all(['R60', 'R61', 'R62', 'R63', 'R64'].map(async (r) => (await byRequest(r))[0]!));
    expect(got.map((x) => x.rows)).toEqual([100, 2300, 2300, 45, 45]);
    expect(new Set(got.map((x) => x.export_id)).size).toBe(3);
    expect(got[1]!.export_id).toBe(got[2]!.export_id);
    expect(got[3]!.export_id).toBe(got[4]!.export_id);
    expect(await roles(got[0]!.export_id)).toEqual(['query']);
    expect(await roles(got[1]!.export_id)).toEqual(['page', 'query']);
    expect(await roles(got[3]!.export_id)).toEqual(['page', 'query']);
  });

  it('merges a Data Loader query and queryMore (and their RTEM rows) into one export of 618 rows', async () => {
    const [x, ...more] = await byRequest('R10');
    expect(more).toHaveLength(0);
    expect((await byRequest('R11'))[0]!.export_id).toBe(x!.export_id);
    expect(x).toMatchObject({ channel: 'soap_query', object: 'Lead', rows: 618, count_only: false });
    expect(await roles(x!.export_id)).toEqual(['page', 'query', 'rtem_twin', 'rtem_twin']);
  });

  it('pairs an RTEM row without a request id with the ELF call of the same session and object within 5 s', async () => {
    const [x] = await byRequest('R5');
    expect(x).toMatchObject({ object: 'Account', rows: 7, query: 'SELECT Id FROM Account' });
    expect(await roles(x!.export_id)).toEqual(['query', 'rtem_twin']);
  });

  it('keeps an RTEM query with no ELF twin as an export of its own, COUNT() marked', async () => {
    const rows = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE object = 'Opportunity' AND channel = 'rest_query'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rows: 580, count_only: true, org_id: ORG_A18 });
  });

  it('names an app no id reaches from the login\'s application or the user\'s only OAuth token', async () => {
    const names = async (req: string): Promise<[string | null, string]> => {
      const [x] = await byRequest(req);
      return [x!.app_name, x!.app_basis];
    };
    expect(await names('R50')).toEqual(['Look-alike Chat', 'login_application']);
    expect(await names('R51')).toEqual(['Data Helper Pro', 'login_application']);
    expect(await names('R52')).toEqual(['Token App', 'oauth_token']);
  });

  it('never merges across orgs, and names each org', async () => {
    const [b] = await byRequest('R1', ORG_B18);
    expect(b).toMatchObject({ org_name: 'Southwind', rows: 3, app_basis: 'none' });
    expect(b!.export_id).not.toBe((await byRequest('R1'))[0]!.export_id);
  });
});

describe('reconstruction of Bulk API jobs', () => {
  it('makes one Bulk 2.0 export of a job, its result download, its DELETE and its SOQL', async () => {
    const rows = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE job_id = '7505j0000U21ynF'`);
    expect(rows).toHaveLength(1);
    const x = rows[0]!;
    expect(x).toMatchObject({ channel: 'bulk_api_2', object: 'Contact', rows: 1287, job_status: 'JobComplete', deleted_at: '2025-07-26T23:04:00.000Z', query: 'SELECT Id, Email FROM Contact WHERE HasOptedOutOfEmail = false' });
    expect(await roles(x.export_id)).toEqual(['deletion', 'job', 'job', 'job', 'job', 'query_text', 'result_download']);
    expect(await byRequest('R7')).toEqual([expect.objectContaining({ export_id: x.export_id })]);
    expect((await db.all(sql`SELECT * FROM exports WHERE object IS NULL OR object = '?'`))).toEqual([]);
  });

  it('records a deletion logged as the job status', async () => {
    const [x] = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE job_id = '7505j0000NgIZGj'`);
    expect(x).toMatchObject({ rows: 1077, job_status: 'Deleted', deleted_at: '2025-07-26T23:04:40.096Z' });
  });

  it('sums the batches of a Bulk 1.0 query job and ignores an insert job', async () => {
    const rows = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE channel = 'bulk_api'`);
    expect(rows.map((r) => [r.job_id, r.rows, r.object])).toEqual([['7505j0000kJMd3E', 120, 'Lead']]);
  });
});

describe('reconstruction of reports, list views and downloads', () => {
  it('merges a ReportEvent into its ReportExport: rows, object and logged records', async () => {
    const [x] = await byRequest('R20');
    expect(x).toMatchObject({ channel: 'report_export', rows: 42, object: 'Opportunity' });
    expect(await roles(x!.export_id)).toEqual(['report_export', 'report_run']);
    const recs = await db.all<{ record_id: string }>(sql`SELECT record_id FROM export_records WHERE export_id = ${x!.export_id}`);
    expect(recs.map((r) => r.record_id)).toEqual(['0065j0000omIbxsAAC']);
    expect(await db.all(sql`SELECT * FROM exports WHERE channel = 'report_run'`)).toEqual([]);
  });

  it('makes a list-view export', async () => {
    const rows = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE channel = 'list_view'`);
    expect(rows.map((r) => [r.object, r.rows, r.org_id])).toEqual([['Lead', 25, ORG_A18]]);
  });

  it('makes a file download tied to its session by REQUEST_ID, the file named from ContentVersion; an upload is not a download', async () => {
    const rows = await db.all<X & Record<string, unknown>>(sql`SELECT * FROM exports WHERE channel = 'file_download'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rows: 1, session_key: 'S4', object: 'File' });
    const files = await db.all(sql`SELECT document_id, version_id, title, file_type, size_bytes, named_from FROM files`);
    expect(files).toEqual([{ document_id: toId18('0695j000000XyzW'), version_id: toId18('0685j000000AbcD'), title: 'Board minutes', file_type: 'PDF', size_bytes: 4096, named_from: 'ContentVersion' }]);
  });
});

describe('bad rows, progress and stable ids', () => {
  it('turns unreadable and implausible times into warnings, never a failed run', async () => {
    expect(outcome.cancelled).toBe(false);
    // The two bad rows; every snapshot stands beside its org's Organization export, so none is left without an org.
    expect(outcome.warningCount).toBe(2);
    expect(outcome.warnings.join('\n')).not.toMatch(/could not be assigned to an org/);
    expect(outcome.warnings.join('\n')).toMatch(/no usable timestamp/);
    expect(outcome.warnings.join('\n')).toMatch(/1900-01-01, before 2000/);
    await expect(computeCoverage(db, null, null)).resolves.toBeTruthy();
  });

  it('reports every stage with done/total', () => {
    expect(stages[0]).toMatch(/ 0\/\d+$/);
    expect(stages.at(-1)).toMatch(/^done (\d+)\/\1$/);
  });

  it('stops between statements when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    expect((await reconstructExportTables(db, { signal: ac.signal })).cancelled).toBe(true);
    await reconstructExportTables(db);
  });

  it('keeps every export id when evidence is added to the case', async () => {
    const before = await db.all<{ export_id: string; rows: number | null }>(sql`SELECT export_id, rows FROM exports ORDER BY export_id`);
    const extra = path.join(root, 'more');
    writeCsv(path.join(extra, 'RestApi-2025-07-27.csv'), [rest('2025-07-27T09:00:00.000Z', { REQUEST_ID: 'R40', URI: '/services/data/v62.0/query', ENTITY_NAME: 'Lead', ROWS_PROCESSED: '3' })]);
    await intakeEvidence(db, custody, [extra], {});
    await reconstructExportTables(db);
    const after = await db.all<{ export_id: string; rows: number | null }>(sql`SELECT export_id, rows FROM exports ORDER BY export_id`);
    expect(after).toHaveLength(before.length + 1);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('writes the same tables when its large statements run in batches (as at 10 million events)', async () => {
    const tables = async (): Promise<unknown[]> => [
      await db.all(sql`SELECT * EXCLUDE (request_ids), list_sort(request_ids) AS request_ids FROM exports ORDER BY export_id`),
      await db.all(sql`SELECT * FROM export_events ORDER BY ALL`),
      await db.all(sql`SELECT * FROM export_records ORDER BY ALL`),
      await db.all(sql`SELECT * FROM files ORDER BY ALL`),
    ];
    await reconstructExportTables(db);
    const whole = await tables();
    const sizes = { ...RECON_BATCH };
    try {
      // Members joined to their events five at a time (event-id ranges), every multi-event export aggregated two events at
      // a time, and exports inserted three at a time (anchor-id ranges).
      Object.assign(RECON_BATCH, { aggEvents: 2, exportRows: 3, memberEvents: 5 });
      await reconstructExportTables(db);
    } finally {
      Object.assign(RECON_BATCH, sizes);
    }
    expect((whole[0] as unknown[]).length).toBeGreaterThan(10);
    expect(await tables()).toEqual(whole);
  });
});

describe('leakscope exports filters', () => {
  const none: ExportFilter = { orgs: [], integrations: [], users: [], objects: [], channels: [], flags: [], from: null, to: null, suspicious: false, limit: 50, offset: 0 };
  it('filters by org name, channel, object and time, and pages', async () => {
    const page = async (f: Partial<ExportFilter>): Promise<{ id: string; rows: number | null; org: { name: string | null } }[]> =>
      readExportPage(db, exportFilterCondition({ ...none, ...f }), f.offset ?? 0, f.limit ?? 50);
    expect((await page({ orgs: ['southwind'] })).map((x) => x.rows)).toEqual([3]);
    expect((await page({ orgs: [ORG_B] })).map((x) => x.org.name)).toEqual(['Southwind']);
    expect((await page({ channels: ['bulk_api_2'] })).map((x) => x.rows)).toEqual([1287, 1077]);
    expect((await page({ channels: ['soap_query'], objects: ['LEAD'] })).map((x) => x.rows)).toEqual([618]);
    expect((await page({ from: '2025-07-26T22:00:00Z', to: '2025-07-26T22:01:00Z', orgs: ['Northwind'] })).map((x) => x.rows)).toEqual([4500, 10]);
    const all = await page({ limit: 1000 });
    expect(await countExports(db, exportFilterCondition(none))).toBe(all.length);
    expect((await page({ offset: 2, limit: 3 })).map((x) => x.id)).toEqual(all.slice(2, 5).map((x) => x.id));
    expect(await page({ suspicious: true })).toEqual([]);
  });
});

describe('the real samples', () => {
  it('load and reconstruct without errors', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-recon-samples-'));
    const c = await openCase(path.join(dir, 'case'), ['/work/shared/reference/elf/samples']);
    try {
      const r = await reconstructExportTables(c.db);
      expect(r.cancelled).toBe(false);
      // Every export has at least one event, and every event of an export is a real event of the case.
      const orphans = await c.db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports x WHERE NOT EXISTS (SELECT 1 FROM export_events e WHERE e.export_id = x.export_id)`);
      expect(orphans?.n).toBe(0);
      const dangling = await c.db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM export_events ee WHERE ee.event_id NOT IN (SELECT event_id FROM events)`);
      expect(dangling?.n).toBe(0);
      const unique = await c.db.one<{ n: number; d: number }>(sql`SELECT count(*)::BIGINT AS n, count(DISTINCT export_id)::BIGINT AS d FROM exports`);
      expect(unique?.n).toBe(unique?.d);
    } finally {
      c.db.close();
      c.custody.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
