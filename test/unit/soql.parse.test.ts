import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../shared/soql/parser.js';
import { returnsRecords, type Condition, type SoqlQuery } from '../../shared/soql/ast.js';
import { dateLiteralRange } from '../../shared/soql/dateLiterals.js';

/** An AND or OR node. */
type Group = Extract<Condition, { items: Condition[] }>;

function parsed(text: string): SoqlQuery {
  const r = parseSoql(text);
  if (!r.ok) throw new Error(`parse failed at ${r.error.offset}: ${r.error.message}`);
  return r.value;
}

function failure(text: string): { message: string; offset: number } {
  const r = parseSoql(text);
  if (r.ok) throw new Error(`expected a parse error for: ${text}`);
  return r.error;
}

describe('parseSoql: queries seen in ApiEvent logs', () => {
  it('parses the contact export query with IN, LIKE, NOT-free AND/OR and a date literal', () => {
    const q = parsed(
      "SELECT Id, FirstName, LastName, Email, Phone, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact WHERE HasOptedOutOfEmail = false AND (LeadSource IN ('Web', 'Partner Referral') OR Title LIKE '%director%') AND CreatedDate < LAST_N_DAYS:7",
    );
    expect(q.from).toBe('Contact');
    expect(q.select).toHaveLength(10);
    expect(q.select[9]).toEqual({ kind: 'field', path: ['MailingCountry'] });
    expect(q.where).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', field: ['HasOptedOutOfEmail'], op: '=', value: { kind: 'boolean', value: false } },
        {
          kind: 'or',
          items: [
            { kind: 'in', field: ['LeadSource'], negated: false, values: [{ kind: 'string', value: 'Web' }, { kind: 'string', value: 'Partner Referral' }] },
            { kind: 'like', field: ['Title'], pattern: '%director%' },
          ],
        },
        { kind: 'compare', field: ['CreatedDate'], op: '<', value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 7 } },
      ],
    });
    expect(q.countOnly).toBe(false);
    expect(returnsRecords(q)).toBe(true);
  });

  it('parses the lead query with != and a UTC datetime', () => {
    const q = parsed(
      "SELECT Id, FirstName, LastName, Email, Company, Street, City, State, PostalCode, Country FROM Lead WHERE IsConverted = false AND Status != 'Disqualified' AND CreatedDate >= 2025-01-01T00:00:00Z",
    );
    expect(q.from).toBe('Lead');
    const where = q.where as Group;
    expect(where.items[1]).toEqual({ kind: 'compare', field: ['Status'], op: '!=', value: { kind: 'string', value: 'Disqualified' } });
    expect(where.items[2]).toEqual({ kind: 'compare', field: ['CreatedDate'], op: '>=', value: { kind: 'datetime', value: '2025-01-01T00:00:00Z' } });
  });

  it('parses ORDER BY and LIMIT', () => {
    const q = parsed("SELECT Id, Email, Phone FROM Lead WHERE Rating = 'Hot' ORDER BY CreatedDate DESC LIMIT 200");
    expect(q.orderBy).toEqual([{ path: ['CreatedDate'], direction: 'DESC', nulls: null }]);
    expect(q.limit).toBe(200);
    expect(q.offset).toBeNull();
  });

  it('parses COUNT() in any case as a count-only query', () => {
    for (const text of ['SELECT COUNT() FROM Contact', 'select count() from lead', 'SeLeCt CoUnT ( ) FrOm Lead']) {
      const q = parsed(text);
      expect(q.countOnly).toBe(true);
      expect(q.select).toEqual([{ kind: 'count' }]);
      expect(q.where).toBeNull();
      expect(returnsRecords(q)).toBe(false);
    }
    expect(parsed('select count() from lead').from).toBe('lead');
  });

  it('parses NOT over a parenthesised comparison', () => {
    const q = parsed("SELECT Id, Name FROM Account WHERE Type = 'Customer' AND NOT (BillingCountry = 'United States')");
    expect(q.where).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', field: ['Type'], op: '=', value: { kind: 'string', value: 'Customer' } },
        { kind: 'not', item: { kind: 'compare', field: ['BillingCountry'], op: '=', value: { kind: 'string', value: 'United States' } } },
      ],
    });
  });

  it('binds NOT tighter than AND, and refuses AND mixed with OR without parentheses (as Salesforce does)', () => {
    const q = parsed("SELECT Id FROM Contact WHERE (NOT A = 'x' AND B = 'y') OR C = 'z'");
    expect(q.where?.kind).toBe('or');
    const or = q.where as Group;
    expect(or.items[0]?.kind).toBe('and');
    const and = or.items[0] as Group;
    expect(and.items[0]?.kind).toBe('not');
    expect(or.items[1]).toEqual({ kind: 'compare', field: ['C'], op: '=', value: { kind: 'string', value: 'z' } });
    const text = "SELECT Id FROM Contact WHERE NOT A = 'x' AND B = 'y' OR C = 'z'";
    expect(failure(text).offset).toBe(text.indexOf('OR'));
  });

  it('strips the FROM alias and the object name from field paths but keeps relationship paths', () => {
    const q = parsed("SELECT c.Id, c.Email, Contact.Phone, c.Account.Name FROM Contact c WHERE c.MailingCountry = 'DE' ORDER BY c.LastName");
    expect(q.select).toEqual([
      { kind: 'field', path: ['Id'] },
      { kind: 'field', path: ['Email'] },
      { kind: 'field', path: ['Phone'] },
      { kind: 'field', path: ['Account', 'Name'] },
    ]);
    expect(q.where).toEqual({ kind: 'compare', field: ['MailingCountry'], op: '=', value: { kind: 'string', value: 'DE' } });
    expect(q.orderBy[0]?.path).toEqual(['LastName']);
  });

  it('parses FIELDS(), COUNT(Id), aggregates with aliases, toLabel()', () => {
    expect(parsed('SELECT FIELDS(ALL) FROM Contact LIMIT 200').select).toEqual([{ kind: 'fields', which: 'ALL' }]);
    expect(parsed('select fields(custom), Id from Contact limit 200').select[0]).toEqual({ kind: 'fields', which: 'CUSTOM' });
    const agg = parsed('SELECT COUNT(Id), MAX(CreatedDate) newest FROM Contact');
    expect(agg.select).toEqual([
      { kind: 'aggregate', fn: 'COUNT', path: ['Id'], alias: null },
      { kind: 'aggregate', fn: 'MAX', path: ['CreatedDate'], alias: 'newest' },
    ]);
    expect(agg.countOnly).toBe(false);
    expect(returnsRecords(agg)).toBe(false);
    expect(parsed('SELECT Id, toLabel(LeadSource) FROM Contact').select[1]).toEqual({
      kind: 'expr', expr: { kind: 'call', fn: 'TOLABEL', args: [{ kind: 'path', path: ['LeadSource'] }] }, alias: null,
    });
  });

  it('parses every literal kind', () => {
    const q = parsed(
      "SELECT Id FROM Opportunity WHERE Amount > -1500.50 AND Probability >= 10 AND IsWon = TRUE AND NextStep = NULL AND CloseDate = 2025-07-01 AND LastModifiedDate < 2025-07-01T10:00:00.000+01:00 AND CreatedDate = THIS_QUARTER AND SystemModstamp > N_DAYS_AGO:3",
    );
    const values = (q.where as Group).items.map((c) => (c as Extract<Condition, { kind: 'compare' }>).value);
    expect(values).toEqual([
      { kind: 'number', value: -1500.5 },
      { kind: 'number', value: 10 },
      { kind: 'boolean', value: true },
      { kind: 'null' },
      { kind: 'date', value: '2025-07-01' },
      { kind: 'datetime', value: '2025-07-01T10:00:00.000+01:00' },
      { kind: 'dateLiteral', name: 'THIS_QUARTER', n: null },
      { kind: 'dateLiteral', name: 'N_DAYS_AGO', n: 3 },
    ]);
  });

  it('accepts keywords and date literals in any case', () => {
    const q = parsed("select id from contact where createddate = last_n_days:30 and email like '%@x.com' order by lastname asc nulls last limit 10 offset 20");
    expect(q.where).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', field: ['createddate'], op: '=', value: { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 } },
        { kind: 'like', field: ['email'], pattern: '%@x.com' },
      ],
    });
    expect(q.orderBy).toEqual([{ path: ['lastname'], direction: 'ASC', nulls: 'LAST' }]);
    expect([q.limit, q.offset]).toEqual([10, 20]);
  });

  it('parses NOT IN, INCLUDES and EXCLUDES', () => {
    const q = parsed("SELECT Id FROM Contact WHERE MailingCountry NOT IN ('Germany', 'France') AND Interests__c INCLUDES ('Golf;Tennis', 'Sailing') AND Tags__c EXCLUDES ('VIP')");
    expect((q.where as Group).items).toEqual([
      { kind: 'in', field: ['MailingCountry'], negated: true, values: [{ kind: 'string', value: 'Germany' }, { kind: 'string', value: 'France' }] },
      { kind: 'includes', field: ['Interests__c'], values: ['Golf;Tennis', 'Sailing'] },
      { kind: 'excludes', field: ['Tags__c'], values: ['VIP'] },
    ]);
  });

  it('accepts and ignores trailing FOR VIEW, FOR REFERENCE, FOR UPDATE, ALL ROWS, WITH SECURITY_ENFORCED, WITH USER_MODE', () => {
    const tails = ['FOR VIEW', 'FOR REFERENCE', 'FOR UPDATE', 'ALL ROWS', 'WITH SECURITY_ENFORCED', 'with user_mode', 'LIMIT 5 FOR VIEW', 'UPDATE TRACKING'];
    for (const tail of tails) {
      const q = parsed(`SELECT Id FROM Contact WHERE Email != null ${tail}`);
      expect(q.where).toEqual({ kind: 'compare', field: ['Email'], op: '!=', value: { kind: 'null' } });
    }
    expect(parsed('SELECT Id FROM Contact WITH SECURITY_ENFORCED ORDER BY Id').orderBy).toHaveLength(1);
  });
});

