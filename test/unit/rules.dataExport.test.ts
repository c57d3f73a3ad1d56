/**
 * `data_export_by_integration` on a small case: an integration (Vendor Sync) and a human admin who also exports
 * through Data Loader, then five runs of the Data Export service — requested and downloaded by the integration
 * user, by the admin, requested by the admin and downloaded with the integration user's credentials, downloaded by a
 * user with no API history, and downloaded by the integration user right after an interactive login the same day.
 * Three hits and two runs that must stay silent, worked out by hand from the rows below.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toId18 } from '../../shared/ids.js';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, csv, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const ORG = '00D5j000000NWDm';
const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const admin: Integration = { appId: '0H45j0000DLOADR', name: 'Data Loader', userId: '0055j000000ADMN', username: 'admin@example.com' };
const SALES = '0055j000000SALE';

const calls: ApiCall[] = [];
for (let day = 0; day <= 5; day++) {
  calls.push({ at: at(day, 10), who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1', object: 'Contact', rows: 20 });
  calls.push({ at: at(day, 15), who: admin, ip: '198.51.100.7', ua: 'DataLoaderPartnerUI/62.0.0', object: 'Account', rows: 300 });
}

const elfTime = (iso: string): string => iso.replace(/[-:TZ]/g, '');
const sfTime = (iso: string): string => iso.replace('Z', '+0000');
const URI = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'CLIENT_IP'];
const download = (iso: string, user: string, n: number, ip: string): string[] =>
  ['URI', elfTime(iso), `dl-${n}`, ORG, user, `/servlet/servlet.OrgExport?fileName=WE_${toId18(ORG)}_1.ZIP&id=0925j0000000${String(n).padStart(3, '0')}`, `S${n}`, `L${n}`, iso, toId18(user)!, ip];
const LOGIN = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'LOGIN_KEY', 'LOGIN_TYPE', 'BROWSER_TYPE', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED', 'SOURCE_IP'];
const login = (iso: string, user: string, type: string, n: number): string[] =>
  ['Login', elfTime(iso), `lg-${n}`, ORG, user, `LK${n}`, type, 'Mozilla/5.0', iso, toId18(user)!, '198.51.100.7'];
const request = (iso: string, user: string, n: number): string[] =>
  [`0Ym5j00000000${String(n).padStart(2, '0')}`, 'dataExportRequested', 'Data Export', 'Requested a data export (Export Now)', sfTime(iso), user];

let c: RuleCase;
beforeAll(async () => {
  c = await runRuleCase({
    'rtem/ApiEvent.csv': apiEventCsv(calls),
    'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor, admin]),
    'metadata/SetupAuditTrail.csv': csv(['Id', 'Action', 'Section', 'Display', 'CreatedDate', 'CreatedById'], [
      request(at(8, 9), vendor.userId, 1), request(at(12, 9), admin.userId, 2), request(at(16, 9), admin.userId, 3),
    ]),
    'elf/URI-2025-07.csv': csv(URI, [
      download(at(8, 9, 30), vendor.userId, 1, '203.0.113.66'), // run 1: requested and downloaded by the integration user
      download(at(12, 9, 30), admin.userId, 2, '198.51.100.7'), // run 2: the admin's own export (silent)
      download(at(16, 11), vendor.userId, 3, '203.0.113.66'), // run 3: the admin's request, downloaded with the integration's credentials
      download(at(20, 10), SALES, 4, '198.51.100.9'), // run 4: a user with no API history (silent)
      download(at(24, 8, 30), vendor.userId, 5, '203.0.113.66'), // run 5: after a UI login of the integration user the same morning
    ]),
    'elf/Login-2025-07.csv': csv(LOGIN, [
      login(at(1, 8), admin.userId, 'A', 1), // the admin is a person at a browser
      login(at(24, 8), vendor.userId, 'A', 2), // the integration user's first UI login: on the day of run 5, not before it
    ]),
  });
}, 120_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

describe('data_export_by_integration', () => {
  it('flags the three runs an integration user requested or downloaded, and nothing else', async () => {
    const runs = await c.db.all<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports WHERE channel = 'data_export'`);
    expect(runs[0]?.n).toBe(5);
    expect(await c.flaggedAt('data_export_by_integration')).toEqual([at(8, 9), at(16, 9), at(24, 8, 30)]);
    expect(c.summary.counts['data_export_by_integration']).toBe(3);
  });

  it('says who did what, through which app, with the run\'s events as evidence', async () => {
    const [run1, run3, run5] = await c.flags('data_export_by_integration');
    expect(run1!.message).toBe('Data Export requested and downloaded by vendor.sync@example.com, the run-as user of connected app Vendor Sync (6 API export(s) before it, no interactive login before 2025-07-09): integration users do not use Setup, so someone else may hold its credentials.');
    expect(run3!.message).toMatch(/^Data Export downloaded by vendor\.sync@example\.com, the run-as user of connected app Vendor Sync \(6 API export/);
    expect(run5!.message).toMatch(/^Data Export downloaded by vendor\.sync@example\.com/);
    expect(run1!.evidence).toHaveLength(2); // the audit-trail request and the download
    expect(run3!.evidence).toHaveLength(2);
  });

  it('stays silent for the admin who exports through Data Loader but logs in to the UI, and for a user with no API history', async () => {
    const silent = await c.db.all<{ user_id: string }>(sql`SELECT user_id FROM exports WHERE channel = 'data_export'
      AND export_id NOT IN (SELECT export_id FROM flags WHERE code = 'data_export_by_integration') ORDER BY start_ts`);
    expect(silent.map((r) => r.user_id)).toEqual([toId18(admin.userId), toId18(SALES)]);
  });
});
