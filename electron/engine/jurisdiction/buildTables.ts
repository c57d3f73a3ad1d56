/**
 * Turns the validated name data (aliases.json, subdivisions.json, the ISO list, CLDR and i18n-iso-countries
 * translations, the ZIP table) into the normalised lookup maps of `GeoTables`, once per process.
 * A key that would name two different places is set aside as ambiguous, never resolved to either.
 */
import {
  normaliseKey,
  type AuStateKeyKind,
  type CaProvinceKeyKind,
  type CountryKeyHit,
  type ForeignSubdivisionHit,
  type GeoTables,
  type SubdivisionKeyHit,
  type UsStateKeyKind,
} from '../../../shared/jurisdiction/tables.js';
import type { SubdivisionFile } from './nameSchemas.js';
import type { AliasFile, EnglishCountryNames } from './schemas.js';

/** EU member states (27) and the EEA states that apply GDPR (IS, LI, NO). Greece is GR here, never EL. */
const EU_EEA = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
] as const;

/** A country's name in one language or script, as a maintained dataset spells it. */
export interface CountryTranslation {
  name: string;
  code: string; // alpha-2
  locale: string; // "el", "ja", "de-CH"; prefixed "i18n:" when from i18n-iso-countries
}

/** Everything `buildGeoTables` is built from, already read and validated by the loader. */
export interface GeoSources {
  aliases: AliasFile;
  englishNames: EnglishCountryNames;
  alpha3ByAlpha2: Readonly<Record<string, string>>;
  translations: readonly CountryTranslation[];
  subdivisions: SubdivisionFile;
  /** ISO 3166-2 subdivisions of every country (iso-3166 package): code ("DE-BY") and name. */
  isoSubdivisions: readonly { code: string; name: string }[];
  /** The countries the rules cover (alpha-2): only their subdivision names place an address with the country blank. */
  ruleCountries: ReadonlySet<string>;
  /** [ZIP, USPS state] pairs of the US ZIP table. */
  zipStates: readonly (readonly [string, string])[];
}

/** What the build set aside, for the load report and the tests: never silent. */
export interface GeoBuildReport {
  /** Curated keys (aliases.json, subdivisions.json) dropped because they named two places, or lost to an ISO name. */
  warnings: string[];
  /** Translations whose key an English name or alias already gives to another country (the curated entry wins). */
  shadowedTranslations: { key: string; code: string; locale: string; keptCode: string }[];
  /** Translation keys that name two or more countries across the datasets' locales: unresolved. */
  ambiguousTranslations: number;
}

