/**
 * Maps one person record's postal address to the breach-notification jurisdiction code whose rules apply:
 * ISO 3166-2 for US states, DC and territories (PR, GU, VI, AS, MP, UM) and for the Canadian provinces with
 * their own private-sector breach law (Quebec CA-QC, Alberta CA-AB); `CA` for the rest of Canada; `US` for the
 * United States with the state unknown; ISO 3166-1 alpha-2 otherwise; `ZZ` when nothing can be resolved.
 * Pure and deterministic: the same address and tables always give the same code, confidence and basis
 * sentence (the demo generator relies on this).
 *
 * No fuzzy matching: country text resolves only through exact lookups (countryText.ts). Edit-distance
 * matching would turn real, different countries into each other — aliases.json → ambiguous lists the
 * do-not-fuzz pairs: Austria/Australia, Iran/Iraq, Niger/Nigeria, Mali/Malawi, Dominica/Dominican Republic,
 * Sudan/South Sudan, the Guinea family and the Congo pair.
 */
import type { JurisdictionMatch, PostalAddress } from '../domain.js';
import { clean, lookUpCountryText, quote, type CountryFinding, type NoCountry } from './countryText.js';
import { findProvince, findUsState, placeByZip, stateAlone, US_ZIP, type FieldNames } from './subdivisions.js';
import type { GeoTables } from './tables.js';

const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/i;
/** US territories with their own ISO 3166-2 code under US (and their own alpha-2 code as countries). */
const US_TERRITORIES = new Set(['PR', 'GU', 'VI', 'AS', 'MP', 'UM']);
const US_MILITARY_MAIL = new Set(['AA', 'AE', 'AP']);
/** Canadian provinces whose own private-sector breach-notification law applies instead of PIPEDA alone. */
const CA_PROVINCES_WITH_OWN_LAW = new Set(['QC', 'AB']);

/**
 * Decides which jurisdiction's breach rules a person's address falls under, with the evidence used.
 * `fieldPrefix` names the address in the basis ("Mailing" → MailingCountry; "" for Lead/User fields;
 * "Account.Billing" for a contact placed by its account's billing address).
 */
export function resolveJurisdiction(address: PostalAddress, tables: GeoTables, fieldPrefix = ''): JurisdictionMatch {
  const fields: FieldNames = {
    country: `${fieldPrefix}Country`,
    countryCode: `${fieldPrefix}CountryCode`,
    state: `${fieldPrefix}State`,
    stateCode: `${fieldPrefix}StateCode`,
    postalCode: `${fieldPrefix}PostalCode`,
  };
  const country = findCountry(address, tables, fields);
  if ('why' in country) return { code: 'ZZ', confidence: 'none', basis: country.why };
  return placeWithinCountry(country, address, tables, fields);
}

function findCountry(address: PostalAddress, tables: GeoTables, fields: FieldNames): CountryFinding | NoCountry {
  const rawCode = clean(address.countryCode);
  if (rawCode !== null && tables.alpha2.has(rawCode.toUpperCase())) {
    const code = rawCode.toUpperCase();
    return { code, confidence: 'high', basis: `${fields.countryCode} ${quote(rawCode)} → ${code} (ISO code)` };
  }
  const badCode = rawCode === null ? '' : `${fields.countryCode} ${quote(rawCode)} is not an ISO code; `;
  const rawCountry = clean(address.country);
  if (rawCountry !== null) {
    const found = lookUpCountryText(rawCountry, tables, fields.country);
    return 'why' in found ? { why: badCode + found.why } : { ...found, basis: badCode + found.basis };
  }
  const inferred = inferCountryFromOtherFields(address, tables, fields);
  return 'why' in inferred ? { why: badCode + inferred.why } : { ...inferred, basis: badCode + inferred.basis };
}

/**
 * Country blank: a US state, Canadian province or Australian state named (or coded) alone decides the country;
 * a US state code with a ZIP code, or a Canadian postal code, also does. A bare number never does (five digits
 * are a postcode in dozens of countries).
 */
