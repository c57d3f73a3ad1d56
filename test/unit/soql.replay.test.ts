/**
 * Replays over a small hand-built org; every expected answer below is worked out by hand from the
 * rows in ORG (see the comment on each test), not from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSoql } from '../../shared/soql/parser.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { planReplay } from '../../electron/engine/scoping/replayPlan.js';
import { listSnapshots } from '../../electron/engine/scoping/snapshotCatalog.js';
import type { ReplayEnv, SnapshotInfo } from '../../electron/engine/scoping/replayTypes.js';
import { id15, id18, orgDb, type Table } from '../helpers/soqlOrg.js';

const A = (n: number) => id18('001', n);
const C = (n: number) => id18('003', n);
const U = (n: number) => id18('005', n);
const K = (n: number) => id18('500', n);

/** The query ran on Wednesday 2025-07-16 at 14:30 UTC. */
const AT = Date.UTC(2025, 6, 16, 14, 30);

const ORG: Record<string, Table> = {
  Account: {
    columns: ['Id', 'Name', 'Type', 'OwnerId', 'CreatedDate'],
    rows: [
      [A(1), 'Acme', 'Customer', U(1), '2025-01-01T00:00:00.000Z'],
      [A(2), 'Globex', 'Prospect', U(2), '2025-02-01T00:00:00.000Z'],
      [A(3), 'Initech', 'customer', U(1), '2025-08-01T00:00:00.000Z'], // created after the query
    ],
  },
  User: { columns: ['Id', 'Email'], rows: [[U(1), 'u1@corp.example'], [U(2), 'u2@corp.example']] },
  Contact: {
    columns: ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'CreatedDate'],
    rows: [
      [C(1), A(1), 'Anna', 'Smith', 'anna@example.de', '2025-03-01T00:00:00Z'],
      [C(2), id15('001', 1), 'Ben', 'Smith', 'ben@example.com', '2025-03-02T00:00:00Z'], // 15-character AccountId
      [C(3), A(2), 'Carla', 'Adams', 'carla@example.de', '2025-03-03T00:00:00Z'],
      [C(4), null, 'Dirk', 'Smith', 'dirk@example.fr', '2025-03-04T00:00:00Z'],
      [C(5), A(1), 'Eva', 'Stone', 'eva@example.de', '2025-07-20T00:00:00Z'], // created after the query
    ],
  },
  Case: {
    columns: ['Id', 'ContactId', 'Subject', 'CreatedDate'],
    rows: [
      [K(1), C(1), 'Login issue', '2025-04-01T00:00:00Z'],
      [K(2), C(3), 'Refund', '2025-04-02T00:00:00Z'],
      [K(3), null, 'Spam', '2025-04-03T00:00:00Z'],
    ],
  },
  Warehouse__c: {
    // San Francisco itself, Oakland (≈ 8 mi away), San Jose (≈ 42 mi away), and one without coordinates.
    columns: ['Id', 'Name', 'Location__Latitude__s', 'Location__Longitude__s'],
    rows: [[id18('a01', 1), 'SF', '37.775', '-122.418'], [id18('a01', 2), 'Oakland', '37.8044', '-122.2712'], [id18('a01', 3), 'San Jose', '37.3382', '-121.8863'], [id18('a01', 4), 'Unknown', null, null]],
  },
  Task: {
    columns: ['Id', 'WhatId', 'WhoId', 'Subject'],
    rows: [[id18('00T', 1), A(1), C(2), 'Call'], [id18('00T', 2), K(1), null, 'Follow up'], [id18('00T', 3), null, C(3), 'Email']],
  },
};

const NAMES = new Map<string, string>([
  ...[1, 2, 3].map((n): [string, string] => [A(n), `A${n}`]),
  ...[1, 2].map((n): [string, string] => [U(n), `U${n}`]),
  ...[1, 2, 3, 4, 5].map((n): [string, string] => [C(n), `C${n}`]),
  ...[1, 2, 3].map((n): [string, string] => [K(n), `K${n}`]),
  ...[1, 2, 3].map((n): [string, string] => [id18('00T', n), `T${n}`]),
  ...[1, 2, 3, 4].map((n): [string, string] => [id18('a01', n), `W${n}`]),
]);

let db: CaseDb;
let snapshots: Map<string, SnapshotInfo>;

beforeAll(async () => {
  db = await orgDb(ORG);
  snapshots = await listSnapshots(db);
});
afterAll(() => db?.close());

