/**
 * Date literals in the querying user's time zone (across a DST change) and fiscal literals from the
 * Organization's fiscal year; expected instants and days are worked out by hand in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateLiteralDays } from '../../shared/soql/dateLiterals.js';
import { parseSoql } from '../../shared/soql/parser.js';
import { localDay, localMidnightMs } from '../../shared/soql/timeZone.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { planReplay } from '../../electron/engine/scoping/replayPlan.js';
import { listSnapshots } from '../../electron/engine/scoping/snapshotCatalog.js';
import type { ReplayEnv, SnapshotInfo } from '../../electron/engine/scoping/replayTypes.js';
import { id18, orgDb } from '../helpers/soqlOrg.js';

const DAY = 86_400_000;
const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;
const iso = (d: number): string => new Date(d * DAY).toISOString().slice(0, 10);

describe('time zones', () => {
  it('finds local days and local midnights across the US spring-forward change', () => {
    // New York: EST (UTC−5) until 2025-03-09 02:00 local, then EDT (UTC−4).
    expect(iso(localDay(Date.parse('2025-03-10T03:59:59Z'), 'America/New_York'))).toBe('2025-03-09');
    expect(iso(localDay(Date.parse('2025-03-10T04:00:00Z'), 'America/New_York'))).toBe('2025-03-10');
    expect(new Date(localMidnightMs(day('2025-03-09'), 'America/New_York')).toISOString()).toBe('2025-03-09T05:00:00.000Z');
    expect(new Date(localMidnightMs(day('2025-03-10'), 'America/New_York')).toISOString()).toBe('2025-03-10T04:00:00.000Z');
    expect(new Date(localMidnightMs(day('2025-03-11'), 'Pacific/Auckland')).toISOString()).toBe('2025-03-10T11:00:00.000Z');
    expect(new Date(localMidnightMs(day('2025-07-01'), 'UTC')).toISOString()).toBe('2025-07-01T00:00:00.000Z');
    // New York falls back on 2 November 2025 at 02:00 EDT: that day begins at 04:00Z, the next at 05:00Z.
    expect(new Date(localMidnightMs(day('2025-11-02'), 'America/New_York')).toISOString()).toBe('2025-11-02T04:00:00.000Z');
    expect(new Date(localMidnightMs(day('2025-11-03'), 'America/New_York')).toISOString()).toBe('2025-11-03T05:00:00.000Z');
    // Santiago springs forward at local midnight on 8 September 2024 (00:00 UTC−4 becomes 01:00 UTC−3): the day starts at 04:00Z.
    expect(new Date(localMidnightMs(day('2024-09-08'), 'America/Santiago')).toISOString()).toBe('2024-09-08T04:00:00.000Z');
    expect(new Date(localMidnightMs(day('2024-09-09'), 'America/Santiago')).toISOString()).toBe('2024-09-09T03:00:00.000Z');
  });
});

describe('fiscal literals (fiscal year starting 1 April)', () => {
  const today = day('2025-07-16');
  const range = (name: string, n: number | null = null): [string, string] => {
    const r = dateLiteralDays(name, n, today, { fiscalStartMonth: 4 });
    if (!r) throw new Error(name);
    return [iso(r.startDay), iso(r.endDay)];
  };
  it('gives fiscal quarters and years from the start month', () => {
    expect(range('THIS_FISCAL_QUARTER')).toEqual(['2025-07-01', '2025-10-01']);
    expect(range('LAST_FISCAL_QUARTER')).toEqual(['2025-04-01', '2025-07-01']);
    expect(range('NEXT_FISCAL_QUARTER')).toEqual(['2025-10-01', '2026-01-01']);
    expect(range('THIS_FISCAL_YEAR')).toEqual(['2025-04-01', '2026-04-01']);
    expect(range('LAST_FISCAL_YEAR')).toEqual(['2024-04-01', '2025-04-01']);
    expect(range('NEXT_N_FISCAL_YEARS', 2)).toEqual(['2026-04-01', '2028-04-01']);
    expect(range('LAST_N_FISCAL_QUARTERS', 2)).toEqual(['2025-01-01', '2025-07-01']);
    expect(range('N_FISCAL_QUARTERS_AGO', 3)).toEqual(['2024-10-01', '2025-01-01']);
    expect(range('N_FISCAL_YEARS_AGO', 1)).toEqual(['2024-04-01', '2025-04-01']);
  });
  it('uses calendar quarters for the fiscal year of a January start', () => {
    expect(dateLiteralDays('THIS_FISCAL_QUARTER', null, today)).toEqual({ startDay: day('2025-07-01'), endDay: day('2025-10-01') });
  });
});

describe('replays with the user time zone and the org fiscal year', () => {
  let db: CaseDb;
  let snapshots: Map<string, SnapshotInfo>;
  const L = (n: number) => id18('00Q', n);
  const O = (n: number) => id18('006', n);
  const names = new Map([...[1, 2, 3, 4].map((n): [string, string] => [L(n), `L${n}`]), ...[1, 2, 3, 4, 5, 6].map((n): [string, string] => [O(n), `O${n}`])]);

  beforeAll(async () => {
    db = await orgDb({
      Lead: {
        columns: ['Id', 'CreatedDate', 'CallTime__c'],
        rows: [
          [L(1), '2025-03-09T04:30:00Z', '08:00:00.000Z'], [L(2), '2025-03-09T05:00:00Z', '17:59:59.000Z'],
          [L(3), '2025-03-10T03:59:59Z', '18:00:00.000Z'], [L(4), '2025-03-10T04:00:00Z', null],
        ],
      },
      Opportunity: {
        columns: ['Id', 'CloseDate'],
        rows: [[O(1), '2025-03-31'], [O(2), '2025-04-01'], [O(3), '2025-06-30'], [O(4), '2025-07-01'], [O(5), '2026-03-31'], [O(6), '2026-04-01']],
      },
    });
    snapshots = await listSnapshots(db);
  });
  afterAll(() => db?.close());

  const ids = async (text: string, env: Partial<ReplayEnv>): Promise<string[]> => {
    const q = parseSoql(text);
    if (!q.ok) throw new Error(q.error.message);
    const plan = planReplay(q.value, { snapshots, referenceMs: Date.UTC(2025, 6, 16, 14, 30), ...env });
    if (!plan.ok) throw new Error(plan.error);
    const rows = await db.all<{ id: string }>(plan.value.statement);
    return rows.map((r) => names.get(r.id) ?? r.id).sort();
  };

  it('YESTERDAY in New York the day after spring-forward is the 23-hour local 9 March', async () => {
    // Query at 2025-03-10 12:00Z = 08:00 EDT, so YESTERDAY = local 9 March = [05:00Z 9 Mar, 04:00Z 10 Mar).
    const at = { referenceMs: Date.parse('2025-03-10T12:00:00Z') };
    expect(await ids('SELECT Id FROM Lead WHERE CreatedDate = YESTERDAY', { ...at, timeZone: 'America/New_York' })).toEqual(['L2', 'L3']);
    // The same query for a UTC user: 9 March UTC = [00:00Z 9 Mar, 00:00Z 10 Mar).
    expect(await ids('SELECT Id FROM Lead WHERE CreatedDate = YESTERDAY', { ...at, timeZone: 'UTC' })).toEqual(['L1', 'L2']);
    // Date functions read UTC unless convertTimezone(): L3 is 03:59Z on 10 March (22:59 on the 9th in New York).
    expect(await ids('SELECT Id FROM Lead WHERE DAY_IN_MONTH(CreatedDate) = 10', { ...at, timeZone: 'America/New_York' })).toEqual(['L3', 'L4']);
    expect(await ids('SELECT Id FROM Lead WHERE DAY_IN_MONTH(convertTimezone(CreatedDate)) = 10', { ...at, timeZone: 'America/New_York' })).toEqual(['L4']);
  });

  it('compares Time fields with time literals', async () => {
    expect(await ids('SELECT Id FROM Lead WHERE CallTime__c >= 08:00:00Z AND CallTime__c < 18:00:00.000Z', {})).toEqual(['L1', 'L2']);
    expect(await ids('SELECT Id FROM Lead WHERE CallTime__c != 18:00:00.000Z', {})).toEqual(['L1', 'L2', 'L4']);
  });

  it('date fields compare with the user\'s local day, not with instants', async () => {
    // 2025-07-16 14:30Z is 17 July 02:30 in Auckland (NZST, UTC+12): TODAY is 17 July there, no date matches; in UTC none either.
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate = TODAY', { timeZone: 'Pacific/Auckland' })).toEqual([]);
    // THIS_QUARTER on 16 July (calendar) = July–September: O4 (1 July).
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate = THIS_QUARTER', { timeZone: 'Pacific/Auckland' })).toEqual(['O4']);
  });

  it('fiscal literals and fiscal date functions follow FiscalYearStartMonth', async () => {
    const fy = { fiscalStartMonth: 4 };
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate = THIS_FISCAL_YEAR', fy)).toEqual(['O2', 'O3', 'O4', 'O5']);
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate = THIS_FISCAL_QUARTER', fy)).toEqual(['O4']);
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate = LAST_FISCAL_QUARTER', fy)).toEqual(['O2', 'O3']);
    expect(await ids('SELECT Id FROM Opportunity WHERE CloseDate < THIS_FISCAL_YEAR', fy)).toEqual(['O1']);
    // FY2026 (named by its end) runs 1 April 2025 – 31 March 2026; fiscal Q1 is April–June.
    expect(await ids('SELECT Id FROM Opportunity WHERE FISCAL_YEAR(CloseDate) = 2026', fy)).toEqual(['O2', 'O3', 'O4', 'O5']);
    expect(await ids('SELECT Id FROM Opportunity WHERE FISCAL_QUARTER(CloseDate) = 1', fy)).toEqual(['O2', 'O3', 'O6']);
    expect(await ids('SELECT Id FROM Opportunity WHERE FISCAL_YEAR(CloseDate) = 2025', { ...fy, fiscalYearNamedByStart: true })).toEqual(['O2', 'O3', 'O4', 'O5']);
  });
});
