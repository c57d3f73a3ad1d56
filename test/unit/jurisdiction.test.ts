import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JurisdictionMatch, PostalAddress } from '../../shared/domain.js';
import { jurisdictionResolver, resolveJurisdiction } from '../../shared/jurisdiction/resolve.js';
import { describeJurisdiction, type JurisdictionRule } from '../../shared/jurisdiction/rules.js';
import { isoSubdivisionName, normaliseKey, type GeoTables } from '../../shared/jurisdiction/tables.js';
import { defaultResourcesDir, loadJurisdictionData } from '../../electron/engine/jurisdiction/loadTables.js';

let tables: GeoTables;
let rules: JurisdictionRule[];

beforeAll(() => {
  const loaded = loadJurisdictionData();
  if (!loaded.ok) throw new Error(loaded.error.message);
  tables = loaded.value.tables;
  rules = loaded.value.rules;
});

type AddressParts = Partial<PostalAddress>;
function address(parts: AddressParts): PostalAddress {
  return { street: null, city: null, state: null, postalCode: null, country: null, stateCode: null, countryCode: null, ...parts };
}

type Case = [label: string, parts: AddressParts, code: string, confidence: JurisdictionMatch['confidence']];

const CASES: Case[] = [
  // United States: country spellings × California spellings
  ['USA + California', { country: 'USA', state: 'California' }, 'US-CA', 'high'],
  ['United States + CA', { country: 'United States', state: 'CA' }, 'US-CA', 'high'],
  ['U.S. + Calif.', { country: 'U.S.', state: 'Calif.' }, 'US-CA', 'high'],
  ['united states of america + calif', { country: 'united states of america', state: 'calif' }, 'US-CA', 'high'],
  ['US + misspelt Califonia', { country: 'US', state: 'Califonia' }, 'US-CA', 'high'],
  ['U.S.A. + lower-case ca', { country: 'U.S.A.', state: 'ca' }, 'US-CA', 'high'],
  ['picklist codes US/CA', { countryCode: 'US', stateCode: 'CA', country: 'United States', state: 'California' }, 'US-CA', 'high'],
  ['alias Untied States + New York', { country: 'Untied States', state: 'New York' }, 'US-NY', 'medium'],
  ['alias America + N.Y.', { country: 'America', state: 'N.Y.' }, 'US-NY', 'medium'],
  ['Spanish Estados Unidos + Florida', { country: 'Estados Unidos', state: 'Florida' }, 'US-FL', 'medium'],
  ['French États-Unis + Mass.', { country: 'États-Unis', state: 'Mass.' }, 'US-MA', 'medium'],
  ['USA + Penna', { country: 'USA', state: 'Penna' }, 'US-PA', 'high'],
  ['USA + Washington DC', { country: 'USA', state: 'Washington DC' }, 'US-DC', 'high'],
  ['USA + D.C.', { country: 'USA', state: 'D.C.' }, 'US-DC', 'high'],
  ['USA + Washington (the state)', { country: 'USA', state: 'Washington' }, 'US-WA', 'high'],
  ['invalid StateCode falls back to State', { countryCode: 'US', stateCode: 'XX', state: 'Oregon' }, 'US-OR', 'high'],
  ['USA, state blank', { country: 'USA', state: '' }, 'US', 'high'],
  ['USA, state not a state', { country: 'USA', state: 'Narnia' }, 'US', 'high'],
  ['US state Georgia', { country: 'USA', state: 'Georgia' }, 'US-GA', 'high'],
  ['country Georgia', { country: 'Georgia' }, 'GE', 'high'],
  ['country Georgia with a city region', { country: 'Georgia', state: 'Tbilisi', postalCode: '0105' }, 'GE', 'high'],
  // US territories and military mail
  ['country Puerto Rico', { country: 'Puerto Rico' }, 'US-PR', 'high'],
  ['USA + state Puerto Rico', { country: 'USA', state: 'Puerto Rico' }, 'US-PR', 'high'],
  ['picklist PR', { countryCode: 'PR' }, 'US-PR', 'high'],
  ['country Guam', { country: 'Guam' }, 'US-GU', 'high'],
  ['alias USVI', { country: 'USVI' }, 'US-VI', 'medium'],
  ['US + VI', { country: 'US', state: 'VI' }, 'US-VI', 'high'],
  ['USA + American Samoa', { country: 'USA', state: 'American Samoa' }, 'US-AS', 'high'],
  ['country Northern Mariana Islands', { country: 'Northern Mariana Islands' }, 'US-MP', 'high'],
  ['picklist UM', { countryCode: 'UM' }, 'US-UM', 'high'],
  ['USA + UM', { country: 'USA', state: 'UM' }, 'US-UM', 'high'],
  ['USA + AE military mail', { country: 'USA', stateCode: 'AE' }, 'US', 'high'],
  // Country blank: inference
  ['blank country + Texas', { state: 'Texas', city: 'Austin' }, 'US-TX', 'medium'],
  ['blank country + TX + 78701', { state: 'TX', postalCode: '78701' }, 'US-TX', 'low'],
  ['blank country + TX + ZIP+4', { state: 'TX', postalCode: '78701-1234' }, 'US-TX', 'low'],
  ['blank country + TX alone', { state: 'TX', city: 'Austin' }, 'US-TX', 'low'],
  ['blank country + TX + short ZIP', { state: 'TX', postalCode: '7870' }, 'US-TX', 'low'],
  ['blank country + District of Columbia', { state: 'District of Columbia' }, 'US-DC', 'medium'],
  ['blank country + Ontario', { state: 'Ontario' }, 'CA', 'medium'],
  ['blank country + Québec', { state: 'Québec' }, 'CA-QC', 'medium'],
  ['blank country + Montreal postcode', { postalCode: 'H2X 1Y4' }, 'CA-QC', 'low'],
  ['blank country + Toronto postcode', { postalCode: 'M5V 3L9' }, 'CA', 'low'],
  ['blank country + ON alone', { state: 'ON' }, 'CA', 'low'],
  ['blank country + AB alone', { state: 'AB' }, 'CA-AB', 'low'],
  ['blank country + Calif. alone', { state: 'Calif.' }, 'US-CA', 'low'],
  ['blank country + New South Wales', { state: 'New South Wales' }, 'AU', 'medium'],
  ['blank country + WA (US or Australian)', { state: 'WA' }, 'ZZ', 'none'],
  ['blank country + NT (Canadian or Australian)', { state: 'NT' }, 'ZZ', 'none'],
  ['blank country + ZIP alone', { postalCode: '02139' }, 'ZZ', 'none'],
  ['blank country + unknown State, StateCode TX', { state: 'Narnia', stateCode: 'TX' }, 'US-TX', 'low'],
  ['everything null', {}, 'ZZ', 'none'],
  ['everything empty', { street: '', city: '', state: '', postalCode: '', country: '', stateCode: '', countryCode: '' }, 'ZZ', 'none'],
  ['whitespace country', { country: '   ' }, 'ZZ', 'none'],
  // Unresolvable text
  ['Atlantis', { country: 'Atlantis', state: 'Texas' }, 'ZZ', 'none'],
  ['Congo without qualifier', { country: 'Congo' }, 'ZZ', 'none'],
  ['misspelt Autsria (no fuzzy)', { country: 'Autsria' }, 'ZZ', 'none'],
  ['New Jersey typed as a country', { country: 'New Jersey' }, 'ZZ', 'none'],
  // Germany
  ['Deutschland', { country: 'Deutschland', city: 'München' }, 'DE', 'medium'],
  ['germany', { country: 'germany' }, 'DE', 'high'],
  ['DE in the country field', { country: 'DE', state: 'Bayern' }, 'DE', 'high'],
  ['DEU', { country: 'DEU' }, 'DE', 'high'],
  ['Germnay', { country: 'Germnay' }, 'DE', 'medium'],
  // United Kingdom and Ireland
  ['UK', { country: 'UK' }, 'GB', 'high'],
  ['U.K.', { country: 'U.K.' }, 'GB', 'high'],
  ['England', { country: 'England', postalCode: 'SW1A 1AA' }, 'GB', 'medium'],
  ['Great Britain', { country: 'Great Britain' }, 'GB', 'high'],
  ['Scotland', { country: 'Scotland' }, 'GB', 'medium'],
  ['Northern Ireland', { country: 'Northern Ireland', city: 'Belfast' }, 'GB', 'medium'],
  ['Ireland', { country: 'Ireland', city: 'Dublin' }, 'IE', 'high'],
  ['Republic of Ireland', { country: 'Republic of Ireland' }, 'IE', 'medium'],
  ['Jersey', { country: 'Jersey' }, 'JE', 'high'],
  ['Guernsey', { country: 'Guernsey' }, 'GG', 'high'],
  ['Isle of Man', { country: 'Isle of Man' }, 'IM', 'high'],
  ['Gibraltar', { country: 'Gibraltar' }, 'GI', 'high'],
  // Austria vs Australia
  ['Austria', { country: 'Austria' }, 'AT', 'high'],
  ['Australia', { country: 'Australia', state: 'NSW' }, 'AU', 'high'],
  ['Österreich', { country: 'Österreich' }, 'AT', 'medium'],
  ['AUS', { country: 'AUS' }, 'AU', 'high'],
  ['AUT', { country: 'AUT' }, 'AT', 'high'],
  // Canada
  ['Canada + Québec', { country: 'Canada', state: 'Québec' }, 'CA-QC', 'high'],
  ['Canada + QC', { country: 'Canada', state: 'QC' }, 'CA-QC', 'high'],
  ['CA + legacy PQ', { country: 'CA', state: 'PQ' }, 'CA-QC', 'high'],
  ['CAN + Quebec', { country: 'CAN', state: 'Quebec' }, 'CA-QC', 'high'],
  ['Kanada + P.Q.', { country: 'Kanada', state: 'P.Q.' }, 'CA-QC', 'medium'],
  ['picklist CA/QC', { countryCode: 'CA', stateCode: 'QC' }, 'CA-QC', 'high'],
  ['Canada + Ontario', { country: 'Canada', state: 'Ontario' }, 'CA', 'high'],
  ['Canada + Alberta', { country: 'Canada', state: 'Alberta' }, 'CA-AB', 'high'],
  ['Canada + AB code', { countryCode: 'CA', stateCode: 'AB' }, 'CA-AB', 'high'],
  ['Canada, province blank, Calgary postcode', { country: 'Canada', postalCode: 'T2P 1J9' }, 'CA-AB', 'high'],
  ['Canada + legacy NF', { country: 'Canada', state: 'NF' }, 'CA', 'high'],
  ['Canada, province blank, Quebec City postcode', { country: 'Canada', postalCode: 'G1R 2J6' }, 'CA-QC', 'high'],
  ['Canada, province blank, postcode without space', { country: 'canada', postalCode: 'g1r2j6' }, 'CA-QC', 'high'],
  ['Canada, province blank, X postcode (NT or NU)', { country: 'Canada', postalCode: 'X0A 0H0' }, 'CA', 'high'],
  ['Canada, province given wins over postcode', { country: 'Canada', state: 'Ontario', postalCode: 'H2X 1Y4' }, 'CA', 'high'],
  ['Canada, nothing else', { country: 'Canada' }, 'CA', 'high'],
  // Korea, Greece and others
  ['Korea, Republic of', { country: 'Korea, Republic of' }, 'KR', 'high'],
  ['South Korea', { country: 'South Korea' }, 'KR', 'high'],
  ['bare Korea', { country: 'Korea' }, 'KR', 'medium'],
  ['North Korea', { country: 'North Korea' }, 'KP', 'high'],
  ['EU code EL', { country: 'EL' }, 'GR', 'medium'],
  ['Greece', { country: 'Greece' }, 'GR', 'high'],
  ['The Netherlands', { country: 'The Netherlands' }, 'NL', 'high'],
  ['Holland', { country: 'Holland' }, 'NL', 'medium'],
  ["Côte d'Ivoire", { country: "Côte d'Ivoire" }, 'CI', 'high'],
  ["People's Republic of China", { country: "People's Republic of China" }, 'CN', 'high'],
  ['Taiwan', { country: 'Taiwan' }, 'TW', 'high'],
  ['Viet Nam', { country: 'Viet Nam' }, 'VN', 'medium'],
  ['Virgin Islands, British', { country: 'Virgin Islands, British' }, 'VG', 'high'],
  ['Schweiz', { country: 'Schweiz' }, 'CH', 'medium'],
  ['JAPAN', { country: 'JAPAN', state: 'Tokyo' }, 'JP', 'high'],
  // The picklist code wins over free text
  ['CountryCode FR beats country Germany', { countryCode: 'FR', country: 'Germany' }, 'FR', 'high'],
  ['lower-case CountryCode', { countryCode: 'de', country: 'Frankreich' }, 'DE', 'high'],
  ['invalid CountryCode UK falls back to text', { countryCode: 'UK', country: 'England' }, 'GB', 'medium'],
];

