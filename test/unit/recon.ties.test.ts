/**
 * Ties never decide by the order rows happen to reach DuckDB: the same evidence gives the same names on every run.
 * DuckDB's plain mode() breaks a tie by arrival order (with two threads, a different pick from one run to the next), and
 * arg_min/arg_max by arrival order too. The rules: a name logged as often as another is the one that sorts first; an app
 * seen with a session as often as another is the app id that sorts first. Expectations are worked out here from the rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstructExportTables } from '../../electron/engine/analysis/reconstruct.js';
import type { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { modeOf, sql } from '../../electron/engine/store/sql.js';
import { toId18 } from '../../shared/ids.js';
import { elfRow, openCase, writeCsv } from '../helpers/evidence.js';

const ORG = '00D5j000000NWDm';
const USERS = 40;
const userId = (i: number): string => toId18(`0055j00000${String(10000 + i)}`)!;
// Two apps seen with session SK (and login LK) once each.
const APP_LATE = '0H45j0000ZzZzZz';
const APP_EARLY = '0H45j0000AaAaAa';

const root = mkdtempSync(path.join(os.tmpdir(), 'ls-ties-'));
const ev = path.join(root, 'evidence');
let db: CaseDb;
let custody: CustodyLog;

const api = (iso: string, f: Record<string, string>): Record<string, string> => ({
  EventIdentifier: `e-${iso}-${f['SessionKey']}`, EventDate: iso, UserId: '', Username: '', SessionKey: '', LoginKey: '', SourceIp: '203.0.113.9',
  UserAgent: 'sync-client/1.0', ApiType: 'REST', Operation: 'query', Query: 'SELECT Id FROM Contact', QueriedEntities: 'Contact', RowsProcessed: '1',
  Records: '', ConnectedAppId: '', RequestIdentifier: '', ...f,
});

beforeAll(async () => {
  // Each user: four queries in four sessions; the first two name the user z<i>@…, the last two a<i>@… (as often).
  const rows: Record<string, string>[] = [];
  for (let i = 0; i < USERS; i++) {
    for (let k = 0; k < 4; k++) {
      const hour = String(k + 1).padStart(2, '0');
      rows.push(api(`2025-07-26T${hour}:${String(i).padStart(2, '0')}:00.000Z`, {
        UserId: userId(i), Username: `${k < 2 ? 'z' : 'a'}${i}@example.com`, SessionKey: `S${i}-${k}`, LoginKey: `L${i}-${k}`,
      }));
    }
  }
  // The session whose app is told only by the ELF rows of the same session key.
  rows.push(api('2025-07-26T20:00:00.000Z', { UserId: userId(0), Username: 'a0@example.com', SessionKey: 'SK', LoginKey: 'LK', QueriedEntities: 'Lead', Query: 'SELECT Id FROM Lead' }));
  writeCsv(path.join(ev, 'rtem', 'ApiEvent.csv'), rows);
  writeCsv(path.join(ev, 'elf', 'RestApi-2025-07-26.csv'), [APP_EARLY, APP_LATE].map((app, k) =>
    elfRow('RestApi', `2025-07-26T19:5${k}:00.000Z`, { REQUEST_ID: `RD${k}`, ORGANIZATION_ID: ORG, USER_ID: '0055j0000010000', URI: '/services/data/v62.0/sobjects/Lead/describe',
      SESSION_KEY: 'SK', LOGIN_KEY: 'LK', METHOD: 'GET', ROWS_PROCESSED: '', ENTITY_NAME: '', CONNECTED_APP_ID: app, CLIENT_IP: '203.0.113.9' })));
  ({ db, custody } = await openCase(path.join(root, 'case'), [ev]));
  const outcome = await reconstructExportTables(db);
  expect(outcome.cancelled).toBe(false);
}, 120_000);

afterAll(() => {
  db.close();
  custody.close();
  rmSync(root, { recursive: true, force: true });
});

describe('names and links when the evidence ties', () => {
  it('names a user by the username sorting first when two are logged as often', async () => {
    const rows = await db.all<{ user_id: string; names: string[]; n: number }>(
      sql`SELECT user_id, list(DISTINCT username ORDER BY username) AS names, count(*)::BIGINT AS n FROM exports WHERE object = 'Contact' GROUP BY user_id ORDER BY user_id`);
    expect(rows).toHaveLength(USERS);
    for (const r of rows) {
      const i = Number(r.user_id.slice(10, 15)) - 10000;
      expect(r.n).toBe(4);
      expect(r.names).toEqual([`a${i}@example.com`]);
    }
  });

  it('ties a session to the app id sorting first when two apps are seen with it as often', async () => {
    const lead = await db.one<{ app_id: string | null; app_basis: string }>(sql`SELECT app_id, app_basis FROM exports WHERE object = 'Lead'`);
    const early = toId18(APP_EARLY)!;
    const late = toId18(APP_LATE)!;
    expect(early < late).toBe(true);
    expect(lead).toEqual({ app_id: early, app_basis: 'session' });
  });
});

describe('modeOf', () => {
  it('gives the most frequent value, a tie going to the value that sorts first, on every run with two threads', async () => {
    const mem = await CaseDb.open(':memory:', { threads: 2 });
    try {
      // 4,000 groups; in each, values v0…v3 with counts that tie between two of them; rows in a scrambled order.
      await mem.run(sql`CREATE TABLE t AS SELECT g, v FROM (
          SELECT i % 4000 AS g, 'v' || ((i // 4000) % 4) AS v, i FROM range(400000) r(i)
          WHERE ((i // 4000) % 4) IN (((i % 4000) % 3), ((i % 4000) % 3) + 1) OR (i // 4000) % 10 = 9)
        ORDER BY hash(i)`);
      // Expected, counted here from the same rule as the table: per group the count of each value, then the pick.
      const expected = new Map<number, string>();
      let tied = 0;
      for (let g = 0; g < 4000; g++) {
        const counts = new Map<string, number>();
        for (let i = g; i < 400000; i += 4000) {
          const k = Math.floor(i / 4000) % 4;
          if (k === g % 3 || k === (g % 3) + 1 || Math.floor(i / 4000) % 10 === 9) counts.set(`v${k}`, (counts.get(`v${k}`) ?? 0) + 1);
        }
        const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        if (ranked[1] && ranked[1][1] === ranked[0]![1]) tied++;
        expected.set(g, ranked[0]![0]);
      }
      for (let run = 0; run < 3; run++) {
        const got = await mem.all<{ g: number; m: string }>(sql`SELECT g, ${modeOf(sql`v`)} AS m FROM t GROUP BY g ORDER BY g`);
        expect(got).toHaveLength(4000);
        const wrong = got.filter((r) => expected.get(Number(r.g)) !== r.m);
        expect(wrong).toEqual([]);
      }
      // Most groups hold a tie (the test would say nothing without them).
      expect(tied).toBeGreaterThan(3000);
    } finally {
      mem.close();
    }
  });
});
