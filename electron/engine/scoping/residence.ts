/**
 * Which address stands for where a person lives, in order of preference per object, and the SQL that picks,
 * for every record at once, the first address in that order holding a country, state or postal code.
 * A contact with no address of its own is placed by its Account's Billing, then Shipping address.
 */
import { ident } from '../store/sql.js';

/** The fields of a Salesforce compound address, after its prefix ("Mailing" + "Street"). */
export const ADDRESS_PARTS = ['Street', 'City', 'State', 'PostalCode', 'Country', 'StateCode', 'CountryCode'] as const;
/** The parts that locate a person (a street or city alone does not say which jurisdiction). */
const LOCATING_PARTS = ['Country', 'CountryCode', 'State', 'StateCode', 'PostalCode'] as const;

/** One address in the order: its field prefix on the record (own) or on the parent Account. */
export interface AddressSource {
  on: 'record' | 'parent';
  prefix: string; // "Mailing", "Billing", "" …
  /** The prefix the basis sentence uses: "Mailing", or "Account.Billing" for the parent's. */
  label: string;
  /** The actual column names present, by part (case as in the snapshot); null when absent. */
  columns: Record<(typeof ADDRESS_PARTS)[number], string | null>;
}

/** The own-address prefixes by object; anything else tries every prefix a record might carry. */
const OWN_ORDER: Record<string, readonly string[]> = {
  contact: ['Mailing', 'Other'],
  account: ['PersonMailing', 'PersonOther', 'Billing', 'Shipping'],
  lead: [''],
  user: [''],
};
const GENERIC_ORDER = ['Mailing', 'PersonMailing', '', 'Billing', 'Other', 'Shipping'];
const PARENT_ORDER = ['Billing', 'Shipping'];

/** The addresses to try, in order, keeping only those whose columns exist; `parentColumns` is the contact's Account snapshot. */
export function residenceOrder(object: string, columns: readonly string[], parentColumns: readonly string[] | null): AddressSource[] {
  const own = (OWN_ORDER[object.toLowerCase()] ?? GENERIC_ORDER).map((prefix) => source('record', prefix, prefix, columns));
  const parent = parentColumns === null ? [] : PARENT_ORDER.map((prefix) => source('parent', prefix, `Account.${prefix}`, parentColumns));
  return [...own, ...parent].filter((s) => LOCATING_PARTS.some((part) => s.columns[part] !== null));
}

function source(on: AddressSource['on'], prefix: string, label: string, columns: readonly string[]): AddressSource {
  const find = (name: string): string | null => columns.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  const found = Object.fromEntries(ADDRESS_PARTS.map((part) => [part, find(`${prefix}${part}`)])) as AddressSource['columns'];
  return { on, prefix, label, columns: found };
}

/**
 * The SELECT-list text computing `__addr_prefix` and `__addr_<Part>` for each row: a CASE over the sources in
 * order. Column names come from the snapshot's own column list and are quoted; labels are from the closed lists above.
 */
export function addressChoiceSql(order: readonly AddressSource[]): { select(parentAlias: string | null): string } {
  return {
    select(parentAlias) {
      const usable = order.filter((s) => s.on === 'record' || parentAlias !== null);
      const column = (s: AddressSource, part: (typeof ADDRESS_PARTS)[number]): string => {
        const name = s.columns[part];
        return name === null ? 'NULL' : `${s.on === 'record' ? 's' : parentAlias}.${ident(name).text}`;
      };
      const has = (s: AddressSource): string =>
        LOCATING_PARTS.map((part) => column(s, part)).filter((c) => c !== 'NULL').map((c) => `coalesce(trim(CAST(${c} AS VARCHAR)), '') <> ''`).join(' OR ');
      const pick = (value: (s: AddressSource) => string, fallback: string): string =>
        usable.length === 0 ? fallback : `CASE ${usable.map((s) => `WHEN ${has(s)} THEN ${value(s)}`).join(' ')} ELSE ${fallback} END`;
      const fallbackSource = usable.find((s) => s.on === 'record');
      const prefix = pick((s) => `'${s.label}'`, `'${fallbackSource?.label ?? ''}'`);
      const parts = ADDRESS_PARTS.map(
        (part) => `${pick((s) => `CAST(${column(s, part)} AS VARCHAR)`, fallbackSource === undefined ? 'NULL' : `CAST(${column(fallbackSource, part)} AS VARCHAR)`)} AS "__addr_${part}"`,
      );
      return [`${prefix} AS __addr_prefix`, ...parts].join(', ');
    },
  };
}