describe('resolveJurisdiction on messy CRM addresses', () => {
  it('has the required breadth of cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('%s', (_label, parts, code, confidence) => {
    const match = resolveJurisdiction(address(parts), tables);
    expect({ code: match.code, confidence: match.confidence }).toEqual({ code, confidence });
    expect(match.basis.length).toBeGreaterThan(5);
  });
});

describe('basis sentences name the field and value used', () => {
  it('says which field, value and table decided', () => {
    expect(resolveJurisdiction(address({ country: 'Deutschland' }), tables, 'Mailing').basis).toBe('MailingCountry "Deutschland" → DE (alias)');
    expect(resolveJurisdiction(address({ countryCode: 'US', stateCode: 'CA' }), tables, 'Mailing').basis).toBe(
      'MailingCountryCode "US" → US (ISO code); MailingStateCode "CA" → US-CA',
    );
    expect(resolveJurisdiction(address({ country: 'USA', state: 'Calif.' }), tables).basis).toBe(
      'Country "USA" → US (ISO alpha-3 code); State "Calif." (abbreviation) → US-CA',
    );
  });

  it('explains postal-code and military-mail decisions', () => {
    const quebec = resolveJurisdiction(address({ country: 'Canada', postalCode: 'G1R 2J6' }), tables, 'PersonMailing');
    expect(quebec.basis).toContain('PersonMailingPostalCode "G1R 2J6" starts with G (QC)');
    const military = resolveJurisdiction(address({ country: 'USA', stateCode: 'AE' }), tables);
    expect(military.basis).toContain('military mail (Armed Forces Europe)');
    expect(resolveJurisdiction(address({ country: 'USA', state: 'American Samoa' }), tables).basis).toContain('(state name) → US-AS');
  });

  it('says why an address stayed unresolved', () => {
    expect(resolveJurisdiction(address({ country: 'Atlantis' }), tables).basis).toBe(
      'Country "Atlantis" is not a known country code, name or alias (no fuzzy matching)',
    );
    expect(resolveJurisdiction(address({ country: 'Congo' }), tables).basis).toContain('ambiguous (CG or CD)');
    expect(resolveJurisdiction(address({ state: 'WA' }), tables).basis).toBe('Country blank; State "WA" is ambiguous (US WA or Australian WA): not resolved');
    expect(resolveJurisdiction(address({ postalCode: '02139' }), tables).basis).toBe('Country blank and nothing else identifies a country (PostalCode "02139")');
  });

  it('is deterministic and leaves the address untouched', () => {
    const input = address({ country: ' Québec ', state: null, countryCode: 'CA', stateCode: 'QC' });
    const copy = structuredClone(input);
    const first = resolveJurisdiction(input, tables);
    expect(resolveJurisdiction(input, tables)).toEqual(first);
    expect(input).toEqual(copy);
  });
});

