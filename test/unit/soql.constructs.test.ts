/** The parse tree of each SOQL construct the reference defines, checked against hand-written trees. */
import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../shared/soql/parser.js';
import { returnsRecords, type Condition, type SoqlQuery } from '../../shared/soql/ast.js';

function parsed(text: string): SoqlQuery {
  const r = parseSoql(text);
  if (!r.ok) throw new Error(`parse failed at ${r.error.offset}: ${r.error.message}`);
  return r.value;
}
const where = (text: string): Condition | null => parsed(text).where;
const path = (...p: string[]) => ({ kind: 'path', path: p });

describe('SELECT list', () => {
  it('keeps relationship paths and aliases, strips the FROM alias', () => {
    const q = parsed('SELECT a.Id, a.Owner.Email ownerMail, Account.Owner.Manager.Name FROM Contact a');
    expect(q.alias).toBe('a');
    expect(q.select).toEqual([
      { kind: 'field', path: ['Id'] },
      { kind: 'field', path: ['Owner', 'Email'], alias: 'ownerMail' },
      { kind: 'field', path: ['Account', 'Owner', 'Manager', 'Name'] },
    ]);
  });

  it('parses child subqueries with their own clauses', () => {
    const q = parsed("SELECT Name, (SELECT c.LastName FROM Contacts c WHERE c.Email LIKE '%@x.com' ORDER BY LastName LIMIT 5) FROM Account");
    const sub = q.select[1] as Extract<SoqlQuery['select'][number], { kind: 'subquery' }>;
    expect(sub.kind).toBe('subquery');
    expect(sub.query.from).toBe('Contacts');
    expect(sub.query.select).toEqual([{ kind: 'field', path: ['LastName'] }]);
    expect(sub.query.where).toEqual({ kind: 'like', field: ['Email'], pattern: '%@x.com' });
    expect([sub.query.limit, sub.query.orderBy[0]?.path]).toEqual([5, ['LastName']]);
    expect(returnsRecords(q)).toBe(true);
    expect(parsed('SELECT Account.Name, (SELECT Contact.LastName FROM Account.Contacts) FROM Account').select[1]).toMatchObject({ query: { from: 'Contacts', fromPrefix: ['Account'] } });
  });

  it('parses TYPEOF with WHEN, THEN and ELSE', () => {
    expect(parsed('SELECT TYPEOF What WHEN Account THEN Phone, Owner.Name WHEN Opportunity THEN Amount ELSE Name END FROM Event').select[0]).toEqual({
      kind: 'typeof', path: ['What'],
      whens: [{ object: 'Account', fields: [['Phone'], ['Owner', 'Name']] }, { object: 'Opportunity', fields: [['Amount']] }],
      otherwise: [['Name']],
    });
  });

  it('parses functions: FORMAT over aggregates, convertCurrency, toLabel, date functions over convertTimezone, DISTANCE', () => {
    const q = parsed("SELECT FORMAT(MIN(CloseDate)) amt, convertCurrency(Amount), toLabel(Recordtype.Name), DISTANCE(Location__c, GEOLOCATION(37.775, -122.418), 'MI') FROM Opportunity");
    expect(q.select.map((s) => (s.kind === 'expr' ? s.expr : s))).toEqual([
      { kind: 'call', fn: 'FORMAT', args: [{ kind: 'call', fn: 'MIN', args: [path('CloseDate')] }] },
      { kind: 'call', fn: 'CONVERTCURRENCY', args: [path('Amount')] },
      { kind: 'call', fn: 'TOLABEL', args: [path('Recordtype', 'Name')] },
      { kind: 'call', fn: 'DISTANCE', args: [path('Location__c'), { kind: 'call', fn: 'GEOLOCATION', args: [{ kind: 'literal', value: { kind: 'number', value: 37.775 } }, { kind: 'literal', value: { kind: 'number', value: -122.418 } }] }, { kind: 'literal', value: { kind: 'string', value: 'mi' } }] },
    ]);
    expect(returnsRecords(q)).toBe(false); // FORMAT(MIN(…)) is an aggregate row
  });
});

