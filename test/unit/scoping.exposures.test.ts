/**
 * The exposure tables end to end over a hand-built org of two orgs' exports: count-only reasoning, a canary found by a
 * replay, the `affected` table (highest tier, every export, categories, org), affected.json's byOrg, and the CSV files
 * written by DuckDB with the Org and Categories columns and every cell inert for spreadsheets. Expectations are
 * worked out by hand from the rows below.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogicalExport } from '../../shared/domain.js';
import { loadJurisdictionData, type JurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { csvDocument, inertCell } from '../../electron/engine/reports/csv.js';
import { inertCellSql, writeAffectedCsvs } from '../../electron/engine/reports/affectedFiles.js';
import { summariseAffected } from '../../electron/engine/scoping/affected.js';
import { buildAffectedTable } from '../../electron/engine/scoping/affectedTable.js';
import { scopeExports } from '../../electron/engine/scoping/replay.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { raw, sql } from '../../electron/engine/store/sql.js';
import { parseQuotedCsv } from '../helpers/csv.js';
import { id18, orgDb } from '../helpers/soqlOrg.js';

const L = (n: number) => id18('00Q', n);
const O = (n: number) => id18('006', n);
const ORG_A = '00D000000000001AAA';
const ORG_B = '00D000000000002AAA';
const HOSTILE = '=HYPERLINK("http://x","y")';

function exportOf(id: string, query: string | null, extra: Partial<LogicalExport> & { org?: { id: string; name: null } } = {}): LogicalExport {
  return {
    id, channel: 'rest_query', integration: { connectedAppId: null, name: null, basis: 'none' } as unknown as LogicalExport['integration'],
    user: { id: null, username: null }, object: null, query, start: '2025-03-10T12:00:00.000Z', end: '2025-03-10T12:00:01.000Z',
    rows: null, sourceIp: null, userAgent: null, sessionKey: null, loginKey: null, requestIds: [], suspicious: true, reasons: [],
    countOnly: false, evidence: [], ...extra,
  } as LogicalExport;
}

let db: CaseDb;
let geo: JurisdictionData;
beforeAll(async () => {
  const loaded = loadJurisdictionData();
  if (!loaded.ok) throw new Error(loaded.error.message);
  geo = loaded.value;
  db = await orgDb({
    Lead: {
      columns: ['Id', 'FirstName', 'LastName', 'Email', 'Country', 'State', 'CreatedDate'],
      rows: [
        [L(1), null, HOSTILE, 'a@example.de', 'Germany', null, '2025-01-01T00:00:00Z'],
        [L(2), 'Bo', 'Berg', '-5', 'United States', 'CA', '2025-01-01T00:00:00Z'],
        [L(3), 'Cy', 'Cole', 'c@example.fr', 'France', null, '2025-01-01T00:00:00Z'],
        [L(4), 'Di', 'Dunn', 'd@example.fr', 'France', null, '2025-06-01T00:00:00Z'], // after every export
      ],
    },
    Opportunity: {
      columns: ['Id', 'Name', 'CreatedDate'],
      rows: [[O(1), '@Deal one', '2025-01-01T00:00:00Z'], [O(2), 'Deal two', '2025-02-01T00:00:00Z'], [O(3), 'Deal three', '2025-04-01T00:00:00Z']],
    },
  });
  await db.run(sql`CREATE TABLE export_records (export_id VARCHAR, record_id VARCHAR, event_id BIGINT)`);
  await db.run(sql`INSERT INTO export_records VALUES ('xa', ${L(3)}, NULL)`);
});
afterAll(() => db?.close());

const exposures = async (exportId: string): Promise<string[]> =>
  (await db.all<{ r: string }>(sql`SELECT record_id || ':' || tier AS r FROM exposures WHERE export_id = ${exportId} ORDER BY 1`)).map((x) => x.r);

describe('count-only reasoning', () => {
  it('counts every record that existed as replayed when the rows equal them, and says so', async () => {
    // Opportunities existing on 10 March: O1 and O2 (O3 is created in April): 2 rows = 2 records.
    const out = await scopeExports(db, [
      exportOf('xc', null, { channel: 'bulk_api' as LogicalExport['channel'], object: 'Opportunity', rows: 2 }),
      exportOf('xd', null, { channel: 'bulk_api' as LogicalExport['channel'], object: 'Opportunity', rows: 3 }),
    ]);
    expect(await exposures('xc')).toEqual([`${O(1)}:replayed`, `${O(2)}:replayed`].sort());
    expect(out.notes).toContain('xc: replayed by count: its 2 row(s) equal the 2 Opportunity record(s) that existed at its time, so every one of them is counted as exposed.');
    const reason = await db.one<{ reason: string }>(sql`SELECT DISTINCT reason FROM exposures WHERE export_id = 'xc'`);
    expect(reason?.reason).toBe("by count: the export's 2 row(s) equal the 2 Opportunity record(s) that existed at its time");
    // 3 rows but only 2 records existed then: unresolved, with both numbers.
    expect(await exposures('xd')).toEqual([]);
    expect(out.unresolved).toEqual([{ exportId: 'xd', object: 'Opportunity', rows: 3, reason: expect.stringContaining('2 Opportunity record(s) existed at its time, not 3') }]);
  });
});

describe('exposures, affected and its files', () => {
  let dir: string;
  beforeAll(async () => {
    // xa (org A): logs L3, its query selects L1 and L3 (L4 not yet created); xe (org A) selects L3 again;
    // xb (org B) selects L2, a canary; xo (org A) selects the Opportunities existing then (O1, O2).
    await scopeExports(db, [
      exportOf('xa', "SELECT Id, Email FROM Lead WHERE Country IN ('Germany', 'France')", { org: { id: ORG_A, name: null } }),
      exportOf('xb', `SELECT Id, LastName FROM Lead WHERE Id IN ('${L(2)}')`, { org: { id: ORG_B, name: null } }),
      exportOf('xe', `SELECT Id, LastName FROM Lead WHERE Id = '${L(3)}'`, { org: { id: ORG_A, name: null } }),
      exportOf('xo', 'SELECT Id, Name FROM Opportunity', { org: { id: ORG_A, name: null } }),
    ], { canaryIds: [L(2)] });
    await buildAffectedTable(db, geo);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ls-affected-'));
  });

  it('keeps the logged id confirmed, and a canary found by the replay confirms its export', async () => {
    expect(await exposures('xa')).toEqual([`${L(1)}:replayed`, `${L(3)}:confirmed`].sort());
    expect(await exposures('xb')).toEqual([`${L(2)}:confirmed`]);
    expect(await exposures('xe')).toEqual([`${L(3)}:replayed`]);
    const reasons = await db.all<{ reason: string }>(sql`SELECT DISTINCT reason FROM exposures WHERE export_id = 'xb'`);
    expect(reasons).toEqual([{ reason: `confirmed by canary record ${L(2)} found by the replay` }]);
  });

  it('one row per record at its highest tier, with every export, field, category and its org', async () => {
    const rows = await db.all<Record<string, unknown>>(sql`SELECT id, confidence, export_ids, exposed_fields, categories, org_id, jurisdiction, name
      FROM affected WHERE object = 'Lead' ORDER BY id`);
    expect(rows).toEqual([
      { id: L(1), confidence: 'replayed', export_ids: 'xa', exposed_fields: 'Email;Id', categories: ['email'], org_id: ORG_A, jurisdiction: 'DE', name: HOSTILE },
      { id: L(2), confidence: 'confirmed', export_ids: 'xb', exposed_fields: 'Id;LastName', categories: ['name'], org_id: ORG_B, jurisdiction: 'US-CA', name: 'Bo Berg' },
      { id: L(3), confidence: 'confirmed', export_ids: 'xa;xe', exposed_fields: 'Email;Id;LastName', categories: ['email', 'name'], org_id: ORG_A, jurisdiction: 'FR', name: 'Cy Cole' },
    ]);
  });

  it('gives the same rows when the records are merged in batches (as beyond 3 M exposure rows)', async () => {
    // 2 exposure rows a batch: the 8 rows above fall into several batches by the hash of their id; each record wholly in one.
    await buildAffectedTable(db, geo, { mergeBatchRows: 2 });
    const rows = await db.all<Record<string, unknown>>(sql`SELECT id, confidence, export_ids, exposed_fields, categories, org_id, jurisdiction
      FROM affected ORDER BY object, id`);
    expect(rows).toEqual([
      { id: L(1), confidence: 'replayed', export_ids: 'xa', exposed_fields: 'Email;Id', categories: ['email'], org_id: ORG_A, jurisdiction: 'DE' },
      { id: L(2), confidence: 'confirmed', export_ids: 'xb', exposed_fields: 'Id;LastName', categories: ['name'], org_id: ORG_B, jurisdiction: 'US-CA' },
      { id: L(3), confidence: 'confirmed', export_ids: 'xa;xe', exposed_fields: 'Email;Id;LastName', categories: ['email', 'name'], org_id: ORG_A, jurisdiction: 'FR' },
      { id: O(1), confidence: 'replayed', export_ids: 'xo', exposed_fields: 'Id;Name', categories: [], org_id: ORG_A, jurisdiction: 'ZZ' },
      { id: O(2), confidence: 'replayed', export_ids: 'xo', exposed_fields: 'Id;Name', categories: [], org_id: ORG_A, jurisdiction: 'ZZ' },
    ]);
  });

  it('summarises people per jurisdiction, tier and org, other records per object', async () => {
    expect(await summariseAffected(db)).toEqual({
      records: 3,
      byJurisdiction: { DE: 1, FR: 1, 'US-CA': 1 },
      byConfidence: { confirmed: 2, replayed: 1, possible: 0 },
      otherObjects: { Opportunity: 2 },
      byOrg: { [ORG_A]: 2, [ORG_B]: 1 },
    });
  });

  it('writes the CSV files with Org and Categories, every would-be formula made inert', async () => {
    const written = await writeAffectedCsvs(db, dir);
    expect(written.sort()).toEqual(['affected/DE.csv', 'affected/FR.csv', 'affected/US-CA.csv', 'other-records.csv'].map((f) => f.split('/').join(path.sep)));
    expect(readdirSync(path.join(dir, 'affected')).sort()).toEqual(['DE.csv', 'FR.csv', 'US-CA.csv']);
    const de = readFileSync(path.join(dir, 'affected', 'DE.csv'), 'utf8');
    expect(de).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const [header, ...rows] = parseQuotedCsv(de);
    // The same text csv.ts writes: every value quoted, LF lines, no trailing blank row.
    expect(de).toBe(csvDocument(header!, rows));
    expect(header).toEqual(['Object', 'Id', 'Name', 'Email', 'Street', 'City', 'State', 'PostalCode', 'Country', 'Jurisdiction', 'JurisdictionBasis', 'Confidence', 'ExposedFields', 'ExportIds', 'Org', 'Categories']);
    expect(rows.map((r) => [r[1], r[2], r[11], r[14], r[15]])).toEqual([[L(1), `'${HOSTILE}`, 'replayed', ORG_A, 'email']]);
    // A plain number stays a number ("-5" as Bo Berg's email); a quoted empty cell stands for null, as csv.ts writes it.
    const us = parseQuotedCsv(readFileSync(path.join(dir, 'affected', 'US-CA.csv'), 'utf8'));
    expect(us[1]?.slice(2, 5)).toEqual(['Bo Berg', '-5', '']);
    const other = parseQuotedCsv(readFileSync(path.join(dir, 'other-records.csv'), 'utf8'));
    expect(other.slice(1).map((r) => [r[1], r[2]])).toEqual([[O(1), "'@Deal one"], [O(2), 'Deal two']]);
  });

  it('applies the same inert rule in SQL as inertCell does in JavaScript', async () => {
    const samples = ['=1+1', '+3.2', '-5', '-x', '@SUM(A1)', '\tx', '\rx', 'plain', '', '1e5', '+.5', '-', '=', 'a=b'];
    for (const s of samples) {
      const row = await db.one<{ v: string }>(sql`SELECT ${raw(inertCellSql('x'))} AS v FROM (SELECT ${s} AS x)`);
      expect(row?.v).toBe(inertCell(s));
    }
  });
});