describe('normaliseKey', () => {
  it('folds case, accents, punctuation, spacing and a leading "the"', () => {
    expect(normaliseKey('  The   Netherlands ')).toBe('netherlands');
    expect(normaliseKey('QUÉBEC')).toBe('quebec');
    expect(normaliseKey('Korea, Republic of')).toBe('korea republic of');
    expect(normaliseKey("Côte d'Ivoire")).toBe('cote divoire');
    expect(normaliseKey('Virgin Islands (U.S.)')).toBe('virgin islands us');
    expect(normaliseKey('Großbritannien')).toBe('grossbritannien');
    expect(normaliseKey('Theresienstadt')).toBe('theresienstadt');
  });
});

describe('the loaded tables', () => {
  it('hold the ISO English names of i18n-iso-countries, official and alternative', () => {
    expect(tables.countryByKey.get(normaliseKey('United States of America'))).toEqual({ code: 'US', kind: 'name' });
    expect(tables.countryByKey.get('germany')).toEqual({ code: 'DE', kind: 'name' });
    expect(tables.countryByKey.get(normaliseKey('Korea, Republic of'))).toEqual({ code: 'KR', kind: 'name' });
    expect(tables.countryByKey.get('czechia')?.code).toBe('CZ');
    expect(tables.countryNames.get('GB')).toBe('United Kingdom');
    expect(tables.alpha3ToAlpha2.get('GBR')).toBe('GB');
    expect(tables.alpha2.size).toBe(250);
  });

  it('load with no key dropped or shadowed and the same snapshot on a second call', () => {
    const first = loadJurisdictionData();
    const second = loadJurisdictionData();
    expect(first.ok && first.value.warnings).toEqual([]);
    expect(first.ok && second.ok && first.value === second.value).toBe(true);
    expect(first.ok && first.value.asOf).toBe('2026-12-01');
  });

  it('treat exactly the GDPR rows as EU/EEA', () => {
    const gdpr = rules.filter((rule) => rule.framework === 'GDPR').map((rule) => rule.code).sort();
    expect([...tables.euEea].sort()).toEqual(gdpr);
    expect(gdpr).toHaveLength(30);
  });

  it('can name every rule code as a country or subdivision', () => {
    for (const rule of rules) {
      const named = rule.code.includes('-') ? isoSubdivisionName(rule.code, tables) : tables.countryNames.get(rule.code);
      expect(named, rule.code).toBeTruthy();
    }
  });

  it('report a missing or corrupt table as a Result naming the file', () => {
    const missing = loadJurisdictionData(join(tmpdir(), 'leakscope-no-such-dir'));
    expect(missing.ok ? null : missing.error.code).toBe('NOT_FOUND');
    const dir = mkdtempSync(join(tmpdir(), 'leakscope-jur-'));
    const real = defaultResourcesDir();
    if (!real.ok) throw new Error(real.error.message);
    copyFileSync(join(real.value, 'aliases.json'), join(dir, 'aliases.json'));
    writeFileSync(join(dir, 'rules.json'), JSON.stringify({ schemaVersion: '1.0', asOf: '2026-11-22', jurisdictions: [{ code: 'US-CA' }] }));
    const corrupt = loadJurisdictionData(dir);
    expect(corrupt.ok).toBe(false);
    expect(corrupt.ok ? '' : corrupt.error.message).toMatch(/rules\.json: jurisdictions\.0\.name/);
  });
});