/** Replays `text` and returns "Object:Record:tier[:fields]" per exposed record, sorted. */
async function replay(text: string, env: Partial<ReplayEnv> = {}, withFields = false): Promise<string[]> {
  const q = parseSoql(text);
  if (!q.ok) throw new Error(`parse: ${q.error.message}`);
  const plan = planReplay(q.value, { snapshots, referenceMs: AT, ...env });
  if (!plan.ok) throw new Error(`plan: ${plan.error}`);
  const rows = await db.all<{ src: string; id: string; certain: boolean }>(plan.value.statement);
  return rows
    .map((r) => {
      const s = plan.value.sources.get(r.src)!;
      const tier = r.certain && plan.value.uncertain.length === 0 ? 'replayed' : 'possible';
      return `${s.object}:${NAMES.get(r.id) ?? r.id}:${tier}${withFields ? `:${s.fields.join('+')}` : ''}`;
    })
    .sort();
}

async function whyNot(text: string): Promise<string> {
  const q = parseSoql(text);
  if (!q.ok) throw new Error(`parse: ${q.error.message}`);
  const plan = planReplay(q.value, { snapshots, referenceMs: AT });
  if (plan.ok) throw new Error(`expected a refusal for ${text}`);
  return plan.error;
}

describe('relationship fields expose the parent records', () => {
  it('Contact → Account by AccountId (18- and 15-character ids), excluding records created after the query', async () => {
    // Account.Type = 'CUSTOMER' matches A1 (Customer) and A3 (customer); C5 and A3 did not exist at 14:30 on 16 July.
    expect(await replay("SELECT Id, Email, Account.Name FROM Contact WHERE Account.Type = 'CUSTOMER'", {}, true)).toEqual([
      'Account:A1:replayed:Name', 'Contact:C1:replayed:Id+Email', 'Contact:C2:replayed:Id+Email',
    ]);
  });

  it('a Case query selecting Contact.Email exposes those contacts; two hops reach the owner', async () => {
    expect(await replay('SELECT Id, Subject, Contact.Email FROM Case', {}, true)).toEqual([
      'Case:K1:replayed:Id+Subject', 'Case:K2:replayed:Id+Subject', 'Case:K3:replayed:Id+Subject',
      'Contact:C1:replayed:Email', 'Contact:C3:replayed:Email',
    ]);
    expect(await replay("SELECT Id, Account.Owner.Email FROM Contact WHERE LastName = 'adams'", {}, true)).toEqual([
      'Contact:C3:replayed:Id', 'User:U2:replayed:Email',
    ]);
  });

  it('polymorphic What/Who resolve by key prefix; What.Type is the parent object', async () => {
    expect(await replay("SELECT Id, What.Name FROM Task WHERE What.Type = 'Account'")).toEqual(['Account:A1:replayed', 'Task:T1:replayed']);
    expect(await replay('SELECT Id, Who.Email FROM Task')).toEqual([
      'Contact:C2:replayed', 'Contact:C3:replayed', 'Task:T1:replayed', 'Task:T2:replayed', 'Task:T3:replayed',
    ]);
    expect(await replay('SELECT TYPEOF What WHEN Account THEN Name WHEN Case THEN Subject END FROM Task', {}, true)).toEqual([
      'Account:A1:replayed:Name', 'Case:K1:replayed:Subject', 'Task:T1:replayed:', 'Task:T2:replayed:', 'Task:T3:replayed:',
    ]);
  });
});