function inferCountryFromOtherFields(address: PostalAddress, tables: GeoTables, fields: FieldNames): CountryFinding | NoCountry {
  const postal = clean(address.postalCode);
  const states = [
    { value: clean(address.state), field: fields.state },
    { value: clean(address.stateCode), field: fields.stateCode },
  ].filter((s): s is { value: string; field: string } => s.value !== null);
  let ambiguous: string | null = null;
  for (const { value, field } of states) {
    const alone = stateAlone(value, tables);
    if (alone.country !== null) {
      const withZip = alone.country === 'US' && alone.kind === 'code' && postal !== null && US_ZIP.test(postal) ? ` with ZIP code ${quote(postal)}` : '';
      return {
        code: alone.country,
        confidence: alone.kind === 'name' ? 'medium' : 'low',
        basis: `${fields.country} blank; ${field} ${quote(value)}${withZip} is ${alone.words} → ${alone.country}`,
      };
    }
    if (alone.why !== null) ambiguous ??= `${fields.country} blank; ${field} ${quote(value)} ${alone.why}: not resolved`;
  }
  if (ambiguous !== null) return { why: ambiguous };
  if (postal !== null && CA_POSTAL.test(postal)) {
    return { code: 'CA', confidence: 'low', basis: `${fields.country} blank; ${fields.postalCode} ${quote(postal)} is a Canadian postal code → CA` };
  }
  const seen = [...states.map((s) => `${s.field} ${quote(s.value)}`), ...(postal === null ? [] : [`${fields.postalCode} ${quote(postal)}`])].join(', ');
  return { why: `${fields.country} blank and nothing else identifies a country${seen === '' ? '' : ` (${seen})`}` };
}

function placeWithinCountry(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { code, confidence, basis } = country;
  if (code === 'US') return placeWithinUnitedStates(country, address, tables, fields);
  if (code === 'CA') return placeWithinCanada(country, address, tables, fields);
  if (US_TERRITORIES.has(code)) return { code: `US-${code}`, confidence, basis: `${basis}; US territory → US-${code}` };
  return { code, confidence, basis };
}

function placeWithinUnitedStates(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { confidence, basis } = country;
  const state = findUsState(address, tables, fields);
  const byZip = state.usps === null ? placeByZip(clean(address.postalCode), tables, fields) : null;
  const usps = state.usps ?? byZip?.usps ?? null;
  const evidence = byZip === null ? state.evidence : `${state.evidence}; ${byZip.evidence}`;
  if (usps === null) return { code: 'US', confidence, basis: `${basis}; ${evidence} → US (state unknown)` };
  const name = tables.usStateNames.get(usps) ?? usps;
  if (US_MILITARY_MAIL.has(usps)) {
    return { code: 'US', confidence, basis: `${basis}; ${evidence}: military mail (${name}), state unknown → US` };
  }
  return { code: `US-${usps}`, confidence, basis: `${basis}; ${evidence} → US-${usps}` };
}

function placeWithinCanada(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { confidence, basis } = country;
  const found = findProvince(address, tables, fields, clean(address.postalCode));
  if (found.province !== null && CA_PROVINCES_WITH_OWN_LAW.has(found.province)) {
    return { code: `CA-${found.province}`, confidence, basis: `${basis}; ${found.evidence} → CA-${found.province}` };
  }
  const outcome = found.province === null ? 'province unknown' : `province ${found.province}`;
  return { code: 'CA', confidence, basis: `${basis}; ${found.evidence}, ${outcome} → CA` };
}

/**
 * A memoised `resolveJurisdiction` for resolving many records: CRM addresses repeat (millions of records share a
 * few hundred thousand distinct country/state/postal tuples), so each distinct tuple and prefix is resolved once.
 */
export function jurisdictionResolver(tables: GeoTables): (address: PostalAddress, fieldPrefix?: string) => JurisdictionMatch {
  const seen = new Map<string, JurisdictionMatch>();
  return (address, fieldPrefix = '') => {
    const key = [fieldPrefix, address.country, address.countryCode, address.state, address.stateCode, address.postalCode].join('\u0000');
    const known = seen.get(key);
    if (known !== undefined) return known;
    const match = resolveJurisdiction(address, tables, fieldPrefix);
    seen.set(key, match);
    return match;
  };
}
