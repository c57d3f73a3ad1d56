/**
 * Could read vs did read on evidence written by the test: Real-Time Event Monitoring ApiEvent rows (what two
 * integration users read) and the org's permission exports (what they could read), through the whole
 * investigation. Every expectation is worked out by hand from the rows below.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { CASE_DB } from '../../electron/engine/caseLayout.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-access-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// 18-character ids (checksum suffixes worked out by hand with Salesforce's algorithm).
const ALICE = '0055j00000AliceAAB';
const BOB = '0055j00000Bob00AAB';
const APP_X = '0H45j00000AppX0CAJ';
const APP_Y = '0H45j00000AppY0CAJ';

const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v}"`).join(',')).join('\n') + '\n';

function apiEvents(): string {
  const header = ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'ConnectedAppId', 'RequestIdentifier'];
  return csv([
    header,
    ['e1', '2025-07-01T10:00:00.000Z', ALICE, 'alice@x.test', 'S1', '34.214.10.11', 'Sync/1.0', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '40', APP_X, 'R1'],
    ['e2', '2025-07-02T10:00:00.000Z', ALICE, 'alice@x.test', 'S2', '34.214.10.11', 'Sync/1.0', 'REST', 'Query', 'SELECT Id FROM Contact WHERE Email != null', 'Contact', '25', APP_X, 'R2'],
    ['e3', '2025-07-02T11:00:00.000Z', ALICE, 'alice@x.test', 'S2', '34.214.10.11', 'Sync/1.0', 'REST', 'Query', 'SELECT COUNT() FROM Account', 'Account', '300', APP_X, 'R3'],
    ['e4', '2025-07-03T09:00:00.000Z', BOB, 'bob@x.test', 'S3', '52.10.20.30', 'Admin/2.0', 'REST', 'Query', 'SELECT Id FROM Lead', 'Lead', '10', APP_Y, 'R4'],
  ]);
}

/** The permission exports: Alice's profile grants nothing; a set assigned by 15-character ids grants Contact; Bob's profile has View All Data (and no Modify All Data column at all). */
function permissions(dir: string, aliceExportsData = false): void {
  writeFileSync(path.join(dir, 'User.csv'), csv([['Id', 'Username', 'ProfileId'], [ALICE, 'alice@x.test', '00e5j00000Prof1AAB'], [BOB, 'bob@x.test', '00e5j00000Prof2AAB']]));
  writeFileSync(path.join(dir, 'Profile.csv'), aliceExportsData
    ? csv([['Id', 'Name', 'PermissionsViewAllData', 'PermissionsDataExport'], ['00e5j00000Prof1AAB', 'Integration', 'false', 'true'], ['00e5j00000Prof2AAB', 'Admin', 'true', 'false']])
    : csv([['Id', 'Name', 'PermissionsViewAllData'], ['00e5j00000Prof1AAB', 'Integration', 'false'], ['00e5j00000Prof2AAB', 'Admin', 'true']]));
  writeFileSync(path.join(dir, 'PermissionSet.csv'), csv([['Id', 'Name', 'Label', 'IsOwnedByProfile'], ['0PS5j00000PSet1GAD', 'Contact_Reader', 'Contact Reader', 'false']]));
  writeFileSync(path.join(dir, 'PermissionSetAssignment.csv'), csv([['Id', 'AssigneeId', 'PermissionSetId'], ['0Pa5j00000Asg01AAA', ALICE.slice(0, 15), '0PS5j00000PSet1']]));
  writeFileSync(path.join(dir, 'ObjectPermissions.csv'), csv([
    ['Id', 'ParentId', 'SobjectType', 'PermissionsRead', 'PermissionsViewAllRecords'],
    ['1105j00000Obj01AAA', '0PS5j00000PSet1GAD', 'Contact', 'true', 'false'],
    ['1105j00000Obj02AAA', '0PS5j00000PSet1GAD', 'Case', 'false', 'false'],
  ]));
}