describe('parseSoql: string escapes', () => {
  it('decodes \\\' \\\\ \\n \\t \\" in plain strings', () => {
    const q = parsed("SELECT Id FROM Account WHERE Name = 'O\\'Brien \\\\ Sons\\n\\t\\\"Ltd\\\"'");
    expect(q.where).toEqual({ kind: 'compare', field: ['Name'], op: '=', value: { kind: 'string', value: 'O\'Brien \\ Sons\n\t"Ltd"' } });
  });

  it('keeps \\% and \\_ escaped in LIKE patterns so they stay literal characters', () => {
    const q = parsed("SELECT Id FROM Contact WHERE Title LIKE '100\\%\\_off_%' AND Name LIKE 'a\\\\b%'");
    expect((q.where as Group).items).toEqual([
      { kind: 'like', field: ['Title'], pattern: '100\\%\\_off_%' },
      { kind: 'like', field: ['Name'], pattern: 'a\\\\b%' },
    ]);
  });

  it('rejects an unknown escape at its offset', () => {
    const text = "SELECT Id FROM Contact WHERE Name = 'a\\qb'";
    expect(failure(text)).toEqual({ message: 'invalid escape sequence \\q in string literal', offset: text.indexOf('\\q') });
  });
});

describe('parseSoql: errors are Results with offsets, never throws', () => {
  it('refuses constructs outside the grammar with the reason and position', () => {
    const cases: [string, string, string][] = [
      ['SELECT Id FROM Contact WHERE SOUNDEX(Name) = 1', 'unknown function SOUNDEX()', 'SOUNDEX'],
      ['SELECT Id FROM Contact WHERE COUNT(Id) > 1', 'COUNT() is not allowed in WHERE', 'COUNT'],
      ['SELECT Name FROM Account HAVING COUNT(Id) > 1', 'HAVING needs a GROUP BY', 'HAVING'],
      ['SELECT Id FROM Contact WHERE DISTANCE(Location__c, GEOLOCATION(1, 2), \'m\') < 5', "unit must be 'mi' or 'km'", "'m'"],
      ['SELECT Id, (SELECT Id, (SELECT Id, (SELECT Id, (SELECT Id, (SELECT Id FROM L6) FROM L5) FROM L4) FROM L3) FROM L2) FROM L1', 'at most five levels', '(SELECT Id FROM L6'],
      ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId, (SELECT Id FROM Cases) FROM Contact)', 'not allowed in a semi-join', '(SELECT Id FROM Cases'],
      ['SELECT Id FROM Contact LIMIT :n', 'bind variable in LIMIT', ':'],
      ['SELECT Id FROM Contact WITH MAGIC', 'expected SECURITY_ENFORCED or USER_MODE or SYSTEM_MODE', 'MAGIC'],
      ['SELECT Id FROM Contact WHERE CreatedDate = TODAY:3', 'TODAY takes no', ':'],
    ];
    for (const [text, message, at] of cases) {
      const e = failure(text);
      expect({ text, message: e.message }).toEqual({ text, message: expect.stringContaining(message) });
      expect({ text, offset: e.offset }).toEqual({ text, offset: text.indexOf(at) });
    }
  });

  it('reports syntax errors at the offending token', () => {
    const cases: [string, number][] = [
      ['', 0],
      ['DELETE FROM Contact', 0],
      ['SELECT FROM Contact', 7],
      ['SELECT Id Contact', 17],
      ['SELECT Id FROM Contact WHERE', 28],
      ['SELECT Id FROM Contact WHERE Name = ', 36],
      ["SELECT Id FROM Contact WHERE Name = 'unterminated", 36],
      ['SELECT Id FROM Contact WHERE Name ~ 1', 34],
      ["SELECT Id FROM Contact WHERE (Name = 'a'", 40],
      ['SELECT Id FROM Contact LIMIT ten', 29],
      ['SELECT Id FROM Contact LIMIT 5 garbage', 31],
      ['SELECT Id FROM Contact WHERE CreatedDate > LAST_N_DAYS', 54],
      ['SELECT Id FROM Contact WHERE CreatedDate > LAST_N_DAYS:1.5', 55],
      ['SELECT Id FROM Contact WHERE Name = BANANA', 36],
    ];
    for (const [text, offset] of cases) {
      const e = failure(text);
      expect({ text, offset: e.offset }).toEqual({ text, offset });
      expect(e.message.length).toBeGreaterThan(5);
    }
  });

  it('never throws on random garbage', () => {
    const alphabet = ["SELECT", "FROM", "WHERE", "(", ")", "'", ",", "=", "IN", "NOT", "AND", "x", "1", ":", "\\", "2025-01-01", " "];
    let seed = 42;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const len = (i % 25) + 1;
      for (let j = 0; j < len; j++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        text += alphabet[seed % alphabet.length] + (seed % 3 === 0 ? ' ' : '');
      }
      const r = parseSoql(text);
      if (!r.ok) {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.offset).toBeLessThanOrEqual(text.length);
      }
    }
  });
});

