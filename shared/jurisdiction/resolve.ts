/**
 * Maps one person record's postal address to the breach-notification jurisdiction code whose rules apply:
 * ISO 3166-2 for US states/DC/territories with a rule and for Quebec, ISO 3166-1 alpha-2 otherwise,
 * `ZZ` when nothing can be resolved. Pure and deterministic: the same address and tables always give the
 * same code, confidence and basis sentence (the demo generator relies on this).
 *
 * No fuzzy matching in this version: a misspelling resolves only if aliases.json lists it. Edit-distance
 * matching would turn real, different countries into each other — aliases.json → ambiguous lists the
 * do-not-fuzz pairs: Austria/Australia, Iran/Iraq, Niger/Nigeria, Mali/Malawi, Dominica/Dominican Republic,
 * Sudan/South Sudan, the Guinea family and the Congo pair.
 */
import type { JurisdictionMatch, PostalAddress } from '../domain.js';
import { assertNever } from '../result.js';
import { normaliseKey, type CaProvinceKeyKind, type GeoTables, type UsStateKeyKind } from './tables.js';

type MatchConfidence = JurisdictionMatch['confidence'];

/** The Salesforce field names quoted in the basis sentence ("MailingCountry", "BillingState" …). */
interface FieldNames {
  country: string;
  countryCode: string;
  state: string;
  stateCode: string;
  postalCode: string;
}

/** A country the address points to, before any state or province is considered. */
interface CountryFinding {
  code: string; // alpha-2
  confidence: MatchConfidence;
  basis: string;
}

/** The address points to no country: why, in one sentence. */
interface NoCountry {
  why: string;
}

