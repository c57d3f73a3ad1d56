/**
 * The `data_export` channel (Setup → Data Export) on evidence written here, through the real intake and the whole
 * reconstruction: an "Export Now" request and the downloads of its two zip files, a download no request explains,
 * a request whose files no log shows downloaded, and a second org whose weekly schedule governs three runs (one in RTEM).
 * Every expected figure is worked out by hand from the rows below; the ids from the documented scheme.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readExportPage } from '../../electron/engine/analysis/exportReader.js';
import { reconstructExportTables, type ReconstructionOutcome } from '../../electron/engine/analysis/reconstruct.js';
import { scopeExports } from '../../electron/engine/scoping/replay.js';
import type { CustodyLog } from '../../electron/engine/casestore/custody.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { toId18 } from '../../shared/ids.js';
import { elfRow, openCase, writeCsv } from '../helpers/evidence.js';

const ORG_A = '00D5j000000NWDm';
const ORG_B = '00D8d000000XyZq';
const ADMIN_A = toId18('0055j0000AdmAAA')!;
const OTHER_A = toId18('0055j0000OthAAA')!;
const ADMIN_B = toId18('0058d000001AdmB')!;
const OTHER_B = toId18('0058d000002OthB')!;
const AUDIT_REQ1 = toId18('0Ym5j00000Au001')!;
const AUDIT_REQ2 = toId18('0Ym5j00000Au002')!;
const zip = (org: string, n: number, id: string): string => `/servlet/servlet.OrgExport?fileName=WE_${toId18(org)}_${n}.ZIP&id=${id}`;

const root = mkdtempSync(path.join(os.tmpdir(), 'ls-dataexport-'));
const ev = path.join(root, 'evidence');
let db: CaseDb;
let custody: CustodyLog;
let outcome: ReconstructionOutcome;

const uri = (iso: string, org: string, user: string, f: Record<string, string>): Record<string, string> =>
  elfRow('URI', iso, { REQUEST_ID: `Q${iso}`, ORGANIZATION_ID: org, USER_ID: user.slice(0, 15), URI: '', SESSION_KEY: 'S1', LOGIN_KEY: 'L1',
    CLIENT_IP: '198.51.100.7', USER_ID_DERIVED: user, ...f });

function writeEvidence(): void {
  writeCsv(path.join(ev, 'elf', 'URI-2025-07.csv'), [
    // Org A, run 1: the two zip files of the 09:00 request, downloaded the same afternoon.
    uri('2025-07-06T15:10:00.000Z', ORG_A, ADMIN_A, { URI: zip(ORG_A, 1, '0925j000000AbC1') }),
    uri('2025-07-06T15:12:30.000Z', ORG_A, ADMIN_A, { URI: zip(ORG_A, 2, '0925j000000AbC2') }),
    // Not a download: the Data Export setup page, and a file download through another servlet.
    uri('2025-07-06T09:00:05.000Z', ORG_A, ADMIN_A, { URI: '/ui/setup/export/DataExportPage/d' }),
    uri('2025-07-06T16:00:00.000Z', ORG_A, ADMIN_A, { URI: '/servlet/servlet.FileDownload?file=0155j000000AbCd' }),
    // Org A, run 2: a download 14 days later that no request explains, by another user from another address.
    uri('2025-07-20T10:00:00.000Z', ORG_A, OTHER_A, { URI: zip(ORG_A, 1, '0925j000000AbC9'), SESSION_KEY: 'S7', LOGIN_KEY: 'L7', CLIENT_IP: '203.0.113.66' }),
    // A download whose time cannot be read: a warning, never an export.
    { ...uri('2025-07-21T10:00:00.000Z', ORG_A, OTHER_A, { URI: zip(ORG_A, 2, '0925j000000AbC8') }), TIMESTAMP: 'garbage', TIMESTAMP_DERIVED: 'garbage' },
    // Org B: two weekly runs of its schedule, a week apart, one file each.
    uri('2025-07-05T06:00:00.000Z', ORG_B, ADMIN_B, { URI: zip(ORG_B, 1, '0928d000000Wk01'), SESSION_KEY: 'SB', LOGIN_KEY: 'LB', CLIENT_IP: '192.0.2.10' }),
    uri('2025-07-12T06:00:00.000Z', ORG_B, ADMIN_B, { URI: zip(ORG_B, 1, '0928d000000Wk02'), SESSION_KEY: 'SB2', LOGIN_KEY: 'LB2', CLIENT_IP: '192.0.2.10' }),
  ]);
  // Org B, a third weekly run seen only in Real-Time Event Monitoring (UriEvent names no org: the zip's name does).
  writeCsv(path.join(ev, 'rtem', 'UriEvent.csv'), [
    // Its user appears in no other log, so only the zip's name can tell its org.
    { EventIdentifier: 'u-1', EventDate: '2025-07-19T06:00:00.000Z', UserId: OTHER_B, Username: 'ops@southwind.example', SessionKey: 'SB3', LoginKey: 'LB3',
      SourceIp: '192.0.2.10', Uri: zip(ORG_B, 1, '0928d000000Wk03') },
  ]);
  writeCsv(path.join(ev, 'elf', 'Login-2025-07-06.csv'), [
    elfRow('Login', '2025-07-06T08:58:00.000Z', { ORGANIZATION_ID: ORG_A, USER_ID: ADMIN_A.slice(0, 15), LOGIN_KEY: 'L1', SOURCE_IP: '198.51.100.7',
      BROWSER_TYPE: 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0', USER_ID_DERIVED: ADMIN_A }),
  ]);
  writeCsv(path.join(ev, 'snapshots', 'SetupAuditTrail.csv'), [
    { Id: '0Ym5j00000Au001', CreatedDate: '2025-07-06T09:00:00.000+0000', CreatedById: ADMIN_A, Action: 'dataExportRequested', Section: 'Data Export', Display: 'Requested a data export (Export Now), all objects' },
    { Id: '0Ym5j00000Au002', CreatedDate: '2025-07-25T08:00:00.000+0000', CreatedById: ADMIN_A, Action: 'dataExportRequested', Section: 'Data Export', Display: 'Requested a data export (Export Now), all objects' },
    { Id: '0Ym8d00000Bu001', CreatedDate: '2025-07-01T12:00:00.000+0000', CreatedById: ADMIN_B, Action: 'dataExportScheduled', Section: 'Data Export', Display: 'Scheduled a weekly data export' },
    // A cancellation is no run; a request by a user no log places, in a case of two orgs, keeps no org (a warning).
    { Id: '0Ym8d00000Bu002', CreatedDate: '2025-07-20T12:00:00.000+0000', CreatedById: ADMIN_B, Action: 'dataExportCancelled', Section: 'Data Export', Display: 'Cancelled the scheduled weekly data export' },
    { Id: '0Ym5j00000Au009', CreatedDate: '2025-07-28T12:00:00.000+0000', CreatedById: toId18('0055j0000NoBody')!, Action: 'dataExportRequested', Section: 'Data Export', Display: 'Requested a data export (Export Now)' },
    { Id: '0Ym5j00000Au003', CreatedDate: '2025-07-02T12:00:00.000+0000', CreatedById: ADMIN_A, Action: 'PermSetAssign', Section: 'Manage Users', Display: 'Permission set X: assigned to user y' },
    // Org A schedules a weekly export, then changes the schedule; no run of it is downloaded: one export, of the schedule in force.
    { Id: '0Ym5j00000Au010', CreatedDate: '2025-07-26T10:00:00.000+0000', CreatedById: ADMIN_A, Action: 'dataExportScheduled', Section: 'Data Export', Display: 'Scheduled a weekly data export' },
    { Id: '0Ym5j00000Au011', CreatedDate: '2025-07-27T10:00:00.000+0000', CreatedById: ADMIN_A, Action: 'dataExportScheduleChanged', Section: 'Data Export', Display: 'Changed the weekly data export schedule to Saturdays' },
  ]);
  writeCsv(path.join(ev, 'snapshots', 'User.csv'), [{ Id: ADMIN_A, Username: 'admin@northwind.example' }, { Id: OTHER_A, Username: 'j.doe@northwind.example' }]);
  writeCsv(path.join(ev, 'snapshots', 'Organization.csv'), [{ Id: toId18(ORG_A)!, Name: 'Northwind' }, { Id: toId18(ORG_B)!, Name: 'Southwind' }]);
}

interface X { export_id: string; org_name: string | null; object: string | null; rows: number | null; start_ts: string; end_ts: string; user_id: string | null; username: string | null; client_ip: string | null; session_key: string | null; user_agent: string | null; app_basis: string }
const dataExports = async (): Promise<X[]> =>
  db.all<X & Record<string, unknown>>(sql`SELECT * EXCLUDE (start_ts, end_ts), strftime(start_ts, '%Y-%m-%dT%H:%M:%S') AS start_ts, strftime(end_ts, '%Y-%m-%dT%H:%M:%S') AS end_ts
    FROM exports WHERE channel = 'data_export' ORDER BY org_name, exports.start_ts`);
const roles = async (id: string): Promise<string[]> =>
  (await db.all<{ role: string }>(sql`SELECT role FROM export_events WHERE export_id = ${id} ORDER BY role`)).map((r) => r.role);
const files = async (id: string): Promise<[string | null, string | null, string | null][]> =>
  (await db.all<{ title: string | null; document_id: string | null; file_type: string | null }>(sql`SELECT title, document_id, file_type FROM files WHERE export_id = ${id} ORDER BY event_id`))
    .map((f) => [f.title, f.document_id, f.file_type]);

beforeAll(async () => {
  writeEvidence();
  ({ db, custody } = await openCase(path.join(root, 'case'), [ev]));
  outcome = await reconstructExportTables(db);
}, 120_000);

afterAll(() => {
  db.close();
  custody.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the Data Export service as a channel', () => {
  it('makes one export per run: four in the first org, three in the second, one whose org cannot be told; a cancellation or superseded schedule is none', async () => {
    const rows = await dataExports();
    expect(rows.map((r) => [r.org_name, r.start_ts, r.end_ts])).toEqual([
      ['Northwind', '2025-07-06T09:00:00', '2025-07-06T15:12:30'],
      ['Northwind', '2025-07-20T10:00:00', '2025-07-20T10:00:00'],
      ['Northwind', '2025-07-25T08:00:00', '2025-07-25T08:00:00'],
      ['Northwind', '2025-07-27T10:00:00', '2025-07-27T10:00:00'],
      ['Southwind', '2025-07-05T06:00:00', '2025-07-05T06:00:00'],
      ['Southwind', '2025-07-12T06:00:00', '2025-07-12T06:00:00'],
      ['Southwind', '2025-07-19T06:00:00', '2025-07-19T06:00:00'],
      [null, '2025-07-28T12:00:00', '2025-07-28T12:00:00'],
    ]);
    expect((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports WHERE channel = 'data_export' AND org_id IS NULL`))?.n).toBe(1);
    // Whole objects, and no row count: no log gives one, and none is invented.
    expect(new Set(rows.map((r) => `${r.object}|${r.rows}`))).toEqual(new Set(['*|null']));
  });

  it('attaches the request and the two zip downloads to one export, attributed to the session and address that downloaded', async () => {
    const [run1] = await dataExports();
    const expectedId = 'X-' + createHash('md5').update(`${ORG_A}|data_export|audit:${AUDIT_REQ1}`).digest('hex').slice(0, 12);
    expect(run1!.export_id).toBe(expectedId);
    expect(run1).toMatchObject({ user_id: ADMIN_A, username: 'admin@northwind.example', client_ip: '198.51.100.7', session_key: 'S1', app_basis: 'none',
      user_agent: 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0' });
    expect(await roles(run1!.export_id)).toEqual(['export_request', 'zip_download', 'zip_download']);
    expect(await files(run1!.export_id)).toEqual([
      [`WE_${toId18(ORG_A)}_1.ZIP`, toId18('0925j000000AbC1'), 'ZIP'],
      [`WE_${toId18(ORG_A)}_2.ZIP`, toId18('0925j000000AbC2'), 'ZIP'],
    ]);
  });

  it('keeps a download no request explains as a run of its own, by the user who downloaded it', async () => {
    const run2 = (await dataExports())[1]!;
    expect(run2).toMatchObject({ user_id: OTHER_A, username: 'j.doe@northwind.example', client_ip: '203.0.113.66', session_key: 'S7' });
    expect(await roles(run2.export_id)).toEqual(['zip_download']);
    expect(await files(run2.export_id)).toEqual([[`WE_${toId18(ORG_A)}_1.ZIP`, toId18('0925j000000AbC9'), 'ZIP']]);
  });

  it('keeps a request whose files no log shows downloaded, attributed to the requester, with no file and no address', async () => {
    const run3 = (await dataExports())[2]!;
    expect(run3.export_id).toBe('X-' + createHash('md5').update(`${ORG_A}|data_export|audit:${AUDIT_REQ2}`).digest('hex').slice(0, 12));
    expect(run3).toMatchObject({ user_id: ADMIN_A, client_ip: null, session_key: null });
    expect(await roles(run3.export_id)).toEqual(['export_request']);
    expect(await files(run3.export_id)).toEqual([]);
  });

  it('keeps a schedule whose runs no log shows downloaded as one export, of the schedule in force, attributed to who set it', async () => {
    const sched = (await dataExports())[3]!;
    expect(sched).toMatchObject({ user_id: ADMIN_A, client_ip: null });
    expect(await roles(sched.export_id)).toEqual(['export_schedule']);
    const rows = await db.all<{ display: string; role: string }>(sql`SELECT display, role FROM data_export_requests WHERE export_id = ${sched.export_id}`);
    expect(rows).toEqual([{ display: 'Changed the weekly data export schedule to Saturdays', role: 'export_schedule' }]);
  });

  it('gives each weekly run of the second org its own export, the schedule row on each, the RTEM one placed by its zip\'s name', async () => {
    const [, , , , b1, b2, b3] = await dataExports();
    expect([b3!.session_key, b3!.user_id, b3!.username]).toEqual(['SB3', OTHER_B, 'ops@southwind.example']);
    for (const r of [b1!, b2!, b3!]) {
      expect(await roles(r.export_id)).toEqual(['export_schedule', 'zip_download']);
    }
    expect([b1!.user_id, b2!.user_id]).toEqual([ADMIN_B, ADMIN_B]);
    expect(new Set([b1!.export_id, b2!.export_id, b3!.export_id]).size).toBe(3);
  });

  it('points the audit-trail evidence at its snapshot row (source and record), and lists the unreadable download as a warning', async () => {
    const rows = await db.all<{ name: string; record: number }>(sql`SELECT s.name, (e.event_id & 4294967295)::BIGINT AS record
      FROM export_events e JOIN sources s ON s.id = (e.event_id >> 32) WHERE e.role = 'export_request' ORDER BY record`);
    // Named from the evidence folder given (its own name first), as every output names a source.
    expect(rows).toEqual([1, 2, 5].map((record) => ({ name: 'evidence/snapshots/SetupAuditTrail.csv', record })));
    expect(outcome.warnings.join('\n')).toMatch(/URI row downloads a Data Export file but has no usable timestamp/);
    expect(outcome.warnings.join('\n')).toMatch(/SetupAuditTrail\.csv record 5: Setup Audit Trail Data Export row: the case holds several orgs and its user \(CreatedById\) is in none of their logs/);
  });

  it('is unresolved exposure when scoped: whole objects left and no record is named', async () => {
    const runs = await readExportPage(db, sql`x.channel = 'data_export'`, 0, 100);
    const scoped = await scopeExports(db, runs);
    expect(scoped.exposureCount).toBe(0);
    expect(scoped.unresolved.map((u) => [u.exportId, u.object, u.rows])).toEqual(runs.map((x) => [x.id, '*', null]));
    expect(new Set(scoped.unresolved.map((u) => u.reason))).toEqual(new Set(['Data Export service: whole objects left as zip files; the logs name neither the objects nor a row or record id, so every record of every object it included may be exposed.']));
  });

  it('keeps every id when the reconstruction runs again', async () => {
    const before = (await dataExports()).map((r) => r.export_id);
    await reconstructExportTables(db);
    expect((await dataExports()).map((r) => r.export_id)).toEqual(before);
  });
});