type Row = { app_id: string | null; user_id: string; object: string; could_read: boolean | null; via: string | null; view_all: boolean | null; did_read: boolean; rows_read: number | null; first_read: string | null; last_read: string | null };

/** Alice downloads a file (ContentTransfer, with the URI row of the same request): a `file_download` export of object File. */
function fileDownload(dir: string): void {
  mkdirSync(path.join(dir, 'elf'), { recursive: true });
  const head = ['EVENT_TYPE', 'TIMESTAMP', 'TIMESTAMP_DERIVED', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'USER_ID_DERIVED'];
  writeFileSync(path.join(dir, 'elf', 'ContentTransfer-2025-07-04.csv'), csv([
    [...head, 'DOCUMENT_ID', 'VERSION_ID', 'TRANSACTION_TYPE', 'SIZE_BYTES', 'FILE_TYPE'],
    ['ContentTransfer', '20250704100000.000', '2025-07-04T10:00:00.000Z', 'R9', '00D5j000000NWDm', ALICE.slice(0, 15), ALICE, '0695j000000XyzW', '0685j000000AbcD', 'VersionDownloadAction', '2048', 'PDF'],
  ]));
  writeFileSync(path.join(dir, 'elf', 'URI-2025-07-04.csv'), csv([
    [...head, 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'CLIENT_IP'],
    ['URI', '20250704100000.000', '2025-07-04T10:00:00.000Z', 'R9', '00D5j000000NWDm', ALICE.slice(0, 15), ALICE, '/sfc/servlet.shepherd/version/download/0685j000000AbcD', 'S1', 'L1', '34.214.10.11'],
  ]));
}

/** Alice downloads the zip of a Data Export run from Setup: a `data_export` export of every object (`*`). */
function dataExportDownload(dir: string): void {
  mkdirSync(path.join(dir, 'elf'), { recursive: true });
  writeFileSync(path.join(dir, 'elf', 'URI-2025-07-05.csv'), csv([
    ['EVENT_TYPE', 'TIMESTAMP', 'TIMESTAMP_DERIVED', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'USER_ID_DERIVED', 'URI', 'SESSION_KEY', 'LOGIN_KEY', 'CLIENT_IP'],
    ['URI', '20250705100000.000', '2025-07-05T10:00:00.000Z', 'R10', '00D5j000000NWDm', ALICE.slice(0, 15), ALICE, '/servlet/servlet.OrgExport?fileName=WE_00D5j000000NWDmEAO_1.ZIP&id=0925j000000AbC1', 'S5', 'L5', '34.214.10.11'],
  ]));
}

async function runCase(name: string, withPermissions: boolean, withDownload = false, dataExport = false): Promise<{ rows: Row[]; warnings: string[]; out: string }> {
  const evidence = path.join(root, name, 'evidence');
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), apiEvents());
  if (withPermissions) permissions(evidence, dataExport);
  if (withDownload) fileDownload(evidence);
  if (dataExport) dataExportDownload(evidence);
  const out = path.join(root, name, 'out');
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  const db = await CaseDb.open(path.join(out, 'case', CASE_DB), { readOnly: true });
  try {
    const rows = await db.all<Row>(sql`SELECT app_id, user_id, object, could_read, via, view_all, did_read, rows_read, first_read, last_read FROM integration_access ORDER BY app_id, object`);
    return { rows, warnings: r.value.warnings, out };
  } finally {
    db.close();
  }
}