describe('child subqueries, semi-joins and anti-joins', () => {
  it('a child subquery exposes the matching children of the selected parents', async () => {
    // Accounts existing: A1, A2. Contacts of A1 with LastName LIKE 's%': C1, C2 (C5 is later); of A2: none (Adams).
    expect(await replay("SELECT Name, (SELECT Email FROM Contacts WHERE LastName LIKE 's%') FROM Account", {}, true)).toEqual([
      'Account:A1:replayed:Name', 'Account:A2:replayed:Name', 'Contact:C1:replayed:Email', 'Contact:C2:replayed:Email',
    ]);
  });

  it('nested child subqueries expose grandchildren (five levels allowed since API 58)', async () => {
    // A1 → C1, C2 (C5 is later); A2 → C3. Cases: C1 → K1, C3 → K2.
    expect(await replay('SELECT Id, (SELECT Id, (SELECT Id, Subject FROM Cases) FROM Contacts) FROM Account', {}, true)).toEqual([
      'Account:A1:replayed:Id', 'Account:A2:replayed:Id', 'Case:K1:replayed:Id+Subject', 'Case:K2:replayed:Id+Subject',
      'Contact:C1:replayed:Id', 'Contact:C2:replayed:Id', 'Contact:C3:replayed:Id',
    ]);
  });

  it('semi-joins and anti-joins run over the other snapshot as of the query time', async () => {
    // .de contacts existing: C1 (A1), C3 (A2); C5 (.de, A1) is later but A1 is in anyway.
    expect(await replay("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Email LIKE '%.DE')")).toEqual(['Account:A1:replayed', 'Account:A2:replayed']);
    expect(await replay("SELECT Id FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact WHERE LastName = 'Adams')")).toEqual(['Account:A1:replayed']);
    expect(await replay('SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM Case)')).toEqual(['Contact:C1:replayed', 'Contact:C3:replayed']);
  });
});

describe('ids, LIMIT and ties', () => {
  it('compares id literals on the 15-character case-sensitive id', async () => {
    const both = ['Contact:C1:replayed', 'Contact:C2:replayed'];
    expect(await replay(`SELECT Id FROM Contact WHERE AccountId = '${id15('001', 1)}'`)).toEqual(both);
    expect(await replay(`SELECT Id FROM Contact WHERE AccountId = '${A(1)}'`)).toEqual(both);
    expect(await replay(`SELECT Id FROM Contact WHERE AccountId = '${id15('001', 1).toLowerCase()}'`)).toEqual([]);
    expect(await replay(`SELECT Id FROM Contact WHERE Id IN ('${id15('003', 3)}', '${C(1)}')`)).toEqual(['Contact:C1:replayed', 'Contact:C3:replayed']);
  });

  it('marks records tied across the LIMIT boundary possible', async () => {
    // Existing contacts by LastName: Adams (C3), then Smith ×3 (C1, C2, C4) tied at positions 2–4.
    expect(await replay('SELECT Id FROM Contact ORDER BY LastName LIMIT 2')).toEqual([
      'Contact:C1:possible', 'Contact:C2:possible', 'Contact:C3:replayed', 'Contact:C4:possible',
    ]);
    expect(await replay('SELECT Id FROM Contact ORDER BY LastName, FirstName LIMIT 2')).toEqual(['Contact:C1:replayed', 'Contact:C3:replayed']);
    expect(await replay('SELECT Id FROM Contact ORDER BY LastName DESC LIMIT 3')).toEqual(['Contact:C1:replayed', 'Contact:C2:replayed', 'Contact:C4:replayed']);
    expect(await replay('SELECT Id FROM Contact ORDER BY LastName LIMIT 2 OFFSET 1')).toEqual(['Contact:C1:possible', 'Contact:C2:possible', 'Contact:C4:possible']);
  });

  it('LIMIT without ORDER BY: all possible when more match, all replayed when all fit; a huge LIMIT is not an error', async () => {
    expect(await replay('SELECT Id FROM Contact LIMIT 2')).toEqual(['Contact:C1:possible', 'Contact:C2:possible', 'Contact:C3:possible', 'Contact:C4:possible']);
    const all = ['Contact:C1:replayed', 'Contact:C2:replayed', 'Contact:C3:replayed', 'Contact:C4:replayed'];
    expect(await replay('SELECT Id FROM Contact LIMIT 10')).toEqual(all);
    expect(await replay('SELECT Id FROM Contact LIMIT 99999999999999999999999')).toEqual(all);
  });

  it('a long IN list is one set parameter and still exact', async () => {
    const noise = Array.from({ length: 3000 }, (_, i) => `'${id15('003', 1000 + i)}'`);
    const text = `SELECT Id FROM Contact WHERE Id IN (${[...noise, `'${id15('003', 3)}'`, `'${C(1)}'`].join(', ')})`;
    expect(await replay(text)).toEqual(['Contact:C1:replayed', 'Contact:C3:replayed']);
    const emails = [...Array.from({ length: 40 }, (_, i) => `'x${i}@example.org'`), "'ANNA@example.DE'"];
    expect(await replay(`SELECT Id FROM Contact WHERE Email IN (${emails.join(', ')})`)).toEqual(['Contact:C1:replayed']);
    // Mixed long list: numbers, null and text; C4 has no AccountId (null), C3's LastName is Adams.
    const mixed = [...Array.from({ length: 30 }, (_, i) => String(i)), 'null', "'adams'"];
    expect(await replay(`SELECT Id FROM Contact WHERE AccountId IN (${mixed.join(', ')})`)).toEqual(['Contact:C4:replayed']);
    expect(await replay(`SELECT Id FROM Contact WHERE LastName IN (${mixed.join(', ')})`)).toEqual(['Contact:C3:replayed']);
  });
});