describe('GROUP BY, HAVING, ORDER BY', () => {
  it('parses GROUP BY ROLLUP / CUBE / date functions and HAVING on aggregates', () => {
    const q = parsed('SELECT LeadSource, CALENDAR_YEAR(convertTimezone(CreatedDate)) y, COUNT(Name) cnt FROM Lead GROUP BY ROLLUP(LeadSource, CALENDAR_YEAR(convertTimezone(CreatedDate))) HAVING COUNT(Name) > 100 ORDER BY COUNT(Name) DESC NULLS LAST');
    expect(q.groupBy).toEqual({ kind: 'rollup', items: [path('LeadSource'), { kind: 'call', fn: 'CALENDAR_YEAR', args: [{ kind: 'call', fn: 'CONVERTTIMEZONE', args: [path('CreatedDate')] }] }] });
    expect(q.having).toEqual({ kind: 'compare', field: ['Name'], op: '>', value: { kind: 'number', value: 100 }, expr: { kind: 'call', fn: 'COUNT', args: [path('Name')] } });
    expect(q.orderBy).toEqual([{ path: ['Name'], expr: { kind: 'call', fn: 'COUNT', args: [path('Name')] }, direction: 'DESC', nulls: 'LAST' }]);
    expect(parsed('SELECT Type, COUNT(Id) FROM Account GROUP BY CUBE(Type)').groupBy?.kind).toBe('cube');
    expect(returnsRecords(q)).toBe(false);
  });
});

describe('WHERE', () => {
  it('parses semi-joins and anti-joins', () => {
    expect(where("SELECT Id FROM Account WHERE Id NOT IN (SELECT AccountId FROM Opportunity WHERE StageName = 'Closed Lost')")).toMatchObject({
      kind: 'semijoin', field: ['Id'], negated: true, query: { from: 'Opportunity', select: [{ kind: 'field', path: ['AccountId'] }] },
    });
  });

  it('parses date functions, currency literals, fiscal literals and bind variables', () => {
    expect(where('SELECT Id FROM Opportunity WHERE CALENDAR_YEAR(CloseDate) = 2025 AND Amount > USD5000.50 AND CloseDate = LAST_N_FISCAL_YEARS:3 AND Id IN :ids')).toEqual({
      kind: 'and',
      items: [
        { kind: 'compare', field: ['CloseDate'], op: '=', value: { kind: 'number', value: 2025 }, expr: { kind: 'call', fn: 'CALENDAR_YEAR', args: [path('CloseDate')] } },
        { kind: 'compare', field: ['Amount'], op: '>', value: { kind: 'currency', code: 'USD', value: 5000.5 } },
        { kind: 'compare', field: ['CloseDate'], op: '=', value: { kind: 'dateLiteral', name: 'LAST_N_FISCAL_YEARS', n: 3 } },
        { kind: 'in', field: ['Id'], negated: false, values: [{ kind: 'bind', name: 'ids' }] },
      ],
    });
  });

  it('decodes every documented escape, upper-case letters and \\uXXXX included', () => {
    expect(where("SELECT Id FROM Case WHERE Subject = 'a\\nb\\Nc\\rd\\Re\\tf\\Tg\\bh\\Bi\\fj\\Fk\\\"l\\'m\\\\n\\u00e9'")).toEqual({
      kind: 'compare', field: ['Subject'], op: '=', value: { kind: 'string', value: 'a\nb\nc\rd\re\tf\tg\bh\bi\fj\fk"l\'m\\né' },
    });
    expect(where("SELECT Id FROM Case WHERE Subject LIKE '50\\%\\_\\u0025%'")).toEqual({ kind: 'like', field: ['Subject'], pattern: '50\\%\\_\\%%' });
    const bad = "SELECT Id FROM Case WHERE Subject = 'x\\u12g4'";
    expect(parseSoql(bad)).toEqual({ ok: false, error: { message: expect.stringContaining('\\u'), offset: bad.indexOf('\\u') } });
  });
});

describe('trailing clauses and comments', () => {
  it('records USING SCOPE, WITH, FOR, UPDATE and ALL ROWS', () => {
    const q = parsed('SELECT Id FROM Account USING SCOPE Mine WHERE Name != null WITH SECURITY_ENFORCED ORDER BY Name LIMIT 10 OFFSET 5 FOR VIEW UPDATE TRACKING ALL ROWS');
    expect([q.usingScope, q.accessMode, q.limit, q.offset, q.forClause, q.updateClause, q.allRows]).toEqual(['Mine', 'SECURITY_ENFORCED', 10, 5, 'VIEW', 'TRACKING', true]);
    expect(parsed('SELECT Title FROM KnowledgeArticleVersion WITH DATA CATEGORY Geography__c AT (usa__c, uk__c) AND Product__c BELOW All__c').dataCategories).toEqual([
      { group: 'Geography__c', selector: 'AT', categories: ['usa__c', 'uk__c'] },
      { group: 'Product__c', selector: 'BELOW', categories: ['All__c'] },
    ]);
  });

  it('skips -- and /* */ comments', () => {
    expect(parsed('SELECT Id, /* the email */ Email -- why\nFROM Contact').select).toEqual([{ kind: 'field', path: ['Id'] }, { kind: 'field', path: ['Email'] }]);
    expect(parseSoql('SELECT Id /* open').ok).toBe(false);
  });
});
