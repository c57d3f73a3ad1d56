/**
 * Address resolution checked against the maintained datasets' own data, not spellings chosen to pass: every
 * country name of a spread of CLDR locales (many scripts) and of every i18n-iso-countries language must resolve
 * to that country or be reported ambiguous — never to another country. US ZIP codes against the zipcodes
 * package's table, Canadian postcodes against its FSA list (Canada Post first letters).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { iso31662 } from 'iso-3166';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostalAddress } from '../../shared/domain.js';
import { resolveJurisdiction } from '../../shared/jurisdiction/resolve.js';
import { normaliseKey, type GeoTables } from '../../shared/jurisdiction/tables.js';
import { loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';

const require = createRequire(import.meta.url);
let tables: GeoTables;
let alpha2: Set<string>;
let ruleCodes: string[];

beforeAll(() => {
  const loaded = loadJurisdictionData();
  if (!loaded.ok) throw new Error(loaded.error.message);
  tables = loaded.value.tables;
  ruleCodes = loaded.value.rules.map((rule) => rule.code);
  alpha2 = new Set(Object.keys((require('i18n-iso-countries') as { getAlpha2Codes(): Record<string, string> }).getAlpha2Codes()));
});

function address(parts: Partial<PostalAddress>): PostalAddress {
  return { street: null, city: null, state: null, postalCode: null, country: null, stateCode: null, countryCode: null, ...parts };
}

/** The code a country resolves to on its own: US territories are ISO 3166-2 under US. */
function expectedCode(alpha: string): string {
  return ['PR', 'GU', 'VI', 'AS', 'MP', 'UM'].includes(alpha) ? `US-${alpha}` : alpha;
}

/** Locales across scripts: Latin, Greek, Cyrillic, Arabic, Hebrew, Devanagari, Bengali, Tamil, Thai, CJK, Hangul, Georgian, Armenian, Ethiopic… */
const CLDR_LOCALES = [
  'hr', 'el', 'hu', 'ja', 'ko', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'fi', 'pl', 'cs', 'ro', 'tr', 'vi', 'id',
  'ru', 'uk', 'bg', 'sr', 'sr-Latn', 'ar', 'fa', 'he', 'hi', 'bn', 'ta', 'th', 'zh', 'zh-Hant', 'ka', 'hy', 'am',
  'sw', 'yo', 'ga', 'cy', 'is', 'lt', 'lv', 'et', 'sl', 'sk', 'mt', 'da', 'nb', 'ms', 'fil',
];

interface Outcome {
  resolved: number;
  ambiguous: string[];
  isoCodeOfAnother: string[];
  wrong: string[];
}

/** Resolves every (name, alpha-2) pair and sorts the outcomes; `wrong` must stay empty. */
function resolveAll(pairs: readonly (readonly [string, string, string])[]): Outcome {
  const outcome: Outcome = { resolved: 0, ambiguous: [], isoCodeOfAnother: [], wrong: [] };
  for (const [name, code, where] of pairs) {
    const match = resolveJurisdiction(address({ country: name }), tables);
    if (match.code === expectedCode(code)) outcome.resolved++;
    else if (match.code === 'ZZ' && match.basis.includes('ambiguous')) outcome.ambiguous.push(`${where} ${name} (${code})`);
    else if (/^[A-Za-z.]{2,4}$/.test(name) && / \(ISO alpha-[23] code\)/.test(match.basis)) outcome.isoCodeOfAnother.push(`${where} ${name}`);
    else outcome.wrong.push(`${where} ${name} (${code}) → ${match.code}: ${match.basis}`);
  }
  return outcome;
}

describe('country names from Unicode CLDR', () => {
  it('resolve in each of 51 locales to their own country, or are reported ambiguous', () => {
    const main = join(dirname(require.resolve('cldr-localenames-full/package.json')), 'main');
    const pairs: [string, string, string][] = [];
    for (const locale of CLDR_LOCALES) {
      const file = JSON.parse(readFileSync(join(main, locale, 'territories.json'), 'utf8')) as {
        main: Record<string, { localeDisplayNames: { territories: Record<string, string> } }>;
      };
      for (const [key, name] of Object.entries(file.main[locale]?.localeDisplayNames.territories ?? {})) {
        const code = /^([A-Z]{2})(-alt-[a-z]+)?$/.exec(key)?.[1];
        if (code !== undefined && alpha2.has(code)) pairs.push([name, code, locale]);
      }
    }
    expect(pairs.length).toBeGreaterThan(CLDR_LOCALES.length * 240);
    const outcome = resolveAll(pairs);
    expect(outcome.wrong).toEqual([]);
    expect(outcome.resolved / pairs.length).toBeGreaterThan(0.99);
    // Names that are, letter for letter, another country's ISO code (Spanish "RU" for Reino Unido) resolve as the code.
    expect(outcome.isoCodeOfAnother.length).toBeLessThan(10);
  });
});

