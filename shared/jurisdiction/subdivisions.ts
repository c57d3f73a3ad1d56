/**
 * The state or province within a country: USPS codes, names, abbreviations and misspellings, Canadian provinces
 * in English and French, Australian states; a US ZIP code's prefix (zipcodes package table) and a Canadian
 * postal code's first letter (Canada Post) when the State field is blank. Each finding is worded for the basis.
 */
import { assertNever } from '../result.js';
import type { PostalAddress } from '../domain.js';
import { clean, quote } from './countryText.js';
import { normaliseKey, type AuStateKeyKind, type CaProvinceKeyKind, type GeoTables, type UsStateKeyKind } from './tables.js';

/** The Salesforce field names quoted in the basis sentence ("MailingCountry", "BillingState" …). */
export interface FieldNames {
  country: string;
  countryCode: string;
  state: string;
  stateCode: string;
  postalCode: string;
}

export const US_ZIP = /^\d{5}(-\d{4})?$/;
const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/i;

/** A state or province value met with the country blank: which country it places the person in, or why none. */
export interface StateAlone {
  country: string | null; // alpha-2
  kind: 'name' | 'code' | 'other';
  words: string;
  why: string | null;
}

/** Looks a State value up in the US, Canadian and Australian tables at once; a value two of them know is ambiguous. */
export function stateAlone(state: string, tables: GeoTables): StateAlone {
  const key = normaliseKey(state);
  const us = tables.usStateByKey.get(key);
  const ca = tables.caProvinceByKey.get(key);
  const au = tables.auStateByKey.get(key);
  const other = tables.subdivisionByKey.get(key);
  const otherAmbiguous = tables.ambiguousSubdivisionKeys.get(key);
  const hits = [
    us && `US ${us.code}`,
    ca && `Canadian ${ca.code}`,
    au && `Australian ${au.code}`,
    other && other.iso,
    ...(otherAmbiguous ?? []).map((country) => `a subdivision of ${country}`),
  ].filter((h): h is string => typeof h === 'string');
  if (hits.length > 1) return { country: null, kind: 'other', words: '', why: `is ambiguous (${hits.join(' or ')})` };
  if (us !== undefined) return { country: 'US', kind: kindOf(us.kind), words: `a US state (${usKindWords(us.kind)})`, why: null };
  if (ca !== undefined) return { country: 'CA', kind: kindOf(ca.kind), words: `a Canadian province (${caKindWords(ca.kind)})`, why: null };
  if (au !== undefined) return { country: 'AU', kind: kindOf(au.kind), words: `an Australian state (${auKindWords(au.kind)})`, why: null };
  if (other !== undefined) return { country: other.code, kind: 'other', words: `ISO 3166-2 ${other.iso} (${other.name})`, why: null };
  return { country: null, kind: 'other', words: '', why: null };
}

function kindOf(kind: UsStateKeyKind | CaProvinceKeyKind | AuStateKeyKind): StateAlone['kind'] {
  if (kind === 'name' || kind === 'nameFr') return 'name';
  return kind === 'code' ? 'code' : 'other';
}

/** The USPS code from StateCode (if valid) or the State text, with the evidence in words. */
export function findUsState(address: PostalAddress, tables: GeoTables, fields: FieldNames): { usps: string | null; evidence: string } {
  const rawCode = clean(address.stateCode);
  if (rawCode !== null && tables.usStateNames.has(rawCode.toUpperCase())) {
    return { usps: rawCode.toUpperCase(), evidence: `${fields.stateCode} ${quote(rawCode)}` };
  }
  const badCode = rawCode === null ? '' : `${fields.stateCode} ${quote(rawCode)} is not a USPS code; `;
  const state = clean(address.state);
  if (state === null) return { usps: null, evidence: `${badCode}${fields.state} blank` };
  const hit = tables.usStateByKey.get(normaliseKey(state));
  if (hit === undefined) return { usps: null, evidence: `${badCode}${fields.state} ${quote(state)} is not a recognised US state` };
  return { usps: hit.code, evidence: `${badCode}${fields.state} ${quote(state)} (${usKindWords(hit.kind)})` };
}

