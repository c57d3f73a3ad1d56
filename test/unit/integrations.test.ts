/**
 * integrations.json sections that read other stages' tables: OauthToken snapshots, and `daily_volume` /
 * `containment_actions` (the rules stage fills them; here they are created with exactly the agreed columns, so the
 * writer's joins are proven against the contract before that stage lands). Evidence is written by the test; every
 * expectation is worked out by hand from it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_DB } from '../../electron/engine/caseLayout.js';
import { investigate } from '../../electron/engine/investigate.js';
import { integrationsDocument } from '../../electron/engine/reports/integrations.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-integrations-'));
// 18-character ids (checksum suffixes worked out by hand with Salesforce's algorithm).
const ALICE = '0055j00000AliceAAB';
const APP_X = '0H45j00000AppX0CAJ';
const ORG = '00D5j000000NWDmEAO';
const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v}"`).join(',')).join('\n') + '\n';

let db: CaseDb;

beforeAll(async () => {
  const evidence = path.join(root, 'evidence');
  mkdirSync(evidence, { recursive: true });
  writeFileSync(path.join(evidence, 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-01T10:00:00.000Z', ALICE, 'alice@x.test', 'S1', '34.214.10.11', 'Sync/1.0', 'REST', 'Query', 'SELECT Id FROM Contact', 'Contact', '40', APP_X, 'R1'],
    ['e2', '2025-07-02T10:00:00.000Z', ALICE, 'alice@x.test', 'S2', '10.0.0.8', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id FROM Contact', 'Contact', '25', APP_X, 'R2'],
  ]));
  writeFileSync(path.join(evidence, 'ConnectedApplication.csv'), csv([['Id', 'Name'], [APP_X, 'Sync App']]));
  writeFileSync(path.join(evidence, 'OauthToken.csv'), csv([
    ['Id', 'AppName', 'UserId', 'CreatedDate', 'LastUsedDate', 'UseCount'],
    ['0CQ5j00000Tok01AAA', 'Sync App', ALICE, '2025-06-01T08:00:00.000+0000', '2025-07-02T10:00:00.000+0000', '812'],
    ['0CQ5j00000Tok02AAA', 'Other App', ALICE, '2025-06-02T08:00:00.000+0000', '2025-06-03T08:00:00.000+0000', '3'],
  ]));
  const out = path.join(root, 'out');
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  db = await CaseDb.open(path.join(out, 'case', CASE_DB));
});

afterAll(() => {
  db?.close();
  rmSync(root, { recursive: true, force: true });
});

type Doc = { integrations: Record<string, unknown>[]; missing: string[] };
const sync = (doc: Doc) => doc.integrations.find((i) => (i.app as { id: string }).id === APP_X)!;

describe('integrations.json sections from other stages', () => {
  it('lists the app\'s OAuth tokens by app name, and the IPs with their labels', async () => {
    const doc = (await integrationsDocument(db)) as Doc;
    const x = sync(doc);
    expect(x.tokens).toEqual([{
      id: '0CQ5j00000Tok01AAA', appName: 'Sync App', userId: ALICE, created: '2025-06-01T08:00:00.000Z', lastUsed: '2025-07-02T10:00:00.000Z', useCount: 812,
      sourceId: expect.any(Number), record: 1,
    }]);
    expect((x.ips as { ip: string; org: string | null }[]).find((i) => i.ip === '10.0.0.8')?.org).toMatch(/RFC 1918/);
    // The rules stage ran: the two exports' days, counted by hand from the evidence above (40 and 25 Contact rows).
    expect((x.dailyVolume as { object: string; day: string; rows: number }[]).map((d) => [d.object, d.day, d.rows])).toEqual([
      ['Contact', '2025-07-01', 40], ['Contact', '2025-07-02', 25],
    ]);
    // The OauthToken export's grant of Sync App's token is the one audit fact (the other token is another app's).
    expect((x.auditTrail as { at: string; kind: string; appName: string; record: number }[]).map((a) => [a.at, a.kind, a.appName, a.record])).toEqual([
      ['2025-06-01T08:00:00.000Z', 'permission_granted', 'Sync App', 1],
    ]);
    expect(doc.missing).not.toContain('daily_volume');
  });

  it('reads daily_volume and containment_actions when the rules stage has written them', async () => {
    await db.run(sql`CREATE OR REPLACE TABLE daily_volume (key_kind VARCHAR, key VARCHAR, org_id VARCHAR, object VARCHAR, day DATE, rows BIGINT, exports BIGINT, mean DOUBLE, sd DOUBLE, history_days INTEGER)`);
    await db.run(sql`INSERT INTO daily_volume VALUES ('app', ${APP_X}, NULL, 'Contact', DATE '2025-07-02', 25, 1, 40.0, 0.0, 1), ('user', ${ALICE}, NULL, 'Contact', DATE '2025-07-02', 25, 1, 40.0, 0.0, 1)`);
    await db.run(sql`CREATE OR REPLACE TABLE containment_actions (org_id VARCHAR, "at" TIMESTAMP, kind VARCHAR, app_id VARCHAR, app_name VARCHAR, user_id VARCHAR, detail VARCHAR, source_id INTEGER, source_record BIGINT)`);
    await db.run(sql`INSERT INTO containment_actions VALUES
      (${ORG}, TIMESTAMP '2025-07-03 09:00:00', 'token_revoked', ${APP_X}, 'Sync App', ${ALICE}, 'Revoked OAuth token', 7, 3),
      (${ORG}, TIMESTAMP '2025-07-03 09:05:00', 'user_frozen', NULL, NULL, ${ALICE}, 'Froze user alice@x.test', 7, 4),
      (${ORG}, TIMESTAMP '2025-07-03 09:06:00', 'user_frozen', NULL, NULL, '0055j00000Bob00AAB', 'Froze user bob@x.test', 7, 5)`);
    const x = sync((await integrationsDocument(db)) as Doc);
    expect(x.dailyVolume).toEqual([{ object: 'Contact', day: '2025-07-02', rows: 25, exports: 1, mean: 40, sd: 0, historyDays: 1 }]);
    expect((x.auditTrail as { kind: string; at: string }[]).map((a) => [a.kind, a.at])).toEqual([
      ['token_revoked', '2025-07-03T09:00:00.000Z'], ['user_frozen', '2025-07-03T09:05:00.000Z'],
    ]);
  });
});
