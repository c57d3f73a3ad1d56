import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parseSoql } from '../../shared/soql/parser.js';
import { compileWhere, selectedFields, sfTimestampSql, type ReplayContext } from '../../electron/engine/scoping/soqlToSql.js';

/** The query ran on Wednesday 2025-07-16 at 14:30 UTC. */
const REFERENCE_MS = Date.UTC(2025, 6, 16, 14, 30);

const HEADER = ['Id', 'FirstName', 'LastName', 'Email', 'Title', 'LeadSource', 'MailingCountry', 'HasOptedOutOfEmail', 'CreatedDate', 'Score__c', 'Interests__c'];
// A Contact snapshot as an export tool writes it: messy case, blanks, several timestamp forms.
const ROWS: string[][] = [
  ['C01', 'Anna', 'Schmidt', 'anna.schmidt@example.de', 'Marketing Director', 'Web', 'germany', 'false', '2025-07-01T10:00:00.000Z', '10', 'Golf;Tennis'],
  ['C02', 'Ben', 'Müller', 'ben@example.de', 'director of sales', 'Partner Referral', 'GERMANY', 'false', '2025-07-08T23:59:59.999+0000', '20', 'golf'],
  ['C03', 'Carla', 'Rossi', 'carla@example.it', 'Engineer', 'web', 'Germany', 'FALSE', '2025-07-09T00:00:00Z', '5.5', 'Tennis; Sailing'],
  ['C04', 'Dirk', 'Dubois', 'dirk@example.fr', 'Engineer', 'Phone Inquiry', 'France', 'false', '2025-06-01', '', ''],
  ['C05', 'Eva', 'Lund', 'eva@example.se', 'VP Sales', 'Web', '', 'true', '2025-05-05T10:00:00.000Z', '100', 'Sailing'],
  ['C06', 'Finn', 'Hale', 'finn@example.com', '', '', 'United States', 'false', '2025-07-16T13:00:00.000Z', '-3', ''],
  ['C07', 'Gina', 'Ross', 'gina@example.com', 'Director, Ops', 'Trade Show', 'united states', 'false', '2025-07-09T00:30:00.000+01:00', '7', 'Golf'],
  ['C08', 'Hugo', 'Berg', 'hugo@example.com', '100% Owner', 'Web', 'USA', '0', '2024-12-31T23:00:00-02:00', '', ''],
  ['C09', 'Ida', 'Vega', 'ida@example.es', '100 Percent', 'Other', 'Spain', '1', '2025-01-01T00:00:00Z', 'n/a', ''],
  ['C10', 'Jan', 'Novak', 'jan@example.cz', 'Head_of_IT', 'Web', 'Czechia', 'false', '2025-07-15T08:00:00Z', '12', 'GOLF;tennis'],
  ['C11', 'Kai', 'Wolf', 'kai@example.at', 'HeadXofXIT', 'Partner Referral', 'Austria', 'false', 'not a date', '3', 'Tennis'],
  ['C12', 'Lea', 'Kern', 'lea@example.de', 'R\\D Lead', 'Web', 'Germany', 'false', '', '', ''],
  ['C13', 'Max', 'Frei', 'max@example.ch', '', 'PARTNER REFERRAL', 'Switzerland', 'false', '2025-03-15T12:00:00.000Z', '42', 'Sailing;Golf'],
  ['C14', 'Nina', "O'Brien", 'nina@example.ie', 'Director', 'Web', 'Ireland', '', '2025-07-10T12:00:00Z', '8', ''],
  ['C15', 'Omar', 'Haddad', 'omar@example.com', 'Analyst', 'Email', 'Germany', 'false', '2025-07-13', '1', ''],
  ['C16', 'Pia', 'Lang', 'pia@example.de', 'Analyst', 'Web', 'Germany', 'true', '2025-07-12T23:59:59Z', '2', ''],
  ['C17', 'Quinn', 'Ford', 'quinn@example.com', 'Analyst', 'Web', 'United States', 'false', '2025-07-20T00:00:00Z', '3', ''],
  ['C18', 'Rosa', 'Diaz', 'rosa@example.mx', 'Analyst', 'Web', 'Mexico', 'false', '2025-06-30T23:59:59.000Z', '4', ''],
  ['C19', 'Sven', 'Berg', 'sven@example.se', 'Analyst', 'Web', 'Sweden', 'false', '2025-04-01T00:00:00.000Z', '5', ''],
  ['C20', 'Tara', 'Singh', 'tara@example.in', 'Analyst', 'Web', 'India', 'false', '2024-10-01', '6', ''],
  ['C21', 'Uwe', 'Kohl', 'uwe@example.de', 'Analyst', 'Web', 'Deutschland', 'false', '2025-07-17T00:00:00.000Z', '7', ''],
  ['C22', 'Vera', 'Ilic', 'vera@example.rs', 'Analyst', 'Web', 'Serbia', 'false', '2025-07-14T12:00:00.000Z', '8', ''],
];
const ALL = ROWS.map((r) => r[0] as string);
const except = (...ids: string[]): string[] => ALL.filter((id) => !ids.includes(id));