/** Builds the resolver's tables from the loaded sources. */
export function buildGeoTables(sources: GeoSources): { tables: GeoTables; report: GeoBuildReport } {
  const warnings: string[] = [];
  const alpha2 = new Set(Object.keys(sources.alpha3ByAlpha2));
  const alpha3ToAlpha2 = new Map(Object.entries(sources.alpha3ByAlpha2).map(([two, three]) => [three.toUpperCase(), two] as const));
  const countryNames = new Map<string, string>();
  for (const [code, names] of Object.entries(sources.englishNames)) {
    const first = typeof names === 'string' ? names : names[0];
    if (first !== undefined) countryNames.set(code, first);
  }
  const stripped = buildCountryKeys(sources, alpha2, (text) => normaliseKey(text));
  const exact = buildCountryKeys(sources, alpha2, (text) => normaliseKey(text, { keepAccents: true }));
  warnings.push(...stripped.warnings);

  const usEntries: [string, SubdivisionKeyHit<UsStateKeyKind>][] = [];
  const usStateNames = new Map<string, string>();
  for (const [code, state] of Object.entries(sources.aliases.usStates)) {
    usStateNames.set(code, state.name);
    usEntries.push([normaliseKey(code), { code, kind: 'code' }], [normaliseKey(state.name), { code, kind: 'name' }]);
    for (const abbreviation of state.abbreviations) usEntries.push([normaliseKey(abbreviation), { code, kind: 'abbreviation' }]);
    for (const misspelling of state.misspellings) usEntries.push([normaliseKey(misspelling), { code, kind: 'misspelling' }]);
  }
  const us = uniqueKeys(usEntries);
  for (const [key, codes] of us.ambiguous) warnings.push(`US state key "${key}" names ${codes.join(' and ')}: dropped`);

  const caEntries: [string, SubdivisionKeyHit<CaProvinceKeyKind>][] = [];
  const caProvinceNames = new Map<string, string>();
  for (const [code, province] of Object.entries(sources.aliases.caProvinces)) {
    caProvinceNames.set(code, province.nameEn);
    caEntries.push([normaliseKey(code), { code, kind: 'code' }], [normaliseKey(province.nameEn), { code, kind: 'name' }]);
    caEntries.push([normaliseKey(province.nameFr), { code, kind: 'nameFr' }]);
    for (const alias of province.aliases) caEntries.push([normaliseKey(alias), { code, kind: 'alias' }]);
  }
  const ca = uniqueKeys(caEntries);
  for (const [key, codes] of ca.ambiguous) warnings.push(`Canadian province key "${key}" names ${codes.join(' and ')}: dropped`);

  const auEntries: [string, SubdivisionKeyHit<AuStateKeyKind>][] = [];
  const auStateNames = new Map<string, string>();
  for (const [code, state] of Object.entries(sources.subdivisions.auStates)) {
    auStateNames.set(code, state.name);
    auEntries.push([normaliseKey(code), { code, kind: 'code' }], [normaliseKey(state.name), { code, kind: 'name' }]);
    for (const alias of state.aliases) auEntries.push([normaliseKey(alias), { code, kind: 'alias' }]);
  }
  const au = uniqueKeys(auEntries);
  for (const [key, codes] of au.ambiguous) warnings.push(`Australian state key "${key}" names ${codes.join(' and ')}: dropped`);

  const foreign = foreignSubdivisions(sources.isoSubdivisions, sources.ruleCountries, sources.subdivisions.sharedNames);

  const caPostalFirstLetter = new Map(Object.entries(sources.aliases.caPostalFirstLetter).map(([letter, codes]) => [letter, codes.split('|')] as const));
  const { usZip, usZipPrefix } = zipTables(sources.zipStates);

  return {
    tables: {
      countryByKey: stripped.byKey,
      ambiguousCountryKeys: stripped.ambiguous,
      countryByExactKey: exact.byKey,
      ambiguousExactKeys: exact.ambiguous,
      alpha2,
      alpha3ToAlpha2,
      countryNames,
      usStateByKey: us.unique,
      usStateNames,
      caProvinceByKey: ca.unique,
      caProvinceNames,
      auStateByKey: au.unique,
      auStateNames,
      subdivisionByKey: foreign.unique,
      ambiguousSubdivisionKeys: foreign.ambiguous,
      caPostalFirstLetter,
      usZipPrefix,
      usZip,
      euEea: new Set(EU_EEA),
    },
    report: { warnings, shadowedTranslations: stripped.shadowedTranslations, ambiguousTranslations: stripped.ambiguousTranslations },
  };
}

/**
 * One country key map: English names first, then aliases.json, then the translations; keys that name two
 * countries within a tier are ambiguous (a curated tier's entry beats a translation's). `keyOf` decides
 * whether accents are kept (the exact map, tried first) or stripped.
 */
function buildCountryKeys(sources: GeoSources, alpha2: ReadonlySet<string>, keyOf: (text: string) => string) {
  const warnings: string[] = [];
  const nameEntries: [string, CountryKeyHit][] = Object.entries(sources.englishNames).flatMap(([code, names]) =>
    (typeof names === 'string' ? [names] : names).map((name) => [keyOf(name), { code, kind: 'name' }] as [string, CountryKeyHit]),
  );
  const aliasEntries: [string, CountryKeyHit][] = Object.entries(sources.aliases.countryAliases).flatMap(([code, list]) =>
    list.map((alias) => [keyOf(alias), { code, kind: 'alias' }] as [string, CountryKeyHit]),
  );
  const names = uniqueKeys(nameEntries);
  const aliasKeys = uniqueKeys(aliasEntries);
  const byKey = new Map(names.unique);
  const ambiguous = new Map<string, readonly string[]>(names.ambiguous);
  for (const [key, codes] of aliasKeys.ambiguous) {
    warnings.push(`country alias "${key}" names ${codes.join(' and ')}: dropped`);
    if (!byKey.has(key)) ambiguous.set(key, codes);
  }
  for (const [key, hit] of aliasKeys.unique) {
    const byName = byKey.get(key);
    const byAmbiguousName = ambiguous.get(key);
    if (byName === undefined && byAmbiguousName === undefined) byKey.set(key, hit);
    else if (byName !== undefined && byName.code !== hit.code) warnings.push(`country alias "${key}" → ${hit.code} shadowed by the ISO name → ${byName.code}`);
    else if (byAmbiguousName !== undefined) warnings.push(`country alias "${key}" → ${hit.code} not used: the ISO name is ambiguous (${byAmbiguousName.join(', ')})`);
  }
  const translationEntries: [string, CountryKeyHit][] = sources.translations
    .filter((t) => alpha2.has(t.code))
    .map((t) => [keyOf(t.name), { code: t.code, kind: 'translation', locale: t.locale }]);
  const translations = uniqueKeys(translationEntries);
  const shadowedTranslations: GeoBuildReport['shadowedTranslations'] = [];
  let ambiguousTranslations = 0;
  for (const [key, codes] of translations.ambiguous) {
    if (byKey.has(key) || ambiguous.has(key)) continue;
    ambiguous.set(key, codes);
    ambiguousTranslations++;
  }
  for (const [key, hit] of translations.unique) {
    const curated = byKey.get(key);
    if (curated === undefined && !ambiguous.has(key)) byKey.set(key, hit);
    else if (curated !== undefined && curated.code !== hit.code) shadowedTranslations.push({ key, code: hit.code, locale: hit.locale ?? '', keptCode: curated.code });
  }
  return { byKey, ambiguous, warnings, shadowedTranslations, ambiguousTranslations };
}