describe('integration_access', () => {
  it('puts what each integration could read beside what it read', async () => {
    const { rows } = await runCase('with-permissions', true);
    const compact = rows.map((r) => [r.app_id, r.object, r.could_read, r.via, r.view_all, r.did_read, r.rows_read]);
    expect(compact).toEqual([
      [APP_X, 'Account', false, null, null, false, 0], // COUNT() only: a number left, no records; no grant either
      [APP_X, 'Contact', true, 'permission set Contact Reader', false, true, 65],
      // Bob: View All Data on his profile = every object known in the case, each readable, one read.
      [APP_Y, '*', true, 'profile Admin (View All Data)', true, false, 0],
      [APP_Y, 'Account', true, 'profile Admin (View All Data)', true, false, 0],
      [APP_Y, 'Contact', true, 'profile Admin (View All Data)', true, false, 0],
      [APP_Y, 'Lead', true, 'profile Admin (View All Data)', true, true, 10],
    ]);
    const contact = rows.find((r) => r.app_id === APP_X && r.object === 'Contact')!;
    expect([contact.first_read, contact.last_read]).toEqual(['2025-07-01T10:00:00.000Z', '2025-07-02T10:00:00.000Z']);
    expect(rows.every((r) => r.user_id === (r.app_id === APP_X ? ALICE : BOB))).toBe(true);
  });

  it('leaves could_read unknown, and says so, without permission exports', async () => {
    const { rows, warnings } = await runCase('without-permissions', false);
    expect(rows.map((r) => [r.app_id, r.object, r.could_read, r.did_read])).toEqual([
      [APP_X, 'Account', null, false], [APP_X, 'Contact', null, true], [APP_Y, 'Lead', null, true],
    ]);
    expect(warnings.join('\n')).toMatch(/no Profile, PermissionSet, PermissionSetAssignment, ObjectPermissions or FieldPermissions export/);
  });

  it('says a downloaded file is governed by file sharing, not "could read: false", even beside View All Data', async () => {
    const { rows, out } = await runCase('with-download', true, true);
    const files = rows.filter((r) => r.object === 'File').map((r) => [r.app_id, r.user_id, r.could_read, r.view_all, r.did_read, r.rows_read, r.via]);
    const sharing = 'governed by file sharing (owner, libraries, linked records), not object permissions: the permission exports cannot tell which files it could open';
    expect(files).toEqual([
      [APP_Y, BOB, null, null, false, 0, sharing], // View All Data lists every object known, but does not decide files
      [null, ALICE, null, null, true, 1, sharing], // the download (tied to no connected app): one file read
    ]);
    // The object-permission answers are unchanged.
    expect(rows.find((r) => r.app_id === APP_X && r.object === 'Contact')?.could_read).toBe(true);
    const report = JSON.parse(readFileSync(path.join(out, 'integrations.json'), 'utf8')) as { integrations: { app: { id: string | null }; access: { object: string; couldRead: boolean | null; governedBy: string }[] | null; leastPrivilege: { couldReadNeverRead: string[] }[] | null }[] };
    const alice = report.integrations.find((i) => i.app.id === null)!;
    // Her download's entry: the file, its sharing named; her permission set still answers for Contact.
    expect(alice.access?.map((a) => [a.object, a.couldRead, a.governedBy])).toEqual([['Contact', true, 'object_permissions'], ['File', null, 'file_sharing']]);
    const bob = report.integrations.find((i) => i.app.id === APP_Y)!;
    expect(bob.access?.find((a) => a.object === 'Lead')).toMatchObject({ couldRead: true, governedBy: 'object_permissions' });
    expect(bob.leastPrivilege?.flatMap((l) => l.couldReadNeverRead)).not.toContain('File');
  });

  it('answers a Data Export run (every object) from the Weekly Data Export permission', async () => {
    const { rows } = await runCase('with-data-export', true, false, true);
    const alice = rows.filter((r) => r.user_id === ALICE && r.app_id === null).map((r) => [r.object, r.could_read, r.via, r.view_all, r.did_read, r.rows_read]);
    // Her profile may export all data: every object granted or read in the case, whatever its sharing; the run read '*' (no row count logged).
    expect(alice).toEqual([
      ['*', true, 'profile Integration (Weekly Data Export)', true, true, null],
      ['Account', true, 'profile Integration (Weekly Data Export)', true, false, 0],
      ['Contact', true, 'permission set Contact Reader; profile Integration (Weekly Data Export)', true, false, 0],
      ['Lead', true, 'profile Integration (Weekly Data Export)', true, false, 0],
    ]);
  });
});
