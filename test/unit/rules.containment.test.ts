/**
 * containment_actions, bulk_job_deleted, access_after_containment and incident.json on a small
 * case: a vendor integration's hourly reads, a Bulk API 2.0 job deleted after it ran and one kept,
 * Setup Audit Trail entries (a permission granted, IP restrictions relaxed, the token revoked, the app
 * blocked, the user frozen, and changes that touch no integration), and the User export showing the integration user inactive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toId18 } from '../../shared/ids.js';
import { buildIncident } from '../../electron/engine/reports/incident.js';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, csv, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const calls: ApiCall[] = [];
for (let day = 0; day <= 10; day++) for (let hour = 8; hour <= 17; hour++) calls.push({ at: at(day, hour, 7), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 20 });

const sfTime = (iso: string): string => iso.replace('Z', '+0000');
const elfTime = (iso: string): string => iso.replace(/[-:TZ]/g, '');
const BULK = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'JOB_ID', 'OPERATION_TYPE', 'JOB_STATUS', 'ENTITY_TYPE', 'RECORDS_PROCESSED', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];
const bulkRow = (iso: string, job: string, status: string, rows: string, n: number): string[] => {
  const session = `${vendor.appId.slice(-4)}-${iso.slice(0, 13)}`;
  return ['BulkApi2', elfTime(iso), `bulk-req-${n}`, '00D5j000000NWDm', vendor.userId, `/services/data/v62.0/jobs/query/${job}AAA`, session, `L${session}`, job, 'query', status, 'Contact', rows, iso, toId18(vendor.userId)!, '34.214.10.11'];
};
const deletedJob = '7505j0000DELETE';
const keptJob = '7505j0000KEPTJB';
const bulk = csv(BULK, [
  bulkRow(at(10, 10, 30), deletedJob, 'Open', '', 1),
  bulkRow(at(10, 10, 31), deletedJob, 'JobComplete', '900', 2),
  bulkRow(at(10, 10, 50), deletedJob, 'Deleted', '', 3),
  bulkRow(at(9, 9, 30), keptJob, 'Open', '', 4),
  bulkRow(at(9, 9, 31), keptJob, 'JobComplete', '40', 5),
]);
const audit = csv(['Id', 'Action', 'Section', 'Display', 'CreatedDate', 'CreatedById'], [
  ['0Ym5j0000000001', 'PermSetAssign', 'Manage Users', 'Permission set Full API: assigned to user vendor.sync@example.com', sfTime(at(8, 10)), '0055j000000ADMN'],
  ['0Ym5j0000000002', 'changedpassword', 'Manage Users', 'Changed password for user bob@example.com', sfTime(at(9, 10)), '0055j000000ADMN'],
  ['0Ym5j0000000003', 'connectedAppBlocked', 'Connected Apps', 'Blocked connected app Vendor Sync', sfTime(at(10, 11)), '0055j000000ADMN'],
  ['0Ym5j0000000004', 'frozeuser', 'Manage Users', 'Froze user vendor.sync@example.com', sfTime(at(10, 12)), '0055j000000ADMN'],
  ['0Ym5j0000000005', 'changedsenderemail', 'Email Administration', 'Changed sender email', sfTime(at(10, 13)), '0055j000000ADMN'],
  ['0Ym5j0000000006', 'connectedAppPolicyUpdate', 'Connected Apps', 'Changed IP Relaxation for Vendor Sync from Enforce IP restrictions to Relax IP restrictions', sfTime(at(9, 15)), '0055j000000ADMN'],
  ['0Ym5j0000000007', 'revokeOauthToken', 'Connected Apps', 'Revoked OAuth token of vendor.sync@example.com for connected app Vendor Sync', sfTime(at(10, 10, 45)), '0055j000000ADMN'],
]);
const users = csv(['Id', 'Username', 'IsActive', 'LastModifiedDate'], [
  [vendor.userId, vendor.username, 'false', sfTime(at(10, 16))],
  ['0055j0000BOBBOB', 'bob@example.com', 'false', sfTime(at(9, 10))],
]);

let c: RuleCase;
beforeAll(async () => {
  c = await runRuleCase({
    'rtem/ApiEvent.csv': apiEventCsv(calls), 'elf/BulkApi2/BulkApi2-2025-07-11.csv': bulk, 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor]),
    'metadata/SetupAuditTrail.csv': audit, 'metadata/User.csv': users,
  });
}, 120_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

describe('containment_actions', () => {
  it('keeps the audit-trail entries and user states that touch the integration, classified, with their source row', async () => {
    const rows = await c.db.all<{ at: string; kind: string; app_name: string | null; user_id: string | null; detail: string; record: number; file: string }>(sql`
      SELECT strftime(c."at", '%Y-%m-%dT%H:%M:%S.%gZ') AS at, c.kind, c.app_name, c.user_id, c.detail, c.source_record AS record, s.name AS file
      FROM containment_actions c JOIN sources s ON s.id = c.source_id ORDER BY c."at"`);
    expect(rows.map((r) => [r.at, r.kind, r.app_name, r.file, r.record])).toEqual([
      [at(8, 10), 'permission_granted', 'Vendor Sync', 'evidence/metadata/SetupAuditTrail.csv', 1],
      [at(9, 15), 'policy_relaxed', 'Vendor Sync', 'evidence/metadata/SetupAuditTrail.csv', 6],
      [at(10, 10, 45), 'token_revoked', 'Vendor Sync', 'evidence/metadata/SetupAuditTrail.csv', 7],
      [at(10, 11), 'app_blocked', 'Vendor Sync', 'evidence/metadata/SetupAuditTrail.csv', 3],
      [at(10, 12), 'user_frozen', 'Vendor Sync', 'evidence/metadata/SetupAuditTrail.csv', 4],
      [at(10, 16), 'user_deactivated', 'Vendor Sync', 'evidence/metadata/User.csv', 1],
    ]);
    expect(rows[3]!.detail).toBe('Setup Audit Trail connectedAppBlocked (Connected Apps): "Blocked connected app Vendor Sync"');
    expect(rows.filter((r) => !['app_blocked', 'policy_relaxed'].includes(r.kind)).every((r) => r.user_id === toId18(vendor.userId))).toBe(true);
  });
});

describe('bulk_job_deleted', () => {
  it('flags the deleted job with the deletion row as evidence; not the job that was kept', async () => {
    const flags = await c.flags('bulk_job_deleted');
    expect(flags.map((f) => f.at)).toEqual([at(10, 10, 30)]);
    expect(flags[0]!.message).toBe(`Bulk job ${deletedJob} was deleted at ${at(10, 10, 50)} after it ran (900 rows).`);
    expect(flags[0]!.evidence).toHaveLength(1);
    const deletion = await c.db.one<{ status: string }>(sql`SELECT job_status AS status FROM events WHERE event_id = ${flags[0]!.evidence[0]!}`);
    expect(deletion!.status).toBe('Deleted');
  });
});

describe('access_after_containment', () => {
  it('flags every export after the token was revoked, naming the earliest action; none before', async () => {
    const after = calls.filter((x) => x.at > at(10, 10, 45)).map((x) => x.at);
    expect(after).toHaveLength(7);
    const flags = await c.flags('access_after_containment');
    expect(flags.map((f) => f.at)).toEqual(after);
    const source = await c.db.one<{ id: number }>(sql`SELECT id FROM sources WHERE name = 'evidence/metadata/SetupAuditTrail.csv'`);
    expect(flags[0]!.message).toBe(`Vendor Sync exported Contact at ${at(10, 11, 7)}, after token revoked (Vendor Sync) at ${at(10, 10, 45)}: Setup Audit Trail revokeOauthToken (Connected Apps): "Revoked OAuth token of vendor.sync@example.com for connected app Vendor Sync" (source ${source!.id}, record 7).`);
  });
});

describe('incident.json', () => {
  it('gives the first and last suspicious event, the exposure window and the time to containment with its evidence', async () => {
    const incident = await buildIncident(c.db);
    expect(incident.firstSuspiciousEvent!.at).toBe(at(10, 10, 30));
    expect(incident.firstSuspiciousEvent!.eventType).toBe('BulkApi2');
    expect(incident.lastSuspiciousEvent!.at).toBe(at(10, 17, 7));
    expect(incident.exposureWindow).toEqual({ from: at(10, 10, 30), to: at(10, 17, 7), hours: 6.62 });
    expect(incident.timeToContainment!.hours).toBe(0.25);
    expect(incident.timeToContainment!.action.kind).toBe('token_revoked');
    expect(incident.timeToContainment!.action.evidence.record).toBe(7);
    expect(incident.containment.map((a) => a.kind)).toEqual(['permission_granted', 'policy_relaxed', 'token_revoked', 'app_blocked', 'user_frozen', 'user_deactivated']);
    expect(incident.flaggedExports).toBe(8);
  });
});
