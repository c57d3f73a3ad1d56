/**
 * The lookup tables the pure jurisdiction resolver needs. Built once by the engine from
 * resources/jurisdictions/*.json and i18n-iso-countries; every key of a `…ByKey` map is `normaliseKey`'d.
 */

/** How a country key was found: ISO English name (exact) or an alias from aliases.json. */
export type CountryKeyKind = 'name' | 'alias';

export interface CountryKeyHit {
  code: string; // ISO 3166-1 alpha-2
  kind: CountryKeyKind;
}

/** Which list of aliases.json → usStates a key came from. */
export type UsStateKeyKind = 'code' | 'name' | 'abbreviation' | 'misspelling';

/** Which list of aliases.json → caProvinces a key came from (`nameFr` is the French name). */
export type CaProvinceKeyKind = 'code' | 'name' | 'nameFr' | 'alias';

export interface SubdivisionKeyHit<K extends string> {
  code: string; // USPS code / Canadian province code, no country prefix
  kind: K;
}

export interface GeoTables {
  /** Normalised English country name or alias → alpha-2. Names win over aliases. */
  countryByKey: ReadonlyMap<string, CountryKeyHit>;
  /** Normalised names that mean two countries ("congo" → CG, CD): never resolved, reported. */
  ambiguousCountryKeys: ReadonlyMap<string, readonly string[]>;
  /** Every valid ISO 3166-1 alpha-2 code (upper case). */
  alpha2: ReadonlySet<string>;
  /** Alpha-3 (upper case) → alpha-2. */
  alpha3ToAlpha2: ReadonlyMap<string, string>;
  /** Alpha-2 → the English short name, for display. */
  countryNames: ReadonlyMap<string, string>;
  /** Normalised USPS code, full name, abbreviation or misspelling → USPS code (states, DC, territories, AA/AE/AP). */
  usStateByKey: ReadonlyMap<string, SubdivisionKeyHit<UsStateKeyKind>>;
  /** USPS code → name ("CA" → "California"). */
  usStateNames: ReadonlyMap<string, string>;
  /** Normalised province code, English/French name or alias (PQ, NF …) → province code. */
  caProvinceByKey: ReadonlyMap<string, SubdivisionKeyHit<CaProvinceKeyKind>>;
  /** Province code → English name ("QC" → "Quebec"). */
  caProvinceNames: ReadonlyMap<string, string>;
  /** First letter of a Canadian postal code → the province(s) it is used in (X → NT, NU). */
  caPostalFirstLetter: ReadonlyMap<string, readonly string[]>;
  /** EU members and the EEA states under GDPR (IS, LI, NO). */
  euEea: ReadonlySet<string>;
}

/** Turns free text into a lookup key so that "Québec", "QUEBEC" and " the  Quebec." all meet. */
export function normaliseKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // diacritics left as combining marks by NFKD
    .replace(/ß/g, 'ss') // NFKD leaves ß alone: "Großbritannien" → "grossbritannien"
    .toLowerCase()
    .replace(/[.,'’()]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

/** The ISO 3166-2 name of a US state/territory or Canadian province ("US-CA" → "California"), if known. */
export function isoSubdivisionName(code: string, tables: GeoTables): string | null {
  const [country, sub] = code.split('-');
  if (sub === undefined) return null;
  if (country === 'US') return tables.usStateNames.get(sub) ?? null;
  if (country === 'CA') return tables.caProvinceNames.get(sub) ?? null;
  return null;
}