describe('dateLiteralRange (UTC)', () => {
  // Wednesday 2025-07-16 14:30 UTC
  const ref = Date.UTC(2025, 6, 16, 14, 30);
  const day = (y: number, m: number, d: number): string => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
  const range = (name: string, n: number | null = null, weekStart: 0 | 1 = 0): [string, string] => {
    const r = dateLiteralRange(name, n, ref, weekStart);
    if (!r) throw new Error(`no range for ${name}`);
    return [new Date(r.startMs).toISOString().slice(0, 10), new Date(r.endMs).toISOString().slice(0, 10)];
  };

  it('gives documented day ranges: LAST_N_DAYS includes today, NEXT_N_DAYS starts tomorrow', () => {
    expect(range('TODAY')).toEqual([day(2025, 7, 16), day(2025, 7, 17)]);
    expect(range('YESTERDAY')).toEqual([day(2025, 7, 15), day(2025, 7, 16)]);
    expect(range('TOMORROW')).toEqual([day(2025, 7, 17), day(2025, 7, 18)]);
    expect(range('LAST_N_DAYS', 1)).toEqual([day(2025, 7, 15), day(2025, 7, 17)]);
    expect(range('LAST_N_DAYS', 7)).toEqual([day(2025, 7, 9), day(2025, 7, 17)]);
    expect(range('LAST_90_DAYS')).toEqual(range('LAST_N_DAYS', 90));
    expect(range('NEXT_N_DAYS', 3)).toEqual([day(2025, 7, 17), day(2025, 7, 20)]);
    expect(range('NEXT_90_DAYS')).toEqual([day(2025, 7, 17), day(2025, 10, 15)]);
    expect(range('N_DAYS_AGO', 2)).toEqual([day(2025, 7, 14), day(2025, 7, 15)]);
  });

  it('gives weeks starting Sunday by default and Monday on request', () => {
    expect(range('THIS_WEEK')).toEqual([day(2025, 7, 13), day(2025, 7, 20)]);
    expect(range('THIS_WEEK', null, 1)).toEqual([day(2025, 7, 14), day(2025, 7, 21)]);
    expect(range('LAST_WEEK')).toEqual([day(2025, 7, 6), day(2025, 7, 13)]);
    expect(range('NEXT_WEEK')).toEqual([day(2025, 7, 20), day(2025, 7, 27)]);
    expect(range('LAST_N_WEEKS', 2)).toEqual([day(2025, 6, 29), day(2025, 7, 13)]);
    expect(range('NEXT_N_WEEKS', 2)).toEqual([day(2025, 7, 20), day(2025, 8, 3)]);
  });

  it('gives calendar months, quarters and years', () => {
    expect(range('THIS_MONTH')).toEqual([day(2025, 7, 1), day(2025, 8, 1)]);
    expect(range('LAST_MONTH')).toEqual([day(2025, 6, 1), day(2025, 7, 1)]);
    expect(range('NEXT_MONTH')).toEqual([day(2025, 8, 1), day(2025, 9, 1)]);
    expect(range('LAST_N_MONTHS', 8)).toEqual([day(2024, 11, 1), day(2025, 7, 1)]);
    expect(range('NEXT_N_MONTHS', 6)).toEqual([day(2025, 8, 1), day(2026, 2, 1)]);
    expect(range('THIS_QUARTER')).toEqual([day(2025, 7, 1), day(2025, 10, 1)]);
    expect(range('LAST_QUARTER')).toEqual([day(2025, 4, 1), day(2025, 7, 1)]);
    expect(range('NEXT_QUARTER')).toEqual([day(2025, 10, 1), day(2026, 1, 1)]);
    expect(range('THIS_YEAR')).toEqual([day(2025, 1, 1), day(2026, 1, 1)]);
    expect(range('LAST_YEAR')).toEqual([day(2024, 1, 1), day(2025, 1, 1)]);
    expect(range('NEXT_YEAR')).toEqual([day(2026, 1, 1), day(2027, 1, 1)]);
    expect(range('LAST_N_YEARS', 2)).toEqual([day(2023, 1, 1), day(2025, 1, 1)]);
    expect(range('NEXT_N_YEARS', 2)).toEqual([day(2026, 1, 1), day(2028, 1, 1)]);
  });

  it('refuses unknown names and a missing or spurious n', () => {
    expect(dateLiteralRange('LAST_FISCAL_YEARS', null, ref)).toBeNull();
    expect(dateLiteralRange('LAST_N_FISCAL_YEARS', null, ref)).toBeNull();
    expect(dateLiteralRange('LAST_N_DAYS', null, ref)).toBeNull();
    expect(dateLiteralRange('TODAY', 3, ref)).toBeNull();
    expect(dateLiteralRange('LAST_N_DAYS', -1, ref)).toBeNull();
  });
});
