/**
 * scopeExports end to end over a hand-built org, read back from the `exposures` table it writes: logged ids are
 * kept whatever the replay does, a query the replay cannot run is a reason on its export, and the user's time
 * zone comes from the User snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogicalExport } from '../../shared/domain.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { scopeExports, type ScopeOutcome } from '../../electron/engine/scoping/replay.js';
import { sql } from '../../electron/engine/store/sql.js';
import { id18, orgDb } from '../helpers/soqlOrg.js';

const C = (n: number) => id18('003', n);
const U = (n: number) => id18('005', n);
const L = (n: number) => id18('00Q', n);
const label = new Map<string, string>([...[1, 2, 3, 4].map((n): [string, string] => [C(n), `C${n}`]), ...[1, 2, 3].map((n): [string, string] => [L(n), `L${n}`])]);

function exportOf(id: string, query: string | null, extra: Partial<LogicalExport> = {}): LogicalExport {
  return {
    id, channel: 'rest_query', integration: { connectedAppId: null, name: null, basis: 'none' } as unknown as LogicalExport['integration'],
    user: { id: U(1), username: 'u1@corp.example' }, object: null, query, start: '2025-03-10T12:00:00.000Z', end: '2025-03-10T12:00:01.000Z',
    rows: null, sourceIp: null, userAgent: null, sessionKey: null, loginKey: null, requestIds: [], suspicious: true, reasons: [],
    countOnly: false, evidence: [], ...extra,
  };
}

let db: CaseDb;
beforeAll(async () => {
  db = await orgDb({
    User: { columns: ['Id', 'Username', 'TimeZoneSidKey'], rows: [[U(1), 'u1@corp.example', 'America/New_York']] },
    Organization: { columns: ['Id', 'FiscalYearStartMonth', 'TimeZoneSidKey'], rows: [[id18('00D', 1), '4', 'Europe/Paris']] },
    Contact: {
      columns: ['Id', 'LastName', 'Email', 'CreatedDate'],
      rows: [
        [C(1), 'Smith', 'a@example.de', '2025-01-01T00:00:00Z'], [C(2), 'Smith', 'b@example.de', '2025-01-01T00:00:00Z'],
        [C(3), 'Adams', 'c@example.de', '2025-01-01T00:00:00Z'], [C(4), 'Jones', 'd@example.de', '2025-04-01T00:00:00Z'], // C4: after the queries
      ],
    },
    Lead: { columns: ['Id', 'CreatedDate'], rows: [[L(1), '2025-03-09T04:30:00Z'], [L(2), '2025-03-09T05:00:00Z'], [L(3), '2025-03-10T04:00:00Z']] },
  });
});
afterAll(() => db?.close());

type Row = { export_id: string; object: string; record_id: string; tier: string; fields: string[] };
let rows: Row[] = [];
/** Runs scopeExports with the logged ids put in `export_records`, and keeps what it wrote to `exposures`. */
async function scope(exports: LogicalExport[], logged: Map<string, string[]>, options: Parameters<typeof scopeExports>[2] = {}): Promise<ScopeOutcome> {
  await db.run(sql`CREATE OR REPLACE TABLE export_records (export_id VARCHAR, record_id VARCHAR, event_id BIGINT)`);
  for (const [x, ids] of logged) for (const id of ids) await db.run(sql`INSERT INTO export_records VALUES (${x}, ${id}, NULL)`);
  const out = await scopeExports(db, exports, options);
  rows = await db.all<Row>(sql`SELECT export_id, object, record_id, tier, fields FROM exposures ORDER BY export_id, object, record_id`);
  return out;
}
const of = (_out: ScopeOutcome, exportId: string): string[] =>
  rows.filter((e) => e.export_id === exportId).map((e) => `${e.object}:${label.get(e.record_id) ?? e.record_id}:${e.tier}`).sort();