describe('OFFSET alone, per-parent child LIMIT, USING SCOPE', () => {
  it('OFFSET without LIMIT skips the first positions', async () => {
    // Adams (C3) is position 1 and skipped; the three Smiths fill positions 2–4, all certainly returned.
    expect(await replay('SELECT Id FROM Contact ORDER BY LastName OFFSET 1')).toEqual(['Contact:C1:replayed', 'Contact:C2:replayed', 'Contact:C4:replayed']);
  });

  it('a child LIMIT applies per parent, ties included', async () => {
    // A1's existing contacts C1, C2 are both Smith: LIMIT 1 cuts the tie. A2 has only C3.
    expect(await replay('SELECT Name, (SELECT Email FROM Contacts ORDER BY LastName LIMIT 1) FROM Account')).toEqual([
      'Account:A1:replayed', 'Account:A2:replayed', 'Contact:C1:possible', 'Contact:C2:possible', 'Contact:C3:replayed',
    ]);
  });

  it('USING SCOPE Mine keeps the querying user\'s records; a scope the evidence cannot decide makes them possible', async () => {
    expect(await replay('SELECT Id FROM Account USING SCOPE Mine', { userId: U(1) })).toEqual(['Account:A1:replayed']);
    expect(await replay('SELECT Id FROM Account USING SCOPE Team')).toEqual(['Account:A1:possible', 'Account:A2:possible']);
  });
});

describe('location queries', () => {
  it('replays DISTANCE() on the latitude/longitude components, as possible (Salesforce\'s formula is undocumented)', async () => {
    const where = "DISTANCE(Location__c, GEOLOCATION(37.775, -122.418), 'mi')";
    expect(await replay(`SELECT Name FROM Warehouse__c WHERE ${where} < 20`)).toEqual(['Warehouse__c:W1:possible', 'Warehouse__c:W2:possible']);
    expect(await replay(`SELECT Name FROM Warehouse__c WHERE ${where} > 20`)).toEqual(['Warehouse__c:W3:possible']);
    expect(await replay(`SELECT Name FROM Warehouse__c WHERE DISTANCE(Location__c, GEOLOCATION(37.775, -122.418), 'km') < 20 ORDER BY ${where} LIMIT 1`)).toEqual(['Warehouse__c:W1:possible']);
  });
});

describe('queries the replay cannot run are reasons, not errors', () => {
  it('explains why', async () => {
    expect(await whyNot('SELECT Id FROM Foo__c')).toContain('no Foo__c snapshot');
    expect(await whyNot("SELECT Id FROM Contact WHERE toLabel(LastName) = 'x'")).toContain('toLabel()');
    expect(await whyNot('SELECT Id FROM Contact WHERE Id = :ids')).toContain('bind variable :ids');
    expect(await whyNot("SELECT Id FROM Contact WHERE Manager__r.Email = 'x'")).toContain('Manager__c');
  });

  it('a selected parent or child the snapshots cannot reach is a note; the records themselves still replay', async () => {
    const q = parseSoql("SELECT Id, Manager__r.Email, (SELECT Id FROM Widgets__r) FROM Contact WHERE LastName = 'Adams'");
    if (!q.ok) throw new Error(q.error.message);
    const plan = planReplay(q.value, { snapshots, referenceMs: AT });
    if (!plan.ok) throw new Error(plan.error);
    const rows = await db.all<{ id: string }>(plan.value.statement);
    expect(rows.map((r) => NAMES.get(r.id))).toEqual(['C3']);
    expect(plan.value.notes).toEqual([
      expect.stringMatching(/^Manager__r\.Email cannot be replayed \(relationship Manager__r: the Contact snapshot has no Manager__c column\)/),
      expect.stringMatching(/^child subquery Widgets__r cannot be replayed \(child relationship Widgets__r: no snapshot of Widget__c or Widgets__c/),
    ]);
  });
});
