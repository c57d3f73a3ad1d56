/**
 * Residence from the record and its parent, through real snapshot tables built by the intake's own loader:
 * Contact Mailing → Other → its Account's Billing → Shipping (joined by AccountId, 15- or 18-character),
 * person Account PersonMailing first, Lead's own address; then resolved as the engine does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvGroup } from '../../electron/engine/intake/load.js';
import { buildSnapshots } from '../../electron/engine/intake/snapshots.js';
import { loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';
import { recordDetails } from '../../electron/engine/scoping/records.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { toId18 } from '../../shared/ids.js';
import { resolveJurisdiction } from '../../shared/jurisdiction/resolve.js';
import type { GeoTables } from '../../shared/jurisdiction/tables.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-residence-'));
let db: CaseDb;
let tables: GeoTables;

/** Writes a CSV snapshot and loads it the way intake does; returns the source for buildSnapshots. */
async function snapshot(id: number, object: string, rows: string[][]): Promise<{ id: number; object: string; table: string }> {
  const file = path.join(dir, `${object}.csv`);
  writeFileSync(file, rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n');
  await loadCsvGroup(db, `g${id}`, [{ sourceId: id, path: file }], { header: rows[0] ?? [] });
  return { id, object, table: `src_${id}` };
}

const LEAD = toId18('00Q000000000001') ?? '';
const A1 = '001000000000001AAA';
const A2 = '001000000000002AAA';
const A3 = '001000000000003AAA';
const C = (n: number): string => toId18(`003000000000${String(n).padStart(3, '0')}`) ?? '';

beforeAll(async () => {
  const geo = loadJurisdictionData();
  if (!geo.ok) throw new Error(geo.error.message);
  tables = geo.value.tables;
  db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  await migrate(db);
  const contacts = await snapshot(1, 'Contact', [
    ['Id', 'AccountId', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingPostalCode', 'MailingCountry', 'OtherState', 'OtherCountry'],
    [C(1), A1, 'Mail', 'Own', 'm@example.com', 'Cambridge', 'MA', '02139', 'USA', 'Ontario', 'Canada'],
    [C(2), A1, 'Other', 'Only', 'o@example.com', 'Boston', '', '', '', 'Ontario', 'Canada'],
    [C(3), A1.slice(0, 15), 'By', 'Billing', 'b@example.com', 'Nowhere', '', '', '', '', ''],
    [C(4), A2, 'By', 'Shipping', 's@example.com', '', '', '', '', '', ''],
    [C(5), '', 'No', 'Address', 'n@example.com', '', '', '', '', '', ''],
    [C(6), '001000000000999AAA', 'Missing', 'Account', 'x@example.com', '', '', '', '', '', ''],
  ]);
  const accounts = await snapshot(2, 'Account', [
    ['Id', 'Name', 'IsPersonAccount', 'BillingState', 'BillingPostalCode', 'BillingCountry', 'ShippingState', 'ShippingCountry', 'PersonMailingPostalCode', 'PersonMailingCountry'],
    [A1, 'Acme Alberta', 'false', 'Alberta', 'T2P 1J9', 'Canada', 'Texas', 'USA', '', ''],
    [A2, 'Acme Quebec', 'false', '', '', '', 'Québec', 'Canada', '', ''],
    [A3, 'Pat Person', 'true', '', '', 'Deutschland', '', '', '02139', 'United States'],
  ]);
  const leads = await snapshot(3, 'Lead', [
    ['Id', 'FirstName', 'LastName', 'State', 'PostalCode', 'Country'],
    [LEAD, 'Lee', 'Lead', 'Calif.', '', ''],
  ]);
  await buildSnapshots(db, [contacts, accounts, leads]);
});
afterAll(() => db.close());

async function placed(object: string, id: string): Promise<{ code: string; basis: string; prefix: string }> {
  const details = await recordDetails(db, object, [id]);
  const d = details.get(id);
  if (d === undefined) throw new Error(`${object} ${id} not found`);
  const match = resolveJurisdiction(d.address, tables, d.addressPrefix);
  return { code: match.code, basis: match.basis, prefix: d.addressPrefix };
}

describe('residence of a contact: Mailing → Other → Account Billing → Account Shipping', () => {
  it('uses the Mailing address when it has one', async () => {
    expect(await placed('Contact', C(1))).toEqual({
      code: 'US-MA',
      prefix: 'Mailing',
      basis: 'MailingCountry "USA" → US (ISO alpha-3 code); MailingState "MA" (USPS code) → US-MA',
    });
  });

  it('falls back to the Other address (a city alone is not an address)', async () => {
    expect(await placed('Contact', C(2))).toMatchObject({ code: 'CA', prefix: 'Other' });
  });

  it("falls back to the account's Billing address, joined by a 15-character AccountId", async () => {
    const got = await placed('Contact', C(3));
    expect(got).toMatchObject({ code: 'CA-AB', prefix: 'Account.Billing' });
    expect(got.basis).toBe('Account.BillingCountry "Canada" → CA (English name); Account.BillingState "Alberta" (province name) → CA-AB');
  });

  it("then to the account's Shipping address", async () => {
    expect(await placed('Contact', C(4))).toMatchObject({ code: 'CA-QC', prefix: 'Account.Shipping' });
  });

  it('is unresolved, naming the Mailing fields, with no address and no account (or an account not in the snapshot)', async () => {
    expect(await placed('Contact', C(5))).toEqual({ code: 'ZZ', prefix: 'Mailing', basis: 'MailingCountry blank and nothing else identifies a country' });
    expect(await placed('Contact', C(6))).toMatchObject({ code: 'ZZ', prefix: 'Mailing' });
  });

  it('reads many contacts in one query, each with its own choice', async () => {
    const details = await recordDetails(db, 'Contact', [C(1), C(2), C(3), C(4), C(5)]);
    expect([C(1), C(2), C(3), C(4), C(5)].map((id) => details.get(id)?.addressPrefix)).toEqual(['Mailing', 'Other', 'Account.Billing', 'Account.Shipping', 'Mailing']);
    expect(details.get(C(3))?.email).toBe('b@example.com');
  });
});

describe('residence of other people', () => {
  it('places a person account by PersonMailing before Billing, its ZIP giving the state', async () => {
    const got = await placed('Account', A3);
    expect(got).toMatchObject({ code: 'US-MA', prefix: 'PersonMailing' });
    expect(got.basis).toContain('PersonMailingPostalCode "02139" (ZIP prefix 021 → MA)');
    expect((await recordDetails(db, 'Account', [A3])).get(A3)?.isPerson).toBe(true);
  });

  it('places a business account by Billing and does not count it as a person', async () => {
    expect(await placed('Account', A1)).toMatchObject({ code: 'CA-AB', prefix: 'Billing' });
    expect((await recordDetails(db, 'Account', [A1])).get(A1)?.isPerson).toBe(false);
  });

  it("places a lead by its own address, a state abbreviation alone", async () => {
    expect(await placed('Lead', LEAD)).toMatchObject({ code: 'US-CA', prefix: '' });
  });
});
