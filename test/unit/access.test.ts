/**
 * Could read vs did read on evidence written by the test: Real-Time Event Monitoring ApiEvent rows (what two
 * integration users read) and the org's permission exports (what they could read), through the whole
 * investigation. Every expectation is worked out by hand from the rows below.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
function permissions(dir: string): void {
  writeFileSync(path.join(dir, 'User.csv'), csv([['Id', 'Username', 'ProfileId'], [ALICE, 'alice@x.test', '00e5j00000Prof1AAB'], [BOB, 'bob@x.test', '00e5j00000Prof2AAB']]));
  writeFileSync(path.join(dir, 'Profile.csv'), csv([['Id', 'Name', 'PermissionsViewAllData'], ['00e5j00000Prof1AAB', 'Integration', 'false'], ['00e5j00000Prof2AAB', 'Admin', 'true']]));
  writeFileSync(path.join(dir, 'PermissionSet.csv'), csv([['Id', 'Name', 'Label', 'IsOwnedByProfile'], ['0PS5j00000PSet1GAD', 'Contact_Reader', 'Contact Reader', 'false']]));
  writeFileSync(path.join(dir, 'PermissionSetAssignment.csv'), csv([['Id', 'AssigneeId', 'PermissionSetId'], ['0Pa5j00000Asg01AAA', ALICE.slice(0, 15), '0PS5j00000PSet1']]));
  writeFileSync(path.join(dir, 'ObjectPermissions.csv'), csv([
    ['Id', 'ParentId', 'SobjectType', 'PermissionsRead', 'PermissionsViewAllRecords'],
    ['1105j00000Obj01AAA', '0PS5j00000PSet1GAD', 'Contact', 'true', 'false'],
    ['1105j00000Obj02AAA', '0PS5j00000PSet1GAD', 'Case', 'false', 'false'],
  ]));
}

type Row = { app_id: string; user_id: string; object: string; could_read: boolean | null; via: string | null; view_all: boolean | null; did_read: boolean; rows_read: number | null; first_read: string | null; last_read: string | null };

async function runCase(name: string, withPermissions: boolean): Promise<{ rows: Row[]; warnings: string[] }> {
  const evidence = path.join(root, name, 'evidence');
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), apiEvents());
  if (withPermissions) permissions(evidence);
  const out = path.join(root, name, 'out');
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  const db = await CaseDb.open(path.join(out, 'case', CASE_DB), { readOnly: true });
  try {
    const rows = await db.all<Row>(sql`SELECT app_id, user_id, object, could_read, via, view_all, did_read, rows_read, first_read, last_read FROM integration_access ORDER BY app_id, object`);
    return { rows, warnings: r.value.warnings };
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
});
