/**
 * Turns the validated alias file and the ISO country list into the normalised lookup maps of `GeoTables`.
 * A key that would name two different places is dropped and reported, never resolved to either.
 */
import {
  normaliseKey,
  type CaProvinceKeyKind,
  type CountryKeyHit,
  type GeoTables,
  type SubdivisionKeyHit,
  type UsStateKeyKind,
} from '../../../shared/jurisdiction/tables.js';
import type { AliasFile, EnglishCountryNames } from './schemas.js';

/** EU member states (27) and the EEA states that apply GDPR (IS, LI, NO). Greece is GR here, never EL. */
const EU_EEA = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
] as const;

/** Builds the resolver's tables; `warnings` lists every key dropped or shadowed, for the load report. */
export function buildGeoTables(
  aliases: AliasFile,
  englishNames: EnglishCountryNames,
  alpha3ByAlpha2: Readonly<Record<string, string>>,
): { tables: GeoTables; warnings: string[] } {
  const warnings: string[] = [];
  const alpha2 = new Set(Object.keys(alpha3ByAlpha2));
  const alpha3ToAlpha2 = new Map(Object.entries(alpha3ByAlpha2).map(([two, three]) => [three.toUpperCase(), two] as const));
  const countryNames = new Map<string, string>();
  const nameEntries: [string, CountryKeyHit][] = [];
  for (const [code, names] of Object.entries(englishNames)) {
    const list = typeof names === 'string' ? [names] : names;
    if (list[0] !== undefined) countryNames.set(code, list[0]);
    for (const name of list) nameEntries.push([normaliseKey(name), { code, kind: 'name' }]);
  }
  const aliasEntries: [string, CountryKeyHit][] = Object.entries(aliases.countryAliases).flatMap(([code, list]) =>
    list.map((alias) => [normaliseKey(alias), { code, kind: 'alias' }] as [string, CountryKeyHit]),
  );
  const names = uniqueKeys(nameEntries);
  const aliasKeys = uniqueKeys(aliasEntries);
  const countryByKey = new Map(names.unique);
  const ambiguousCountryKeys = new Map(names.ambiguous);
  for (const [key, codes] of aliasKeys.ambiguous) {
    warnings.push(`country alias "${key}" names ${codes.join(' and ')}: dropped`);
    if (!countryByKey.has(key)) ambiguousCountryKeys.set(key, codes);
  }
  for (const [key, hit] of aliasKeys.unique) {
    const byName = countryByKey.get(key);
    const byAmbiguousName = ambiguousCountryKeys.get(key);
    if (byName === undefined && byAmbiguousName === undefined) countryByKey.set(key, hit);
    else if (byName !== undefined && byName.code !== hit.code) warnings.push(`country alias "${key}" → ${hit.code} shadowed by the ISO name → ${byName.code}`);
    else if (byAmbiguousName !== undefined) warnings.push(`country alias "${key}" → ${hit.code} not used: the ISO name is ambiguous (${byAmbiguousName.join(', ')})`);
  }

  const usEntries: [string, SubdivisionKeyHit<UsStateKeyKind>][] = [];
  const usStateNames = new Map<string, string>();
  for (const [code, state] of Object.entries(aliases.usStates)) {
    usStateNames.set(code, state.name);
    usEntries.push([normaliseKey(code), { code, kind: 'code' }], [normaliseKey(state.name), { code, kind: 'name' }]);
    for (const abbreviation of state.abbreviations) usEntries.push([normaliseKey(abbreviation), { code, kind: 'abbreviation' }]);
    for (const misspelling of state.misspellings) usEntries.push([normaliseKey(misspelling), { code, kind: 'misspelling' }]);
  }
  const us = uniqueKeys(usEntries);
  for (const [key, codes] of us.ambiguous) warnings.push(`US state key "${key}" names ${codes.join(' and ')}: dropped`);

  const caEntries: [string, SubdivisionKeyHit<CaProvinceKeyKind>][] = [];
  const caProvinceNames = new Map<string, string>();
  for (const [code, province] of Object.entries(aliases.caProvinces)) {
    caProvinceNames.set(code, province.nameEn);
    caEntries.push([normaliseKey(code), { code, kind: 'code' }], [normaliseKey(province.nameEn), { code, kind: 'name' }]);
    caEntries.push([normaliseKey(province.nameFr), { code, kind: 'nameFr' }]);
    for (const alias of province.aliases) caEntries.push([normaliseKey(alias), { code, kind: 'alias' }]);
  }
  const ca = uniqueKeys(caEntries);
  for (const [key, codes] of ca.ambiguous) warnings.push(`Canadian province key "${key}" names ${codes.join(' and ')}: dropped`);

  const caPostalFirstLetter = new Map(Object.entries(aliases.caPostalFirstLetter).map(([letter, codes]) => [letter, codes.split('|')] as const));

  return {
    tables: {
      countryByKey,
      ambiguousCountryKeys,
      alpha2,
      alpha3ToAlpha2,
      countryNames,
      usStateByKey: us.unique,
      usStateNames,
      caProvinceByKey: ca.unique,
      caProvinceNames,
      caPostalFirstLetter,
      euEea: new Set(EU_EEA),
    },
    warnings,
  };
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
