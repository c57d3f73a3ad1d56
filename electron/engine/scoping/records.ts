/**
 * Reads the details of exposed records from the snapshots: who the record stands for (name,
 * email), where they live (the address fields for that object), and whether the record is a
 * natural person (Contact, Lead, User, person Account) or something else (business Account, …).
 */
import type { PostalAddress } from '../../../shared/domain.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import { findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';

export interface RecordDetails {
  id: string;
  isPerson: boolean;
  name: string | null;
  email: string | null;
  address: PostalAddress;
  addressPrefix: string;
}

/** Objects whose records always stand for a natural person. */
const PERSON_OBJECTS = new Set(['contact', 'lead', 'user']);

/** Address field sets in order of preference, by prefix: Contact Mailing…, person Account PersonMailing…, Lead/User plain, Account Billing…. */
const ADDRESS_PREFIXES = ['Mailing', 'PersonMailing', '', 'Billing', 'Other', 'Shipping'];

/** Loads the details of the given record ids (18 chars) of one object. */
export async function recordDetails(db: CaseDb, object: string, ids: readonly string[]): Promise<Map<string, RecordDetails>> {
  const out = new Map<string, RecordDetails>();
  const snap = await findSnapshot(db, object);
  if (!snap || ids.length === 0) return out;
  const cols = snap.columns;
  const find = (name: string): string | null => cols.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  const idCol = find('Id');
  if (!idCol) return out;
  await db.run('CREATE OR REPLACE TABLE wanted_ids (id VARCHAR)');
  await db.appendRows('wanted_ids', ids.map((i) => [i]));
  const rows = await db.all<Record<string, string | null>>(
    `SELECT * FROM (SELECT ${id18SqlExpression(`"${idCol}"`)} AS __id18, * FROM ${snap.table}) s WHERE __id18 IN (SELECT id FROM wanted_ids)`,
  );
  const isPersonObject = PERSON_OBJECTS.has(object.toLowerCase());
  for (const r of rows) {
    const get = (name: string): string | null => {
      const c = find(name);
      const v = c ? r[c] : null;
      return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
    };
    const personAccount = object.toLowerCase() === 'account' && /^(true|1)$/i.test(get('IsPersonAccount') ?? '');
    const { address, prefix } = pickAddress(get);
    const name = get('Name') ?? ([get('FirstName'), get('LastName')].filter(Boolean).join(' ') || null);
    out.set(String(r['__id18']), {
      id: String(r['__id18']),
      isPerson: isPersonObject || personAccount,
      name,
      email: get('Email') ?? get('PersonEmail'),
      address,
      addressPrefix: prefix,
    });
  }
  await db.run('DROP TABLE wanted_ids');
  return out;
}

function pickAddress(get: (name: string) => string | null): { address: PostalAddress; prefix: string } {
  const read = (p: string): PostalAddress => ({
    street: get(`${p}Street`),
    city: get(`${p}City`),
    state: get(`${p}State`),
    postalCode: get(`${p}PostalCode`),
    country: get(`${p}Country`),
    stateCode: get(`${p}StateCode`),
    countryCode: get(`${p}CountryCode`),
  });
  for (const p of ADDRESS_PREFIXES) {
    const a = read(p);
    if (a.country || a.countryCode || a.state || a.stateCode || a.postalCode) return { address: a, prefix: p };
  }
  return { address: read(''), prefix: '' };
}