const US_ZIP = /^\d{5}(-\d{4})?$/;
const CA_POSTAL = /^[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d$/i;
const US_TERRITORIES_WITH_RULE = new Set(['PR', 'GU', 'VI']);
const US_TERRITORIES_WITHOUT_RULE = new Set(['AS', 'MP']);
const US_MILITARY_MAIL = new Set(['AA', 'AE', 'AP']);

/**
 * Decides which jurisdiction's breach rules a person's address falls under, with the evidence used.
 * `fieldPrefix` names the address in the basis ("Mailing" → MailingCountry; "" for Lead/User fields).
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

/** Exact lookups only: alpha-2, alpha-3, English name (high), then aliases.json (medium). */
function lookUpCountryText(raw: string, tables: GeoTables, field: string): CountryFinding | NoCountry {
  const key = normaliseKey(raw);
  const upper = key.toUpperCase();
  if (key.length === 2 && tables.alpha2.has(upper)) {
    return { code: upper, confidence: 'high', basis: `${field} ${quote(raw)} → ${upper} (ISO alpha-2 code)` };
  }
  const fromAlpha3 = key.length === 3 ? tables.alpha3ToAlpha2.get(upper) : undefined;
  if (fromAlpha3 !== undefined) {
    return { code: fromAlpha3, confidence: 'high', basis: `${field} ${quote(raw)} → ${fromAlpha3} (ISO alpha-3 code)` };
  }
  const hit = tables.countryByKey.get(key);
  if (hit !== undefined) {
    const named = hit.kind === 'name';
    const how = named ? 'English name' : 'alias';
    return { code: hit.code, confidence: named ? 'high' : 'medium', basis: `${field} ${quote(raw)} → ${hit.code} (${how})` };
  }
  const candidates = tables.ambiguousCountryKeys.get(key);
  if (candidates !== undefined) {
    return { why: `${field} ${quote(raw)} is ambiguous (${candidates.join(' or ')}): not resolved` };
  }
  return { why: `${field} ${quote(raw)} is not a known country code, name or alias (no fuzzy matching)` };
}

/** Country blank: only a full state/province name, a state code with a ZIP, or a Canadian postcode will do. */
function inferCountryFromOtherFields(address: PostalAddress, tables: GeoTables, fields: FieldNames): CountryFinding | NoCountry {
  const state = clean(address.state);
  const stateKey = state === null ? '' : normaliseKey(state);
  const usHit = tables.usStateByKey.get(stateKey);
  if (state !== null && usHit !== undefined && (usHit.kind === 'name' || isLongDcForm(usHit.code, stateKey))) {
    return { code: 'US', confidence: 'medium', basis: `${fields.country} blank; ${fields.state} ${quote(state)} is a US state name → US` };
  }
  const caHit = tables.caProvinceByKey.get(stateKey);
  if (state !== null && caHit !== undefined && (caHit.kind === 'name' || caHit.kind === 'nameFr')) {
    return { code: 'CA', confidence: 'medium', basis: `${fields.country} blank; ${fields.state} ${quote(state)} is a Canadian province name → CA` };
  }
  const postal = clean(address.postalCode);
  const stateCode = usStateCodeIn(clean(address.stateCode), tables) ?? usStateCodeIn(state, tables);
  if (stateCode !== null && postal !== null && US_ZIP.test(postal)) {
    return {
      code: 'US',
      confidence: 'low',
      basis: `${fields.country} blank; US state code ${stateCode} with ZIP code ${quote(postal)} → US`,
    };
  }
  if (postal !== null && CA_POSTAL.test(postal)) {
    return { code: 'CA', confidence: 'low', basis: `${fields.country} blank; ${fields.postalCode} ${quote(postal)} is a Canadian postal code → CA` };
  }
  const seen = [state === null ? null : `${fields.state} ${quote(state)}`, postal === null ? null : `${fields.postalCode} ${quote(postal)}`]
    .filter((part): part is string => part !== null)
    .join(', ');
  return { why: `${fields.country} blank and nothing else identifies a country${seen === '' ? '' : ` (${seen})`}` };
}

function placeWithinCountry(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { code, confidence, basis } = country;
  if (code === 'US') return placeWithinUnitedStates(country, address, tables, fields);
  if (code === 'CA') return placeWithinCanada(country, address, tables, fields);
  if (US_TERRITORIES_WITH_RULE.has(code)) {
    return { code: `US-${code}`, confidence, basis: `${basis}; US territory → US-${code}` };
  }
  if (US_TERRITORIES_WITHOUT_RULE.has(code)) {
    const name = tables.usStateNames.get(code) ?? code;
    return { code: 'US', confidence, basis: `${basis}; US territory ${name} has no rule row → US` };
  }
  return { code, confidence, basis };
}

function placeWithinUnitedStates(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { confidence, basis } = country;
  const found = findUsState(address, tables, fields);
  if (found.usps === null) return { code: 'US', confidence, basis: `${basis}; ${found.evidence} → US (state unknown)` };
  const usps = found.usps;
  const name = tables.usStateNames.get(usps) ?? usps;
  if (US_TERRITORIES_WITHOUT_RULE.has(usps)) {
    return { code: 'US', confidence, basis: `${basis}; ${found.evidence}: ${name} has no rule row → US` };
  }
  if (US_MILITARY_MAIL.has(usps)) {
    return { code: 'US', confidence, basis: `${basis}; ${found.evidence}: military mail (${name}), state unknown → US` };
  }
  return { code: `US-${usps}`, confidence, basis: `${basis}; ${found.evidence} → US-${usps}` };
}

/** The USPS code from StateCode (if valid) or the State text, with the evidence in words. */
function findUsState(address: PostalAddress, tables: GeoTables, fields: FieldNames): { usps: string | null; evidence: string } {
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

function placeWithinCanada(country: CountryFinding, address: PostalAddress, tables: GeoTables, fields: FieldNames): JurisdictionMatch {
  const { confidence, basis } = country;
  const found = findProvince(address, tables, fields);
  if (found.province === 'QC') return { code: 'CA-QC', confidence, basis: `${basis}; ${found.evidence} → CA-QC` };
  const outcome = found.province === null ? 'province unknown' : `province ${found.province}`;
  return { code: 'CA', confidence, basis: `${basis}; ${found.evidence}, ${outcome} → CA` };
}

/** The province from StateCode/State, or from the postal code's first letter when both are blank. */
function findProvince(address: PostalAddress, tables: GeoTables, fields: FieldNames): { province: string | null; evidence: string } {
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
  const postal = clean(address.postalCode);
  if (postal === null) return { province: null, evidence: `${fields.state} blank` };
  if (!CA_POSTAL.test(postal)) return { province: null, evidence: `${fields.postalCode} ${quote(postal)} is not a Canadian postal code` };
  const letter = postal.charAt(0).toUpperCase();
  const provinces = tables.caPostalFirstLetter.get(letter) ?? [];
  const province = provinces.length === 1 ? (provinces[0] ?? null) : null;
  const which = province ?? (provinces.length > 1 ? provinces.join(' or ') : 'no province');
  return { province, evidence: `${fields.state} blank; ${fields.postalCode} ${quote(postal)} starts with ${letter} (${which})` };
}

function usStateCodeIn(value: string | null, tables: GeoTables): string | null {
  if (value === null || !/^[A-Za-z]{2}$/.test(value)) return null;
  const upper = value.toUpperCase();
  return tables.usStateNames.has(upper) ? upper : null;
}

/** "Washington DC", "Wash DC": written-out forms of DC count as a full name; bare "DC" does not. */
function isLongDcForm(usps: string, key: string): boolean {
  return usps === 'DC' && key.length > 2;
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

function clean(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Quotes a field value for the basis sentence; very long free text is cut so the sentence stays short. */
function quote(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}…` : value;
  return JSON.stringify(short);
}