describe('scopeExports', () => {
  it('keeps logged record ids when the query cannot be parsed, replayed or is a report', async () => {
    const logged = new Map([['x1', [C(1)]], ['x2', [C(2)]], ['x3', [C(3)]]]);
    const out = await scope([
      exportOf('x1', 'SELECT Id FROM Contact WHERE LastName ~ 1'),
      exportOf('x2', "SELECT Id FROM Contact WHERE toLabel(LastName) = 'x'"),
      exportOf('x3', null, { channel: 'report_export', object: 'Contact' }),
    ], logged);
    expect([...of(out, 'x1'), ...of(out, 'x2'), ...of(out, 'x3')]).toEqual(['Contact:C1:confirmed', 'Contact:C2:confirmed', 'Contact:C3:confirmed']);
    expect(out.unresolved).toEqual([]);
    expect(out.notes.find((n) => n.startsWith('x1:'))).toContain('cannot be parsed');
    expect(out.notes.find((n) => n.startsWith('x2:'))).toContain('toLabel()');
  });

  it('a query the replay cannot run is an unresolved reason on its export, never a thrown error', async () => {
    const out = await scope([exportOf('x4', 'SELECT Id FROM Contact WHERE Id = :ids', { rows: 3 })], new Map());
    expect(out.exposureCount).toBe(0);
    expect(rows).toEqual([]);
    expect(out.unresolved).toEqual([{ exportId: 'x4', object: null, rows: 3, reason: expect.stringContaining('bind variable :ids') }]);
    const noTime = await scope([exportOf('x9', 'SELECT Id FROM Contact WHERE CreatedDate = TODAY', { start: 'sometime' })], new Map());
    expect(noTime.unresolved[0]?.reason).toContain('no valid start time');
  });

  it('replays a huge LIMIT exactly, and flags a row count the replay disagrees with, with both numbers', async () => {
    const out = await scope([exportOf('x5', 'SELECT Id, Email FROM Contact LIMIT 99999999999999999999999', { rows: 4 })], new Map());
    expect(of(out, 'x5')).toEqual(['Contact:C1:replayed', 'Contact:C2:replayed', 'Contact:C3:replayed']);
    expect(out.notes).toContain('x5: the replay selects 3 Contact record(s); the log says 4 row(s).');
    expect(rows[0]?.fields).toEqual(['Id', 'Email']);
  });

  it('a logged record stays confirmed; the tied rest of the LIMIT is possible', async () => {
    const out = await scope([exportOf('x6', 'SELECT Id FROM Contact ORDER BY LastName DESC LIMIT 1')], new Map([['x6', [C(1)]]]));
    // Existing by LastName DESC: Smith (C1, C2) tied at positions 1–2, Adams (C3) third: LIMIT 1 cuts the tie.
    expect(of(out, 'x6')).toEqual(['Contact:C1:confirmed', 'Contact:C2:possible']);
  });

  it("evaluates date literals in the querying user's time zone from the User snapshot", async () => {
    // Query at 2025-03-10 12:00Z by U1 (America/New_York): YESTERDAY = [2025-03-09 05:00Z, 2025-03-10 04:00Z).
    const out = await scope([exportOf('x7', 'SELECT Id FROM Lead WHERE CreatedDate = YESTERDAY')], new Map());
    expect(of(out, 'x7')).toEqual(['Lead:L2:replayed']);
    // Without a user id the Organization's zone (Paris, UTC+1) applies: 9 March = [8 Mar 23:00Z, 9 Mar 23:00Z).
    const org = await scope([exportOf('x8', 'SELECT Id FROM Lead WHERE CreatedDate = YESTERDAY', { user: { id: null, username: null } })], new Map());
    expect(of(org, 'x8')).toEqual(['Lead:L1:replayed', 'Lead:L2:replayed']);
    expect(org.notes.join('\n')).toContain("Organization's time zone Europe/Paris");
  });
});

describe('scopeExports progress and cancellation', () => {
  it('reports each export and stops when the signal is aborted', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    const out = await scope([exportOf('p1', 'SELECT Id FROM Lead'), exportOf('p2', 'SELECT Id FROM Contact')], new Map(), {
      signal: controller.signal,
      onExport: (done, total) => {
        seen.push(`${done}/${total}`);
        controller.abort();
      },
    });
    expect(seen).toEqual(['0/2']);
    expect(out.cancelled).toBe(true);
    expect(of(out, 'p1')).toEqual(['Lead:L1:replayed', 'Lead:L2:replayed', 'Lead:L3:replayed']);
    expect(of(out, 'p2')).toEqual([]);
    expect(out.notes).toContain('Scoping cancelled after 1 of 2 export(s).');
  });
});
