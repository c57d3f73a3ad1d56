/**
 * A person's place: the jurisdiction code is decided FIRST, then the address is written the
 * messy way CRM data looks — but only in forms the jurisdiction resolver accepts, so the
 * intended code is the ground truth. Codes: US-XX, US (state unknown), CA-QC, CA-AB, CA (rest of
 * Canada), an alpha-2 country code, or ZZ (unresolvable).
 */
import { CA_COUNTRY_SPELLINGS, CA_PROVINCES, US_COUNTRY_SPELLINGS, US_STATES, US_STATE_WEIGHTS, type UsState } from './geo-north-america.js';
import { NA_STREETS, OVERSEAS, QC_STREETS, type NameRegion, type OverseasCountry, type PostalShape } from './geo-overseas.js';
import { assertNever } from '../../shared/result.js';
import type { Rng } from './random.js';

export interface RenderedAddress {
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
  phone: string;
}

export interface PersonPlace {
  jurisdiction: string;
  nameRegion: NameRegion;
  address: RenderedAddress;
}

const JURISDICTION_WEIGHTS: readonly (readonly [string, number])[] = [
  ...Object.entries(US_STATE_WEIGHTS).map(([code, w]) => [`US-${code}`, w] as const),
  ['US', 1.5], ['GB', 8], ['DE', 5], ['FR', 3.5], ['IE', 2.5], ['NL', 2.5], ['ES', 2.5], ['IT', 2.5], ['SE', 1.5],
  ['PL', 1.5], ['CA-QC', 3.5], ['CA', 4], ['AU', 3], ['ZZ', 2.5],
];

const CA_POSTAL_LETTERS = 'ABCEGHJKLMNPRSTVWXYZ';
const UK_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
const UPPER = 'ABCDEFGHJKLMNPRSTVWXY';
const DIGITS = '0123456789';

/** Chooses where a person lives and renders the address for it. */
export function choosePlace(rng: Rng): PersonPlace {
  return placeFor(rng, rng.weighted(JURISDICTION_WEIGHTS));
}

/** Renders an address for a given jurisdiction code. */
export function placeFor(rng: Rng, code: string): PersonPlace {
  if (code.startsWith('US-')) return usPlace(rng, usState(code.slice(3)));
  switch (code) {
    case 'US':
      return usUnknownState(rng);
    case 'CA-QC':
      return canadianPlace(rng, true);
    case 'CA':
      return canadianPlace(rng, false);
    case 'ZZ':
      return unresolvable(rng);
    default:
      return overseasPlace(rng, overseas(code));
  }
}

function usState(code: string): UsState {
  const state = US_STATES.find((s) => s.code === code);
  if (!state) throw new Error(`no US state ${code}`);
  return state;
}

function overseas(code: string): OverseasCountry {
  const country = OVERSEAS.find((c) => c.code === code);
  if (!country) throw new Error(`no country ${code}`);
  return country;
}

function usPlace(rng: Rng, state: UsState): PersonPlace {
  const i = rng.int(0, state.cities.length - 1);
  let country: string;
  let stateText: string;
  if (state.nameAlone && rng.chance(0.05)) {
    country = ''; // blank country, full state name: still US-XX
    stateText = state.name;
  } else {
    country = rng.weighted(US_COUNTRY_SPELLINGS);
    stateText = rng.weighted<string>([
      [state.code, 55],
      [state.name, 25],
      [state.name.toUpperCase(), 3],
      [state.name.toLowerCase(), 2],
      [state.aliases.length > 0 ? rng.pick(state.aliases) : state.code, 10],
    ]);
  }
  let zip = `${state.zip[i] ?? ''}${rng.chars(DIGITS, 2)}`;
  if (rng.chance(0.1)) zip += `-${rng.chars(DIGITS, 4)}`;
  return {
    jurisdiction: `US-${state.code}`,
    nameRegion: 'en',
    address: {
      street: northAmericanStreet(rng, NA_STREETS),
      city: state.cities[i] ?? '',
      state: stateText,
      postalCode: zip,
      country,
      phone: usPhone(rng, state.areaCodes[i] ?? '555'),
    },
  };
}

function usUnknownState(rng: Rng): PersonPlace {
  const somewhere = rng.pick(US_STATES);
  return {
    jurisdiction: 'US',
    nameRegion: 'en',
    address: {
      street: rng.chance(0.6) ? northAmericanStreet(rng, NA_STREETS) : '',
      city: rng.chance(0.5) ? rng.pick(['Springfield', 'Franklin', 'Greenville', 'Clinton', 'Madison']) : '',
      state: rng.chance(0.25) ? 'Unknown' : '',
      postalCode: '', // no ZIP, or a ZIP table would place the person in a state
      country: rng.weighted(US_COUNTRY_SPELLINGS),
      phone: usPhone(rng, rng.pick(somewhere.areaCodes)),
    },
  };
}

