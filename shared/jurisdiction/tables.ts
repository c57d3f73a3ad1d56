/**
 * The lookup tables the pure jurisdiction resolver needs. Built once by the engine from
 * resources/jurisdictions/*.json, i18n-iso-countries, Unicode CLDR (cldr-localenames-full) and the
 * zipcodes package; every key of a `…ByKey` map is `normaliseKey`'d.
 */

/**
 * How a country key was found: ISO English name (exact), an alias from aliases.json, or a name in another
 * language or script from CLDR / i18n-iso-countries (`translation`, with the locale it came from).
 */
export type CountryKeyKind = 'name' | 'alias' | 'translation';

export interface CountryKeyHit {
  code: string; // ISO 3166-1 alpha-2
  kind: CountryKeyKind;
  /** For `translation`: the first locale that spells it so ("el", "ja", "de-CH"). */
  locale?: string;
}

/** Which list of aliases.json → usStates a key came from. */
export type UsStateKeyKind = 'code' | 'name' | 'abbreviation' | 'misspelling';

/** Which list of aliases.json → caProvinces a key came from (`nameFr` is the French name). */
export type CaProvinceKeyKind = 'code' | 'name' | 'nameFr' | 'alias';

/** Which list of subdivisions.json → auStates a key came from. */
export type AuStateKeyKind = 'code' | 'name' | 'alias';

export interface SubdivisionKeyHit<K extends string> {
  code: string; // USPS code / Canadian province code / Australian state code, no country prefix
  kind: K;
}

/** A subdivision of a country other than the US, Canada and Australia. */
export interface ForeignSubdivisionHit {
  code: string; // the country, alpha-2
  iso: string; // the ISO 3166-2 code ("DE-BY")
  name: string; // as ISO writes it ("Bayern")
}

export interface GeoTables {
  /** Normalised country name, alias or translation → alpha-2. English names win, then aliases, then translations. */
  countryByKey: ReadonlyMap<string, CountryKeyHit>;
  /** Normalised names that mean two countries ("congo" → CG, CD): never resolved, reported. */
  ambiguousCountryKeys: ReadonlyMap<string, readonly string[]>;
  /**
   * The same names keyed with their accents kept, tried first: accents tell short names apart
   * (Vietnamese "Mỹ" is the US, "MY" Malaysia; "Áo" Austria, "AO" Angola).
   */
  countryByExactKey: ReadonlyMap<string, CountryKeyHit>;
  /** Accent-kept keys that mean two countries. */
  ambiguousExactKeys: ReadonlyMap<string, readonly string[]>;
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
  /** Normalised Australian state/territory code, name or alias → state code ("NSW"). */
  auStateByKey: ReadonlyMap<string, SubdivisionKeyHit<AuStateKeyKind>>;
  /** Australian state code → name ("NSW" → "New South Wales"). */
  auStateNames: ReadonlyMap<string, string>;
  /**
   * Normalised ISO 3166-2 subdivision name of any other country ("bayern", "scotland", "dublin") → its country,
   * from the iso-3166 package; used only to place an address whose country is blank. Names two countries share
   * are in `ambiguousSubdivisionKeys`.
   */
  subdivisionByKey: ReadonlyMap<string, ForeignSubdivisionHit>;
  ambiguousSubdivisionKeys: ReadonlyMap<string, readonly string[]>;
  /** First letter of a Canadian postal code → the province(s) it is used in (X → NT, NU). */
  caPostalFirstLetter: ReadonlyMap<string, readonly string[]>;
  /** First three digits of a US ZIP code → the USPS state code(s) whose ZIP codes start so (063 → CT, NY). */
  usZipPrefix: ReadonlyMap<string, readonly string[]>;
  /** Five-digit US ZIP code → USPS state code, to settle the prefixes that span two states. */
  usZip: ReadonlyMap<string, string>;
  /** EU members and the EEA states under GDPR (IS, LI, NO). */
  euEea: ReadonlySet<string>;
}

/** Invisible characters CRM values pick up from copy and paste: zero-width, joiners, bidi marks, soft hyphen, BOM. */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Printable ASCII: no accent, invisible character or compatibility form to deal with (the fast path). */
const PLAIN = /^[\x20-\x7E]*$/;
/** Combining marks are dropped only after Latin and Greek letters, where they are accents; in other scripts they are letters' parts. */
const ACCENT_ON_LATIN_OR_GREEK = /([\p{Script=Latin}\p{Script=Greek}])\p{M}+/gu;

/**
 * Turns free text into a lookup key so that "Québec", "QUEBEC", " the  Quebec." and "Que\u200Bbec" all meet:
 * NFKC (full-width and compatibility forms), invisible characters removed, accents stripped on Latin and
 * Greek only, case folded (ß → ss, final sigma → σ), full stops and apostrophes removed, other punctuation
 * and symbols turned into spaces, spaces collapsed, a leading English "the" dropped. `keepAccents` keeps
 * the accents (for the exact map tried first).
 */
export function normaliseKey(text: string, options: { keepAccents?: boolean } = {}): string {
  if (PLAIN.test(text)) return text.toLowerCase().replace(/[.'`]/g, '').replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^the /, '');
  const decomposed = text.replace(INVISIBLE, '').normalize('NFKD');
  return (options.keepAccents === true ? decomposed : decomposed.replace(ACCENT_ON_LATIN_OR_GREEK, '$1'))
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/ς/g, 'σ')
    .replace(/[.'’ʼ`´]/g, '')
    .replace(/[\p{P}\p{S}]/gu, ' ')
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
  if (country === 'AU') return tables.auStateNames.get(sub) ?? null;
  return null;
}
