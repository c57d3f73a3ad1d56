/**
 * Reads the details of exposed records from the snapshots: who the record stands for (name,
 * email), where they live, and whether the record is a natural person (Contact, Lead, User,
 * person Account) or something else (business Account, …).
 *
 * Where they live is decided in SQL, per record, from the record and its parent (residence.ts):
 * Contact Mailing → Other → its Account's Billing → Shipping (the Account snapshot joined by
 * AccountId); person Account PersonMailing → PersonOther → Billing → Shipping; Lead and User their
 * own address. The first address with a country, state or postal code wins.
 */
import type { PostalAddress } from '../../../shared/domain.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import { findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql } from '../store/sql.js';
import { ADDRESS_PARTS, addressChoiceSql, residenceOrder } from './residence.js';

export interface RecordDetails {
  id: string;
  isPerson: boolean;
  name: string | null;
  email: string | null;
  address: PostalAddress;
  /** Names the address in the basis: "Mailing", "PersonMailing", "" (Lead/User), "Account.Billing" (a contact's account). */
  addressPrefix: string;
}

/** Objects whose records always stand for a natural person. */
const PERSON_OBJECTS = new Set(['contact', 'lead', 'user']);

/** Loads the details of the given record ids (18 chars) of one object. */
export async function recordDetails(db: CaseDb, object: string, ids: readonly string[]): Promise<Map<string, RecordDetails>> {
  const out = new Map<string, RecordDetails>();
  const snap = await findSnapshot(db, object);
  if (!snap || ids.length === 0) return out;
  const find = (cols: readonly string[], name: string): string | null => cols.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  const idCol = find(snap.columns, 'Id');
  if (!idCol) return out;
  const accountIdCol = find(snap.columns, 'AccountId');
  const account = object.toLowerCase() === 'contact' && accountIdCol !== null ? await findSnapshot(db, 'Account') : null;
  const accountIdInAccount = account === null ? null : find(account.columns, 'Id');
  const parent = account !== null && accountIdInAccount !== null ? { columns: account.columns } : null;
  const order = residenceOrder(object, snap.columns, parent?.columns ?? null);
  const choice = addressChoiceSql(order);

  await db.run(sql`CREATE OR REPLACE TABLE wanted_ids (id VARCHAR)`);
  await db.appendRows('wanted_ids', ids.map((i) => [i]));
  const parentJoin =
    parent !== null && account !== null && accountIdInAccount !== null && accountIdCol !== null
      ? sql` LEFT JOIN (SELECT ${raw(id18SqlExpression(ident(accountIdInAccount).text))} AS __parent_id18, * FROM ${ident(account.table)}) p
             ON p.__parent_id18 = ${raw(id18SqlExpression(`s.${ident(accountIdCol).text}`))}`
      : sql``;
  const parentAlias = parent !== null ? 'p' : null;
  const rows = await db.all<Record<string, string | null>>(sql`
    SELECT s.*, ${raw(choice.select(parentAlias))}
    FROM (SELECT ${raw(id18SqlExpression(ident(idCol).text))} AS __id18, * FROM ${ident(snap.table)}) s${parentJoin}
    WHERE s.__id18 IN (SELECT id FROM wanted_ids)`);
  await db.run(sql`DROP TABLE wanted_ids`);

  const isPersonObject = PERSON_OBJECTS.has(object.toLowerCase());
  for (const r of rows) {
    const get = (name: string): string | null => {
      const c = find(snap.columns, name);
      const v = c ? r[c] : null;
      return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
    };
    const personAccount = object.toLowerCase() === 'account' && /^(true|1)$/i.test(get('IsPersonAccount') ?? '');
    const name = get('Name') ?? ([get('FirstName'), get('LastName')].filter(Boolean).join(' ') || null);
    const part = (p: (typeof ADDRESS_PARTS)[number]): string | null => {
      const v = r[`__addr_${p}`];
      return v === null || v === undefined || String(v).trim() === '' ? null : String(v);
    };
    out.set(String(r['__id18']), {
      id: String(r['__id18']),
      isPerson: isPersonObject || personAccount,
      name,
      email: get('Email') ?? get('PersonEmail'),
      address: {
        street: part('Street'),
        city: part('City'),
        state: part('State'),
        postalCode: part('PostalCode'),
        country: part('Country'),
        stateCode: part('StateCode'),
        countryCode: part('CountryCode'),
      },
      addressPrefix: String(r['__addr_prefix'] ?? ''),
    });
  }
  return out;
}