describe('country names from i18n-iso-countries', () => {
  it('resolve in every one of its languages to their own country, or are reported ambiguous', () => {
    const langs = join(dirname(require.resolve('i18n-iso-countries/package.json')), 'langs');
    const pairs: [string, string, string][] = [];
    const files = (require('node:fs') as typeof import('node:fs')).readdirSync(langs).filter((f) => f.endsWith('.json'));
    for (const file of files) {
      const data = JSON.parse(readFileSync(join(langs, file), 'utf8')) as { locale: string; countries: Record<string, string | string[]> };
      for (const [code, names] of Object.entries(data.countries)) {
        for (const name of typeof names === 'string' ? [names] : names) pairs.push([name, code, data.locale]);
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(75);
    const outcome = resolveAll(pairs);
    expect(outcome.wrong).toEqual([]);
    expect(outcome.resolved / pairs.length).toBeGreaterThan(0.99);
  });
});

describe('subdivision names from the iso-3166 package, country blank', () => {
  it('place a state of every other country with a rule in that country, or leave it unresolved — never in another country', () => {
    const wrong: string[] = [];
    let placed = 0;
    const covered = new Set(ruleCodes.map((code) => code.slice(0, 2)));
    const others = iso31662.filter((s) => covered.has(s.code.slice(0, 2)) && !['US', 'CA', 'AU'].includes(s.code.slice(0, 2)));
    expect(others.length).toBeGreaterThan(1000);
    for (const { code, name } of others) {
      const match = resolveJurisdiction(address({ state: name }), tables);
      const country = code.slice(0, 2);
      if (match.code === expectedCode(country)) placed++;
      else if (match.code !== 'ZZ') wrong.push(`${code} ${name} → ${match.code}`);
    }
    expect(wrong).toEqual([]);
    expect(placed / others.length).toBeGreaterThan(0.9);
    const uncovered = iso31662.filter((s) => !covered.has(s.code.slice(0, 2)));
    const placedUncovered = uncovered.filter((s) => resolveJurisdiction(address({ state: s.name }), tables).code === s.code.slice(0, 2));
    expect(placedUncovered).toEqual([]); // "North" (Cameroon) or "Santiago" (Dominican Republic) alone place nobody
  });

  it.each([
    ['Bayern', 'DE'],
    ['Nordrhein-Westfalen', 'DE'],
    ['Scotland', 'GB'],
    ['Île-de-France', 'FR'],
    ['Catalunya', 'ES'],
  ])('%s alone → %s (low)', (state, code) => {
    expect(resolveJurisdiction(address({ state }), tables)).toMatchObject({ code, confidence: 'low' });
  });

  it('leaves a name two countries use unresolved and says so', () => {
    const limburg = resolveJurisdiction(address({ state: 'Limburg' }), tables);
    expect(limburg.code).toBe('ZZ');
    expect(limburg.basis).toMatch(/^Country blank; State "Limburg" is ambiguous \(.+\): not resolved$/);
    expect(limburg.basis).toContain('BE');
    expect(limburg.basis).toContain('NL');
    expect(resolveJurisdiction(address({ state: 'Distrito Federal' }), tables).code).toBe('ZZ'); // Mexico City's former name, and Brazil's
    expect(resolveJurisdiction(address({ state: 'Bayern' }), tables).basis).toBe('Country blank; State "Bayern" is ISO 3166-2 DE-BY (Bayern) → DE');
  });
});

describe('normalisation', () => {
  it('gives plain-ASCII text (fast path) and the same text with accents or typographic marks the same key', () => {
    const pairs: [string, string][] = [
      ["Cote d'Ivoire", 'Côte d’Ivoire'],
      ['St. Kitts & Nevis', 'St. Kitts ＆ Nevis'],
      ['Sao Tome and Principe', 'São Tomé and Príncipe'],
      ['Etats-Unis', 'États\u2011Unis'],
      ['Reunion', 'Réunion\u200B'],
      ['  the   Bahamas ', '\uFEFFThe Bahamas'],
    ];
    for (const [ascii, typographic] of pairs) expect(normaliseKey(typographic), typographic).toBe(normaliseKey(ascii));
  });

  it('keeps the accents in the exact key and drops them only on Latin and Greek letters', () => {
    expect(normaliseKey('Mỹ', { keepAccents: true })).toBe('mỹ');
    expect(normaliseKey('Mỹ')).toBe('my');
    expect(normaliseKey('ΕΛΛΆΔΑ')).toBe('ελλαδα');
    expect(normaliseKey('भारत')).toBe('भारत'); // Devanagari vowel signs are letters' parts, not accents
    expect(normaliseKey('Йемен')).toBe('йемен');
  });

  it('reports what the name build set aside', () => {
    const loaded = loadJurisdictionData();
    if (!loaded.ok) throw new Error(loaded.error.message);
    const { names } = loaded.value;
    expect(names.locales.cldr).toBeGreaterThan(600);
    expect(names.locales.i18n).toBeGreaterThanOrEqual(75);
    expect(names.ambiguousTranslations).toBeGreaterThan(5);
    expect(names.shadowedTranslations).toContainEqual({ key: 'nga', code: 'RU', locale: 'vi', keptCode: 'NG' });
    expect(tables.ambiguousCountryKeys.get('kongo')).toEqual(expect.arrayContaining(['CG', 'CD']));
  });
});

describe('the named failures of issue 8', () => {
  it.each([
    ['Hrvatska', 'HR'],
    ['Ελλάδα', 'GR'],
    ['ΕΛΛΑΔΑ', 'GR'],
    ['Magyarország', 'HU'],
    ['Magyarorszag', 'HU'],
    ['日本', 'JP'],
    ['대한민국', 'KR'],
    ['Schweden', 'SE'],
    ['Netherlands, The', 'NL'],
    ['Korea (South)', 'KR'],
    ['Korea, South', 'KR'],
    ['Virgin Islands (British)', 'VG'],
    ['U.S.A.', 'US'],
    ['Mỹ', 'US'],
    ['Áo', 'AT'],
    ['Bỉ', 'BE'],
    ['Россия', 'RU'],
    ['中国', 'CN'],
    ['台灣', 'TW'],
    ['भारत', 'IN'],
    ['ＵＳＡ', 'US'],
    ['Ger\u200Bmany', 'DE'],
    ['\uFEFF  United   Kingdom  ', 'GB'],
    ['Neder\u00ADland', 'NL'],
  ])('%s → %s', (country, code) => {
    expect(resolveJurisdiction(address({ country }), tables).code).toBe(code);
  });

  it.each([
    ['United States (USA)', 'US'],
    ['USA - United States', 'US'],
    ['Deutschland (Germany)', 'DE'],
    ['The Netherlands (NL)', 'NL'],
    ['Schweiz/Suisse', 'CH'],
    ['Korea, Republic Of (South Korea)', 'KR'],
    ['Congo (Brazzaville)', 'CG'],
  ])('%s, one country written twice → %s', (country, code) => {
    expect(resolveJurisdiction(address({ country }), tables).code).toBe(code);
  });

  it('leaves two countries written together unresolved', () => {
    expect(resolveJurisdiction(address({ country: 'Georgia (USA)' }), tables).basis).toBe('Country "Georgia (USA)" names GE and US: not resolved');
    expect(resolveJurisdiction(address({ country: 'Austria / Australia' }), tables).code).toBe('ZZ');
    expect(resolveJurisdiction(address({ country: 'Germany (Atlantis)' }), tables).code).toBe('ZZ');
    expect(resolveJurisdiction(address({ country: 'Deutschland (Germany)' }), tables).basis).toBe(
      'Country "Deutschland (Germany)" → DE (every part names it: "Deutschland" (alias), "Germany" (English name))',
    );
  });

  it('reads "Calif." and a zero-width state', () => {
    expect(resolveJurisdiction(address({ country: 'U.S.A.', state: 'Calif.' }), tables).code).toBe('US-CA');
    expect(resolveJurisdiction(address({ country: 'USA', state: 'New\u200B York' }), tables).code).toBe('US-NY');
    expect(resolveJurisdiction(address({ country: '\u200B', state: ' Québec ' }), tables).code).toBe('CA-QC');
  });

  it('says which dataset and word order decided', () => {
    expect(resolveJurisdiction(address({ country: 'Ελλάδα' }), tables, 'Mailing').basis).toBe('MailingCountry "Ελλάδα" → GR (name in locale el, Unicode CLDR)');
    expect(resolveJurisdiction(address({ country: 'Netherlands, The' }), tables).basis).toBe(
      'Country "Netherlands, The" read as "The Netherlands" → NL (English name)',
    );
  });
});

describe('near misses never resolve to a wrong country', () => {
  it.each([
    ['Austira'], ['Australai'], ['Irann'], ['Iraqq'], ['Nigerr'], ['Nigerria'], ['Malli'], ['Mallawi'], ['Dominicaa'],
    ['Dominican'], ['Sudann'], ['Guinae'], ['Kongo Republic'], ['Congo'], ['Swedenn'], ['Germany Inc'],
    ['United States Minor'], ['N/A'], ['Unknown'], ['ZZ'], ['Europe'], ['European Union'], ['world'], ['Africa'],
  ])('%s is unresolved', (country) => {
    const match = resolveJurisdiction(address({ country }), tables);
    expect({ code: match.code, confidence: match.confidence }).toEqual({ code: 'ZZ', confidence: 'none' });
  });

  it.each([
    ['Niger', 'NE'], ['Nigeria', 'NG'], ['Iran', 'IR'], ['Iraq', 'IQ'], ['Mali', 'ML'], ['Malawi', 'MW'], ['Dominica', 'DM'],
    ['Dominican Republic', 'DO'], ['Sudan', 'SD'], ['South Sudan', 'SS'], ['Austria', 'AT'], ['Australia', 'AU'],
    ['Guinea', 'GN'], ['Guinea-Bissau', 'GW'], ['Equatorial Guinea', 'GQ'], ['Papua New Guinea', 'PG'], ['MY', 'MY'], ['AO', 'AO'],
    ['BI', 'BI'], ['NGA', 'NG'],
  ])('the close pair member %s stays %s', (country, code) => {
    expect(resolveJurisdiction(address({ country }), tables).code).toBe(code);
  });
});

describe('US ZIP codes against the zipcodes package table', () => {
  const codes = (): Record<string, { zip: string; state: string; country: string }> =>
    (require('zipcodes/lib/codes.js') as { codes: Record<string, { zip: string; state: string; country: string }> }).codes;

  it('place every 25th listed ZIP code, state blank, in the state the table gives', () => {
    const rows = Object.values(codes()).filter((row) => row.country === 'US');
    const sample = rows.filter((_, i) => i % 25 === 0);
    const wrong: string[] = [];
    for (const row of sample) {
      const expected = ['AA', 'AE', 'AP', 'FM', 'MH', 'PW'].includes(row.state) ? 'US' : `US-${row.state}`;
      const got = resolveJurisdiction(address({ country: 'United States', postalCode: row.zip }), tables).code;
      if (got !== expected) wrong.push(`${row.zip} ${row.state} → ${got}`);
    }
    expect(sample.length).toBeGreaterThan(1500);
    expect(wrong).toEqual([]);
  });

  it('words the prefix, the prefixes spanning two states and ZIP+4', () => {
    expect(resolveJurisdiction(address({ country: 'US', postalCode: '02139' }), tables, 'Mailing').basis).toBe(
      'MailingCountry "US" → US (ISO alpha-2 code); MailingState blank; MailingPostalCode "02139" (ZIP prefix 021 → MA) → US-MA',
    );
    expect(resolveJurisdiction(address({ country: 'USA', postalCode: '06390' }), tables).code).toBe('US-NY'); // Fishers Island, NY, prefix of CT
    expect(resolveJurisdiction(address({ country: 'USA', postalCode: '06405-1234' }), tables).code).toBe('US-CT');
    expect(resolveJurisdiction(address({ country: 'USA', postalCode: '96799' }), tables).code).toBe('US-AS'); // Pago Pago, prefix shared with HI
    expect(resolveJurisdiction(address({ country: 'USA', state: 'Narnia', postalCode: '73301' }), tables).code).toBe('US-TX');
    expect(resolveJurisdiction(address({ country: 'USA', postalCode: '00000' }), tables)).toMatchObject({ code: 'US' });
    expect(resolveJurisdiction(address({ country: 'USA', state: 'NY', postalCode: '90210' }), tables).code).toBe('US-NY'); // the State field wins
  });
});

describe('Canadian postcodes against the zipcodes package FSA list (Canada Post first letters)', () => {
  const PROVINCES: Record<string, string> = {
    Alberta: 'AB', 'British Columbia': 'BC', Manitoba: 'MB', 'New Brunswick': 'NB', 'Newfoundland and Labrador': 'NL',
    'Nova Scotia': 'NS', 'Prince Edward Island': 'PE', Quebec: 'QC', Saskatchewan: 'SK', Yukon: 'YT', Ontario: 'ON',
    'Northwest Territory': 'NT', 'Nunavut Territory': 'NU',
  };

  it('place every forward sortation area of a province, province blank', () => {
    const fsas = Object.values((require('zipcodes/lib/codesCanada.js') as { codes: Record<string, { zip: string; state: string }> }).codes);
    const wrong: string[] = [];
    let checked = 0;
    for (const { zip, state } of fsas) {
      const province = PROVINCES[state];
      if (province === undefined) continue;
      checked++;
      const expected = province === 'QC' || province === 'AB' ? `CA-${province}` : 'CA';
      const match = resolveJurisdiction(address({ country: 'Canada', postalCode: `${zip} 1A1` }), tables);
      const names = province === 'NT' || province === 'NU' ? 'NT or NU' : province;
      if (match.code !== expected || !match.basis.includes(`starts with ${zip.charAt(0)} (${names})`)) wrong.push(`${zip} ${state} → ${match.code}`);
    }
    expect(checked).toBeGreaterThan(1500);
    expect(wrong).toEqual([]);
  });
});
