/**
 * Reads the maintained name datasets the address resolver is built from: Unicode CLDR territory names in every
 * locale (cldr-localenames-full), i18n-iso-countries' translations, resources/jurisdictions/subdivisions.json and
 * the US ZIP table of the zipcodes package, and the ISO 3166-2 subdivision names of the iso-3166 package. Read once per process by loadTables.ts (about 0.1 s); a missing or
 * reshaped file is a Result naming it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { iso31662 } from 'iso-3166';
import { readValidatedJson } from '../readJsonFile.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import type { CountryTranslation } from './buildTables.js';
import { i18nNamesSchema, subdivisionFileSchema, zipRowSchema, type SubdivisionFile } from './nameSchemas.js';

const require = createRequire(import.meta.url);
/** CLDR territory keys that are countries: `GB`, or a variant `GB-alt-short`, `CZ-alt-variant`. Regions (`150`) and `EU`, `UN` are filtered by alpha-2 later. */
const CLDR_COUNTRY_KEY = /^([A-Z]{2})(-alt-[a-z]+)?$/;

/** The name data besides aliases.json, read and validated. */
export interface NameSources {
  translations: CountryTranslation[];
  subdivisions: SubdivisionFile;
  zipStates: [string, string][];
  isoSubdivisions: { code: string; name: string }[];
  /** How many locales each dataset contributed, for the load report. */
  localeCounts: { cldr: number; i18n: number };
}

/** Reads every name dataset; `resourcesDir` is the folder holding subdivisions.json. */
export function loadNameSources(resourcesDir: string): Result<NameSources> {
  const subdivisions = readValidatedJson(join(resourcesDir, 'subdivisions.json'), subdivisionFileSchema, 'Jurisdiction name data');
  if (!subdivisions.ok) return subdivisions;
  const cldr = readCldrNames();
  if (!cldr.ok) return cldr;
  const i18n = readI18nNames();
  if (!i18n.ok) return i18n;
  const zips = readZipStates();
  if (!zips.ok) return zips;
  return ok({
    translations: distinct([...cldr.value.names, ...i18n.value.names]),
    subdivisions: subdivisions.value,
    zipStates: zips.value,
    isoSubdivisions: iso31662.map(({ code, name }) => ({ code, name })),
    localeCounts: { cldr: cldr.value.locales, i18n: i18n.value.locales },
  });
}

/** Each (name, code) pair once, with the first locale that spells it so: regional locales mostly repeat their language's names. */
function distinct(names: readonly CountryTranslation[]): CountryTranslation[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = `${n.code}\u0000${n.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every country name of every CLDR locale, in locale order (so the basis names the plainest locale first). */
function readCldrNames(): Result<{ names: CountryTranslation[]; locales: number }> {
  const main = join(dirname(require.resolve('cldr-localenames-full/package.json')), 'main');
  if (!existsSync(main)) return fail('NOT_FOUND', `CLDR locale names missing: ${main}`);
  const names: CountryTranslation[] = [];
  let locales = 0;
  for (const locale of readdirSync(main).sort()) {
    const file = join(main, locale, 'territories.json');
    if (!existsSync(file)) continue;
    const territories = readCldrTerritories(file, locale);
    if (!territories.ok) return territories;
    locales++;
    for (const [key, name] of Object.entries(territories.value)) {
      const code = CLDR_COUNTRY_KEY.exec(key)?.[1];
      if (code !== undefined) names.push({ name, code, locale });
    }
  }
  return ok({ names, locales });
}

/**
 * One CLDR territories.json, checked by hand rather than by schema: 680 files are read at start-up, and the
 * shape check is only "main.<locale>.localeDisplayNames.territories is an object of strings".
 */
function readCldrTerritories(file: string, locale: string): Result<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail('BAD_INPUT', `${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const territories = (parsed as { main?: Record<string, { localeDisplayNames?: { territories?: unknown } }> }).main?.[locale]?.localeDisplayNames?.territories;
  if (typeof territories !== 'object' || territories === null) return fail('BAD_INPUT', `${file}: main.${locale}.localeDisplayNames.territories missing`);
  const bad = Object.entries(territories).find(([, name]) => typeof name !== 'string');
  if (bad !== undefined) return fail('BAD_INPUT', `${file}: main.${locale}.localeDisplayNames.territories.${bad[0]}: not a string`);
  return ok(territories as Record<string, string>);
}

/** The translations of i18n-iso-countries (about 80 languages), official and alternative names. */
function readI18nNames(): Result<{ names: CountryTranslation[]; locales: number }> {
  const langs = join(dirname(require.resolve('i18n-iso-countries/package.json')), 'langs');
  const names: CountryTranslation[] = [];
  let locales = 0;
  for (const file of readdirSync(langs).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = readValidatedJson(join(langs, file), i18nNamesSchema, 'Jurisdiction name data');
    if (!parsed.ok) return parsed;
    locales++;
    for (const [code, value] of Object.entries(parsed.value.countries)) {
      for (const name of typeof value === 'string' ? [value] : value) names.push({ name, code, locale: `i18n:${parsed.value.locale}` });
    }
  }
  return ok({ names, locales });
}

/** [ZIP, USPS state] for every US ZIP code in the zipcodes package. */
function readZipStates(): Result<[string, string][]> {
  const file = require.resolve('zipcodes/lib/codes.js');
  const codes = (require(file) as { codes?: unknown }).codes;
  if (typeof codes !== 'object' || codes === null) return fail('BAD_INPUT', `${file}: codes missing`);
  const pairs: [string, string][] = [];
  for (const [zip, row] of Object.entries(codes)) {
    const checked = zipRowSchema.safeParse(row);
    if (!checked.success) return fail('BAD_INPUT', `${file}: codes.${zip}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
    if (checked.data.country === 'US') pairs.push([checked.data.zip, checked.data.state]);
  }
  return ok(pairs);
}