describe('describeJurisdiction', () => {
  it('describes a US state from its rule row', () => {
    expect(describeJurisdiction('US-CA', rules, tables)).toEqual({
      code: 'US-CA',
      name: 'California',
      regulator: 'Attorney General (sample notice, electronic submission)',
      deadline: 'within 15 calendar days of notifying consumers (SB 446)',
      verification: 'verified; unverified: triggers (alpr/genetic from background knowledge)',
      hasRule: true,
    });
  });

  it('describes Quebec, Germany and the United Kingdom', () => {
    const quebec = describeJurisdiction('CA-QC', rules, tables);
    expect([quebec.name, quebec.regulator, quebec.deadline]).toEqual(['Quebec', "Commission d'accès à l'information (CAI)", 'promptly']);
    const germany = describeJurisdiction('DE', rules, tables);
    expect(germany.name).toBe('Germany');
    expect(germany.deadline).toContain('not later than 72 hours');
    expect(germany.verification).toBe('verified');
    const uk = describeJurisdiction('GB', rules, tables);
    expect([uk.name, uk.regulator, uk.hasRule]).toEqual(['United Kingdom', "Information Commissioner's Office (ICO)", true]);
  });

  it('describes the buckets without a rule row', () => {
    expect(describeJurisdiction('ZZ', rules, tables)).toEqual({
      code: 'ZZ',
      name: 'Unresolved address',
      regulator: null,
      deadline: null,
      verification: null,
      hasRule: false,
    });
    expect(describeJurisdiction('US', rules, tables)).toMatchObject({ name: 'United States (state unknown)', hasRule: false });
    expect(describeJurisdiction('CA', rules, tables)).toMatchObject({ name: 'Canada (federal, PIPEDA)', hasRule: true });
    expect(describeJurisdiction('CA', [], tables)).toMatchObject({ name: 'Canada (outside Quebec)', hasRule: false });
    expect(describeJurisdiction('JE', rules, tables)).toMatchObject({ name: 'Jersey', regulator: null, hasRule: false });
    expect(describeJurisdiction('US-AS', rules, tables).name).toBe('American Samoa');
  });

  it('shows what is unverified and words deadlines the table left blank', () => {
    const georgia = describeJurisdiction('US-GA', rules, tables);
    expect(georgia.deadline).toBe('no regulator notice under this law');
    expect(georgia.verification).toMatch(/^partially verified; unverified: /);
    expect(describeJurisdiction('US-KY', rules, tables).verification).toBe('unverified; unverified: regulator, individualDeadline, craThreshold, triggers');
  });

  it("falls back to GDPR's 72 hours for an EU member without its own row", () => {
    const withoutGermany = rules.filter((rule) => rule.code !== 'DE');
    const germany = describeJurisdiction('DE', withoutGermany, tables);
    expect(germany).toMatchObject({ name: 'Germany', hasRule: false, regulator: null });
    expect(germany.deadline).toMatch(/^GDPR Art\. 33: .*72 hours/);
  });
});

describe('jurisdictionResolver', () => {
  it('gives the same answers as resolveJurisdiction, once per distinct address and prefix', () => {
    const resolve = jurisdictionResolver(tables);
    for (const [, parts] of CASES) {
      expect(resolve(address(parts), 'Mailing')).toEqual(resolveJurisdiction(address(parts), tables, 'Mailing'));
      expect(resolve(address(parts), '')).toEqual(resolveJurisdiction(address(parts), tables, ''));
    }
    const first = resolve(address({ country: 'USA', state: 'TX', street: '1 Main St' }));
    expect(resolve(address({ country: 'USA', state: 'TX', street: '2 Other St' }))).toBe(first);
  });
});