/**
 * Subdivision names of the countries the rules cover, other than those with a table of their own (US, CA, AU);
 * names of four letters or fewer are left out. A name any other country also uses (in the ISO list or in
 * subdivisions.json → sharedNames) is ambiguous. Limited to rule countries so that a generic or city-like name of
 * a country without a rule ("North" in Cameroon, "Santiago" in the Dominican Republic) never places anyone.
 */
function foreignSubdivisions(
  subdivisions: readonly { code: string; name: string }[],
  ruleCountries: ReadonlySet<string>,
  sharedNames: Readonly<Record<string, string | readonly string[]>>,
): { unique: Map<string, ForeignSubdivisionHit>; ambiguous: Map<string, string[]> } {
  const entries: [string, ForeignSubdivisionHit][] = [];
  for (const { code, name } of subdivisions) {
    const country = code.slice(0, 2);
    if (['US', 'CA', 'AU'].includes(country)) continue;
    const key = normaliseKey(name);
    if (key.length > 4) entries.push([key, { code: country, iso: code, name }]);
  }
  const { unique, ambiguous } = uniqueKeys(entries);
  for (const [name, countries] of Object.entries(sharedNames)) {
    if (typeof countries === 'string') continue;
    const key = normaliseKey(name);
    unique.delete(key);
    ambiguous.set(key, [...countries]);
  }
  for (const [key, hit] of unique) if (!ruleCountries.has(hit.code)) unique.delete(key);
  return { unique, ambiguous };
}

/** ZIP → state, and each three-digit prefix → the states its ZIP codes are in. */
function zipTables(zipStates: readonly (readonly [string, string])[]): { usZip: Map<string, string>; usZipPrefix: Map<string, string[]> } {
  const usZip = new Map<string, string>();
  const byPrefix = new Map<string, Set<string>>();
  for (const [zip, state] of zipStates) {
    if (!/^\d{5}$/.test(zip)) continue;
    usZip.set(zip, state);
    const prefix = zip.slice(0, 3);
    const states = byPrefix.get(prefix) ?? new Set<string>();
    states.add(state);
    byPrefix.set(prefix, states);
  }
  const usZipPrefix = new Map([...byPrefix].map(([prefix, states]) => [prefix, [...states].sort()] as const));
  return { usZip, usZipPrefix };
}

/**
 * Keeps the first entry of each key (so a code beats a name beats an alias for the same place) and sets
 * aside keys that point at two different codes.
 */
function uniqueKeys<H extends { code: string }>(entries: readonly [string, H][]): { unique: Map<string, H>; ambiguous: Map<string, string[]> } {
  const unique = new Map<string, H>();
  const ambiguous = new Map<string, string[]>();
  for (const [key, hit] of entries) {
    if (key === '') continue;
    const clash = ambiguous.get(key);
    if (clash !== undefined) {
      if (!clash.includes(hit.code)) clash.push(hit.code);
      continue;
    }
    const first = unique.get(key);
    if (first === undefined) unique.set(key, hit);
    else if (first.code !== hit.code) {
      unique.delete(key);
      ambiguous.set(key, [first.code, hit.code]);
    }
  }
  return { unique, ambiguous };
}