function canadianPlace(rng: Rng, quebec: boolean): PersonPlace {
  const choices = CA_PROVINCES.filter((p) => (p.code === 'QC') === quebec);
  const province = rng.pick(choices);
  const [city, letter, area] = rng.pick(province.cities);
  const byPostalOnly = rng.chance(quebec ? 0.2 : 0.12);
  return {
    jurisdiction: quebec ? 'CA-QC' : province.code === 'AB' ? 'CA-AB' : 'CA', // Alberta has its own breach law (PIPA)
    nameRegion: quebec ? 'fr' : 'en',
    address: {
      street: northAmericanStreet(rng, quebec ? QC_STREETS : NA_STREETS),
      city,
      state: byPostalOnly ? '' : rng.pick(province.spellings),
      postalCode: canadianPostalCode(rng, letter),
      country: byPostalOnly ? 'Canada' : rng.weighted(CA_COUNTRY_SPELLINGS),
      phone: rng.pick([`+1 ${area} 555 01${rng.chars(DIGITS, 2)}`, `(${area}) 555-01${rng.chars(DIGITS, 2)}`]),
    },
  };
}

function overseasPlace(rng: Rng, country: OverseasCountry): PersonPlace {
  const [city, prefix, region] = rng.pick(country.cities);
  const street = rng.pick(country.streets);
  const number = String(rng.int(1, 180));
  return {
    jurisdiction: country.code,
    nameRegion: country.nameRegion,
    address: {
      street: country.numberFirst ? `${number} ${street}` : `${street} ${number}`,
      city,
      state: region !== '' && rng.chance(0.5) ? region : '',
      postalCode: postalCode(rng, country.postal, prefix),
      country: rng.weighted(country.spellings),
      phone: `${country.phonePrefix} ${rng.int(1, 9)}${rng.chars(DIGITS, 2)} ${rng.chars(DIGITS, 3)} ${rng.chars(DIGITS, 3)}`,
    },
  };
}

function unresolvable(rng: Rng): PersonPlace {
  const country = rng.weighted<string>([['', 6], ['Atlantis', 2.5], ['N/A', 1.5]]);
  return {
    jurisdiction: 'ZZ',
    nameRegion: rng.pick<NameRegion>(['en', 'en', 'de', 'fr', 'es']),
    address: {
      street: country === '' && rng.chance(0.5) ? '' : `${rng.int(1, 99)} Harbour View`,
      city: '',
      state: '',
      postalCode: '',
      country,
      phone: '',
    },
  };
}

function northAmericanStreet(rng: Rng, streets: readonly string[]): string {
  const line = `${rng.int(10, 9899)} ${rng.pick(streets)}`;
  if (rng.chance(0.03)) return `${line}\nSuite ${rng.int(100, 1200)}`; // two-line street, as Salesforce allows
  if (rng.chance(0.05)) return `${line}, Apt ${rng.int(1, 40)}`;
  return line;
}

function usPhone(rng: Rng, area: string): string {
  const line = `01${rng.chars(DIGITS, 2)}`;
  return rng.pick([`(${area}) 555-${line}`, `${area}-555-${line}`, `+1 ${area} 555 ${line}`, `${area}.555.${line}`]);
}

function canadianPostalCode(rng: Rng, first: string): string {
  const l = (): string => rng.chars(CA_POSTAL_LETTERS, 1);
  const d = (): string => rng.chars(DIGITS, 1);
  return `${first}${d()}${l()}${rng.chance(0.85) ? ' ' : ''}${d()}${l()}${d()}`;
}

function postalCode(rng: Rng, shape: PostalShape, prefix: string): string {
  switch (shape) {
    case 'd5':
      return prefix + rng.chars(DIGITS, 5 - prefix.length);
    case 'd4':
      return prefix + rng.chars(DIGITS, 4 - prefix.length);
    case 'nl':
      return `${prefix}${rng.chars(DIGITS, 2)} ${rng.chars(UPPER, 2)}`;
    case 'se':
      return `${prefix}${rng.chars(DIGITS, 1)} ${rng.chars(DIGITS, 2)}`;
    case 'pl':
      return `${prefix}-${rng.chars(DIGITS, 3)}`;
    case 'uk':
      return `${prefix} ${rng.chars(DIGITS, 1)}${rng.chars(UK_LETTERS, 2)}`;
    case 'eircode':
      return `${prefix} ${rng.chars(UPPER, 1)}${rng.chars(DIGITS, 2)}${rng.chars(UPPER + DIGITS, 1)}`;
    default:
      return assertNever(shape, 'postal shape');
  }
}