let dir: string;
let db: DuckDBConnection;
const ctx: ReplayContext = { columns: HEADER, referenceMs: REFERENCE_MS };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leakscope-soql-'));
  const csvCell = (v: string): string => (v === '' ? '' : `"${v.replaceAll('"', '""')}"`);
  const path = join(dir, 'Contact.csv');
  writeFileSync(path, [HEADER.join(','), ...ROWS.map((r) => r.map(csvCell).join(','))].join('\n') + '\n');
  db = await (await DuckDBInstance.create(':memory:')).connect();
  await db.run('CREATE TABLE contact AS SELECT * FROM read_csv(?, header = true, all_varchar = true)', [path]);
});

afterAll(() => {
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** Replays `SELECT Id FROM Contact WHERE <where>` on the snapshot and returns the selected Ids. */
async function replay(where: string, context: ReplayContext = ctx): Promise<string[]> {
  const q = parseSoql(`SELECT Id FROM Contact WHERE ${where}`);
  if (!q.ok) throw new Error(`parse: ${q.error.message}`);
  const c = compileWhere(q.value.where, context);
  if (!c.ok) throw new Error(`compile: ${c.error.message}`);
  const rows = (await db.runAndReadAll(`SELECT "Id" FROM contact WHERE ${c.value.sql} ORDER BY "Id"`, c.value.params)).getRowObjectsJson();
  return rows.map((r) => String(r.Id));
}

describe('compileWhere on a real DuckDB snapshot', () => {
  it('loads the snapshot as VARCHAR with blanks as NULL', async () => {
    const rows = (await db.runAndReadAll('SELECT count(*) AS n, count("MailingCountry") AS c FROM contact')).getRowObjectsJson();
    expect(rows).toEqual([{ n: '22', c: '21' }]);
  });

  it('replays the contact export query from the brief', async () => {
    const text =
      "SELECT Id, FirstName, LastName, Email, Phone, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact WHERE HasOptedOutOfEmail = false AND (LeadSource IN ('Web', 'Partner Referral') OR Title LIKE '%director%') AND CreatedDate < LAST_N_DAYS:7";
    const q = parseSoql(text);
    if (!q.ok) throw new Error(q.error.message);
    const c = compileWhere(q.value.where, ctx);
    if (!c.ok) throw new Error(c.error.message);
    // Values travel only as parameters: none of them appears in the SQL text.
    for (const value of ['Web', 'Partner Referral', 'director', 'false', '0']) expect(c.value.sql).not.toContain(`'${value}'`);
    expect(c.value.sql).not.toMatch(/director|Partner|\bWeb\b/i);
    expect(c.value.params).toEqual(['false', '0', 'Web', 'Partner Referral', '%director%', Date.UTC(2025, 6, 9)]);
    // Every `?` outside the fixed SQL string constants (the timestamp regex) is a parameter.
    expect(c.value.sql.replace(/'[^']*'/g, '').split('?').length - 1).toBe(c.value.params.length);
    expect(await replay(text.slice(text.indexOf('WHERE') + 6))).toEqual(['C01', 'C02', 'C07', 'C08', 'C13', 'C18', 'C19', 'C20']);
  });

  it('compares strings case-insensitively; != and NOT IN select blank fields', async () => {
    expect(await replay("MailingCountry = 'germany'")).toEqual(['C01', 'C02', 'C03', 'C12', 'C15', 'C16']);
    expect(await replay("MailingCountry != 'Germany'")).toEqual(except('C01', 'C02', 'C03', 'C12', 'C15', 'C16'));
    expect(await replay("MailingCountry <> 'Germany'")).toEqual(except('C01', 'C02', 'C03', 'C12', 'C15', 'C16'));
    expect(await replay("MailingCountry IN ('GERMANY', 'usa')")).toEqual(['C01', 'C02', 'C03', 'C08', 'C12', 'C15', 'C16']);
    expect(await replay("MailingCountry NOT IN ('Germany', 'United States')")).toEqual(
      except('C01', 'C02', 'C03', 'C12', 'C15', 'C16', 'C06', 'C07', 'C17'),
    );
    expect(await replay("LastName = 'o\\'brien'")).toEqual(['C14']);
  });

  it('treats blank cells (and the empty string) as null', async () => {
    expect(await replay('MailingCountry = null')).toEqual(['C05']);
    expect(await replay("MailingCountry = ''")).toEqual(['C05']);
    expect(await replay('MailingCountry != null')).toEqual(except('C05'));
    expect(await replay('Title = NULL')).toEqual(['C06', 'C13']);
  });

  it('honours precedence: NOT over AND over OR, with two-valued NOT', async () => {
    // Salesforce example shape: Type = 'Customer' AND NOT (BillingCountry = 'United States'); C05 has no country.
    expect(await replay("LeadSource = 'Web' AND NOT (MailingCountry = 'United States')")).toEqual([
      'C01', 'C03', 'C05', 'C08', 'C10', 'C12', 'C14', 'C16', 'C18', 'C19', 'C20', 'C21', 'C22',
    ]);
    expect(await replay("LeadSource = 'Trade Show' OR (LeadSource = 'Other' AND MailingCountry = 'Germany')")).toEqual(['C07']);
    expect(await replay("(LeadSource = 'Trade Show' OR LeadSource = 'Other') AND MailingCountry = 'Spain'")).toEqual(['C09']);
    expect(await replay("NOT MailingCountry = 'Germany' AND LeadSource = 'Web'")).toEqual([
      'C05', 'C08', 'C10', 'C14', 'C17', 'C18', 'C19', 'C20', 'C21', 'C22',
    ]);
  });

  it('translates LIKE wildcards and escapes, case-insensitively', async () => {
    expect(await replay("Title LIKE '%DIRECTOR%'")).toEqual(['C01', 'C02', 'C07', 'C14']);
    expect(await replay("Title LIKE '100%'")).toEqual(['C08', 'C09']);
    expect(await replay("Title LIKE '100\\%%'")).toEqual(['C08']);
    expect(await replay("Title LIKE 'Head_of_IT'")).toEqual(['C10', 'C11']);
    expect(await replay("Title LIKE 'head\\_of\\_it'")).toEqual(['C10']);
    expect(await replay("Title LIKE 'R\\\\D%'")).toEqual(['C12']);
    expect(await replay("LastName LIKE 'O\\'%'")).toEqual(['C14']);
    expect(await replay("NOT Title LIKE '%analyst%'")).toEqual(['C01', 'C02', 'C03', 'C04', 'C05', 'C06', 'C07', 'C08', 'C09', 'C10', 'C11', 'C12', 'C13', 'C14']);
  });

  it('compares numbers numerically, ignoring unparseable cells except for !=', async () => {
    expect(await replay('Score__c > 7')).toEqual(['C01', 'C02', 'C05', 'C10', 'C13', 'C14', 'C22']);
    expect(await replay('Score__c < 0')).toEqual(['C06']);
    expect(await replay('Score__c = 5.5')).toEqual(['C03']);
    expect(await replay('Score__c != 8')).toEqual(except('C14', 'C22'));
    expect(await replay('Score__c IN (1, 2, 3)')).toEqual(['C11', 'C15', 'C16', 'C17']);
  });

  it('reads checkboxes as true/1 and false/0', async () => {
    expect(await replay('HasOptedOutOfEmail = true')).toEqual(['C05', 'C09', 'C16']);
    expect(await replay('HasOptedOutOfEmail = FALSE')).toEqual(except('C05', 'C09', 'C16', 'C14'));
    expect(await replay('HasOptedOutOfEmail != true')).toEqual(except('C05', 'C09', 'C16'));
  });

  it('evaluates date literals relative to the reference time (UTC, week starting Sunday)', async () => {
    expect(await replay('CreatedDate = TODAY')).toEqual(['C06']);
    expect(await replay('CreatedDate = YESTERDAY')).toEqual(['C10']);
    expect(await replay('CreatedDate = TOMORROW')).toEqual(['C21']);
    expect(await replay('CreatedDate = LAST_N_DAYS:1')).toEqual(['C06', 'C10']);
    expect(await replay('CreatedDate = N_DAYS_AGO:2')).toEqual(['C22']);
    expect(await replay('CreatedDate = THIS_WEEK')).toEqual(['C06', 'C10', 'C15', 'C21', 'C22']);
    expect(await replay('CreatedDate = LAST_WEEK')).toEqual(['C02', 'C03', 'C07', 'C14', 'C16']);
    expect(await replay('CreatedDate = NEXT_WEEK')).toEqual(['C17']);
    expect(await replay('CreatedDate = LAST_MONTH')).toEqual(['C04', 'C18']);
    expect(await replay('CreatedDate = LAST_QUARTER')).toEqual(['C04', 'C05', 'C18', 'C19']);
    expect(await replay('CreatedDate = LAST_YEAR')).toEqual(['C20']);
    expect(await replay('CreatedDate = THIS_YEAR')).toEqual(except('C11', 'C12', 'C20'));
    expect(await replay('CreatedDate >= THIS_MONTH')).toEqual(['C01', 'C02', 'C03', 'C06', 'C07', 'C10', 'C14', 'C15', 'C16', 'C17', 'C21', 'C22']);
    expect(await replay('CreatedDate > THIS_WEEK')).toEqual(['C17']);
    expect(await replay('CreatedDate <= YESTERDAY')).toEqual(except('C06', 'C11', 'C12', 'C17', 'C21'));
    expect(await replay('CreatedDate != TODAY')).toEqual(except('C06'));
    // A Monday week is 2025-07-14 … 07-20: Sunday 07-13 (C15) drops out, Sunday 07-20 (C17) comes in.
    expect(await replay('CreatedDate = THIS_WEEK', { ...ctx, weekStart: 1 })).toEqual(['C06', 'C10', 'C17', 'C21', 'C22']);
  });

  it("evaluates date literals in the querying user's time zone when it is known", async () => {
    // 14:30 UTC on 16 July is 04:30 in Honolulu (UTC−10): TODAY there is [16 Jul 10:00Z, 17 Jul 10:00Z).
    expect(await replay('CreatedDate = TODAY', { ...ctx, timeZone: 'Pacific/Honolulu' })).toEqual(['C06', 'C21']);
    expect(await replay('CreatedDate = TODAY')).toEqual(['C06']);
  });

  it('compares datetimes as instants and dates as whole UTC days', async () => {
    expect(await replay('CreatedDate >= 2025-07-09T00:00:00Z')).toEqual(['C03', 'C06', 'C10', 'C14', 'C15', 'C16', 'C17', 'C21', 'C22']);
    expect(await replay('CreatedDate < 2025-07-09T01:00:00+01:00')).toEqual(['C01', 'C02', 'C04', 'C05', 'C07', 'C08', 'C09', 'C13', 'C18', 'C19', 'C20']);
    expect(await replay('CreatedDate = 2025-07-09T00:00:00Z')).toEqual(['C03']);
    expect(await replay('CreatedDate = 2025-01-01T01:00:00.000Z')).toEqual(['C08']);
    expect(await replay('CreatedDate = 2025-07-08')).toEqual(['C02', 'C07']);
    expect(await replay('CreatedDate > 2025-07-15')).toEqual(['C06', 'C17', 'C21']);
    expect(await replay('CreatedDate <= 2025-01-01')).toEqual(['C08', 'C09', 'C20']);
  });

  it('matches multi-select picklists with INCLUDES/EXCLUDES, case-insensitively', async () => {
    expect(await replay("Interests__c INCLUDES ('golf')")).toEqual(['C01', 'C02', 'C07', 'C10', 'C13']);
    expect(await replay("Interests__c INCLUDES ('Golf;Tennis')")).toEqual(['C01', 'C10']);
    expect(await replay("Interests__c INCLUDES ('Golf;Tennis', 'Sailing')")).toEqual(['C01', 'C03', 'C05', 'C10', 'C13']);
    expect(await replay("Interests__c EXCLUDES ('Golf')")).toEqual(except('C01', 'C02', 'C07', 'C10', 'C13'));
  });

  it('selects everything when there is no WHERE', async () => {
    const c = compileWhere(null, ctx);
    expect(c).toEqual({ ok: true, value: { sql: 'TRUE', params: [] } });
  });

  it('refuses unknown fields, relationship fields and meaningless comparisons', () => {
    const whyNot = (where: string): string => {
      const q = parseSoql(`SELECT Id FROM Contact WHERE ${where}`);
      if (!q.ok) throw new Error(q.error.message);
      const c = compileWhere(q.value.where, ctx);
      if (c.ok) throw new Error(`expected a compile error for ${where}`);
      return c.error.message;
    };
    expect(whyNot("Department = 'Sales'")).toBe('unknown field Department: the queried object snapshot has no Department column');
    expect(whyNot("Account.Name = 'Acme'")).toContain('relationship field through Account');
    expect(whyNot('HasOptedOutOfEmail < true')).toContain('not valid SOQL');
    expect(whyNot('CreatedDate > 2025-02-30')).toBe('invalid date 2025-02-30');
  });
});

describe('sfTimestampSql', () => {
  const cases: [string, number | null][] = [
    ['2025-07-01T10:00:00.000Z', Date.UTC(2025, 6, 1, 10)],
    ['2025-07-01T10:00:00.000+0000', Date.UTC(2025, 6, 1, 10)],
    ['2025-07-01T10:00:00Z', Date.UTC(2025, 6, 1, 10)],
    ['2025-07-01T12:00:00+02:00', Date.UTC(2025, 6, 1, 10)],
    ['2025-07-01T05:30:00.250-04:30', Date.UTC(2025, 6, 1, 10, 0, 0, 250)],
    [' 2025-07-01 ', Date.UTC(2025, 6, 1)],
    ['2025-07-01', Date.UTC(2025, 6, 1)],
    ['garbage', null],
    ['2025-13-01', null],
    ['20250701', null],
  ];

  it('parses Salesforce timestamp forms to UTC whatever the session time zone', async () => {
    for (const tz of ['UTC', 'America/New_York']) {
      await db.run(`SET TimeZone = '${tz}'`);
      for (const [text, expected] of cases) {
        const rows = (await db.runAndReadAll(`SELECT epoch_ms(${sfTimestampSql('v')}) AS ms FROM (SELECT CAST(? AS VARCHAR) AS v)`, [text])).getRowObjectsJson();
        expect({ tz, text, ms: rows[0]?.ms ?? null }).toEqual({ tz, text, ms: expected === null ? null : String(expected) });
      }
    }
    await db.run("SET TimeZone = 'UTC'");
  });
});

describe('selectedFields', () => {
  const fields = (text: string) => {
    const q = parseSoql(text);
    if (!q.ok) throw new Error(q.error.message);
    const r = selectedFields(q.value, HEADER);
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('maps selected fields to snapshot columns case-insensitively and lists the rest as unknown', () => {
    expect(fields('SELECT id, EMAIL, Phone, Account.Name, email FROM Contact')).toEqual({ fields: ['Id', 'Email'], unknown: ['Phone', 'Account.Name'] });
  });

  it('expands FIELDS() and exposes nothing for counts and aggregates', () => {
    expect(fields('SELECT FIELDS(ALL) FROM Contact LIMIT 200').fields).toEqual(HEADER);
    expect(fields('SELECT FIELDS(CUSTOM) FROM Contact LIMIT 200').fields).toEqual(['Score__c', 'Interests__c']);
    expect(fields('SELECT FIELDS(STANDARD) FROM Contact').fields).toEqual(HEADER.filter((h) => !h.endsWith('__c')));
    expect(fields('SELECT COUNT() FROM Contact')).toEqual({ fields: [], unknown: [] });
    expect(fields('SELECT COUNT(Id) FROM Contact')).toEqual({ fields: [], unknown: [] });
  });
});