/** The state a US ZIP code is in: its three-digit prefix when the prefix lies in one state, else the full ZIP. */
export function placeByZip(postal: string | null, tables: GeoTables, fields: FieldNames): { usps: string | null; evidence: string } {
  if (postal === null) return { usps: null, evidence: `${fields.postalCode} blank` };
  if (!US_ZIP.test(postal)) return { usps: null, evidence: `${fields.postalCode} ${quote(postal)} is not a US ZIP code` };
  const prefix = postal.slice(0, 3);
  const zip = postal.slice(0, 5);
  const states = tables.usZipPrefix.get(prefix) ?? [];
  const byZip = tables.usZip.get(zip);
  const what = `${fields.postalCode} ${quote(postal)}`;
  if (states.length === 0) return { usps: null, evidence: `${what}: ZIP prefix ${prefix} is not in the ZIP table` };
  const single = states.length === 1 ? states[0] : undefined;
  const usps = single ?? byZip;
  const how = single !== undefined ? `ZIP prefix ${prefix}` : `ZIP ${zip}; prefix ${prefix} spans ${states.join(', ')}`;
  if (usps === undefined) return { usps: null, evidence: `${what}: ZIP prefix ${prefix} spans ${states.join(', ')} and ZIP ${zip} is not listed` };
  if (!tables.usStateNames.has(usps)) return { usps: null, evidence: `${what} (${how} → ${usps}, not a US state or territory)` };
  return { usps, evidence: `${what} (${how} → ${usps})` };
}

/** The province from StateCode/State, or from the postal code's first letter when both are blank. */
export function findProvince(address: PostalAddress, tables: GeoTables, fields: FieldNames, postal: string | null): { province: string | null; evidence: string } {
  const rawCode = clean(address.stateCode);
  if (rawCode !== null && tables.caProvinceNames.has(rawCode.toUpperCase())) {
    return { province: rawCode.toUpperCase(), evidence: `${fields.stateCode} ${quote(rawCode)}` };
  }
  const state = clean(address.state);
  if (state !== null) {
    const hit = tables.caProvinceByKey.get(normaliseKey(state));
    if (hit === undefined) return { province: null, evidence: `${fields.state} ${quote(state)} is not a recognised province` };
    return { province: hit.code, evidence: `${fields.state} ${quote(state)} (${caKindWords(hit.kind)})` };
  }
  if (rawCode !== null) return { province: null, evidence: `${fields.stateCode} ${quote(rawCode)} is not a province code` };
  if (postal === null) return { province: null, evidence: `${fields.state} blank` };
  if (!CA_POSTAL.test(postal)) return { province: null, evidence: `${fields.postalCode} ${quote(postal)} is not a Canadian postal code` };
  const letter = postal.charAt(0).toUpperCase();
  const provinces = tables.caPostalFirstLetter.get(letter) ?? [];
  const province = provinces.length === 1 ? (provinces[0] ?? null) : null;
  const which = province ?? (provinces.length > 1 ? provinces.join(' or ') : 'no province');
  return { province, evidence: `${fields.state} blank; ${fields.postalCode} ${quote(postal)} starts with ${letter} (${which})` };
}

function usKindWords(kind: UsStateKeyKind): string {
  switch (kind) {
    case 'code':
      return 'USPS code';
    case 'name':
      return 'state name';
    case 'abbreviation':
      return 'abbreviation';
    case 'misspelling':
      return 'known misspelling';
    default:
      return assertNever(kind, 'key kind');
  }
}

function caKindWords(kind: CaProvinceKeyKind): string {
  switch (kind) {
    case 'code':
      return 'province code';
    case 'name':
      return 'province name';
    case 'nameFr':
      return 'French province name';
    case 'alias':
      return 'alias';
    default:
      return assertNever(kind, 'key kind');
  }
}

function auKindWords(kind: AuStateKeyKind): string {
  switch (kind) {
    case 'code':
      return 'state code';
    case 'name':
      return 'state name';
    case 'alias':
      return 'state abbreviation';
    default:
      return assertNever(kind, 'key kind');
  }
}
