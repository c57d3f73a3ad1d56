/**
 * The duties stage over a real case DuckDB: affected rows written as the scoping stage writes them, grouped in
 * SQL per jurisdiction and exposed categories, evaluated, and stored in `duties`; expectations counted by hand.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDuties, type DutiesRun } from '../../electron/engine/duties/stage.js';
import { prepareDuties } from '../../electron/engine/duties/prepare.js';
import { loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';

let db: CaseDb;
let run: DutiesRun;

const person = (object: string, id: string, jurisdiction: string, confidence: string, fields: string): (string | boolean | null)[] =>
  [object, id, true, 'N', null, null, null, null, null, null, jurisdiction, 'high', 'test', confidence, fields, 'X-1'];

beforeAll(async () => {
  db = await CaseDb.open(path.join(mkdtempSync(path.join(tmpdir(), 'ls-duties-')), 'case.duckdb'));
  await migrate(db);
  await db.appendRows('affected', [
    // Texas: 3 people with name + driver's licence (2 confirmed, 1 replayed), 1 with e-mail only.
    person('Contact', '003A', 'US-TX', 'confirmed', 'FirstName;LastName;Drivers_License_Number__c'),
    person('Contact', '003B', 'US-TX', 'confirmed', 'Drivers_License_Number__c;FirstName;LastName'),
    person('Contact', '003C', 'US-TX', 'replayed', 'FirstName;LastName;Drivers_License_Number__c;Email'),
    person('Contact', '003D', 'US-TX', 'replayed', 'Email'),
    // Germany: two leads, e-mail and phone, only possible.
    person('Lead', '00QA', 'DE', 'possible', 'Email;Phone'),
    person('Lead', '00QB', 'DE', 'possible', 'Email'),
    // A record with no exposed field it could be named by.
    person('Lead', '00QC', 'DE', 'possible', 'Id'),
    ['Account', '001A', false, 'Acme', null, null, null, null, null, null, 'ZZ', 'none', 'test', 'replayed', 'Name;Phone', 'X-1'],
  ]);
  const geo = loadJurisdictionData();
  const prepared = prepareDuties('resources', undefined);
  if (!geo.ok || !prepared.ok) throw new Error('resources did not load');
  run = await computeDuties(db, geo.value, { ...prepared.value, awareAt: '2025-07-28T09:00:00Z', runStartedAt: '2025-08-01T00:00:00Z', asOf: '2025-07-29T09:00:00Z' });
});

afterAll(() => db.close());

describe('computeDuties', () => {
  it('groups people by jurisdiction and exposed categories (non-person records left out)', () => {
    expect(run.categoriesByJurisdiction).toEqual({ 'US-TX': ['email', 'government_id', 'name'], DE: ['email', 'phone'] });
  });

  it('counts the Texans whose name and licence number were exposed', () => {
    const individuals = run.duties.find((d) => d.jurisdiction === 'US-TX' && d.recipient === 'individuals');
    expect(individuals).toMatchObject({ required: 'yes', people: 3, peopleSure: 3, peopleInJurisdiction: 4, due: '2025-09-26T09:00:00.000Z' });
    expect(run.duties.find((d) => d.jurisdiction === 'US-TX' && d.recipient === 'attorney_general')?.required).toBe('no'); // 3 < 250
  });

  it('counts possible-only people as such', () => {
    const de = run.duties.find((d) => d.jurisdiction === 'DE' && d.recipient === 'regulator');
    expect(de).toMatchObject({ required: 'assess', people: 2, peopleSure: 0, peopleInJurisdiction: 3, due: '2025-07-31T09:00:00.000Z', timeLeft: 'P2DT0H0M' });
  });

  it('writes the duties table, one row per duty', async () => {
    const rows = await db.all<{ jurisdiction: string; recipient: string; required: string; people: number; due: string | null }>(sql`
      SELECT jurisdiction, recipient, required, people, due FROM duties WHERE jurisdiction = 'US-TX' ORDER BY recipient`);
    expect(rows.map((r) => [r.recipient, r.required, Number(r.people)])).toEqual([
      ['attorney_general', 'no', 3], ['consumer_reporting_agencies', 'no', 3], ['individuals', 'yes', 3],
    ]);
    expect(rows.find((r) => r.recipient === 'individuals')?.due).toMatch(/^2025-09-26[T ]09:00:00/);
    const total = await db.one<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM duties`);
    expect(total?.n).toBe(run.duties.length);
  });

  it('keeps the awareness time and the profile in the case', async () => {
    const context = await db.one<{ aware_at: string; aware_at_source: string; profile_json: string; profile_source: string | null }>(sql`SELECT * FROM duty_context`);
    expect(context?.aware_at).toMatch(/^2025-07-28[T ]09:00:00/);
    expect([context?.aware_at_source, context?.profile_source]).toEqual(['aware-at', null]);
    expect(JSON.parse(context?.profile_json ?? '{}')).toMatchObject({ usListed: false, euMainEstablishment: null });
  });

  it('says when awareness and profile were given, and when not', () => {
    expect(run.awareAtSource).toBe('aware-at');
    expect(run.notes.join(' ')).toContain('no --profile given');
  });
});
