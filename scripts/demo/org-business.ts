/** Business records: ~400 Accounts (companies, not people) and ~600 Opportunities on them. */
import { choosePlace } from './addresses.js';
import { DAY, utc } from './clock.js';
import type { KeyMint } from './keys.js';
import type { Account, Opportunity } from './model.js';
import type { Rng } from './random.js';

const NAME_HEADS = ['Acme', 'Blue Harbor', 'Summit', 'Northstar', 'Redwood', 'Pioneer', 'Silverline', 'Granite', 'Evergreen',
  'Brightwater', 'Atlas', 'Cobalt', 'Crescent', 'Falcon', 'Keystone', 'Lakeside', 'Orion', 'Pinnacle', 'Quantum',
  'Riverbend', 'Sterling', 'Trident', 'Vertex', 'Willow', 'Zenith', 'Alpine', 'Beacon', 'Cascade', 'Meridian', 'Harborview'];
const NAME_TAILS = ['Logistics', 'Foods', 'Health', 'Analytics', 'Manufacturing', 'Retail', 'Energy', 'Software', 'Partners',
  'Labs', 'Systems', 'Capital', 'Media', 'Robotics', 'Pharma', 'Textiles', 'Motors', 'Consulting', 'Hospitality', 'Biotech'];
const LEGAL_FORM: Readonly<Record<string, string>> = {
  DE: 'GmbH', FR: 'SAS', ES: 'S.L.', IT: 'S.p.A.', NL: 'B.V.', SE: 'AB', PL: 'Sp. z o.o.', GB: 'Ltd', IE: 'Ltd', AU: 'Pty Ltd',
};
const STAGES: readonly (readonly [string, number])[] = [
  ['Prospecting', 12], ['Qualification', 12], ['Needs Analysis', 10], ['Value Proposition', 8], ['Proposal/Price Quote', 10],
  ['Negotiation/Review', 8], ['Closed Won', 25], ['Closed Lost', 15],
];
const PRODUCTS = ['Platform License', 'Renewal', 'Expansion', 'Implementation Services', 'Support Upgrade', 'Pilot'];

/** Accounts exist from 2019; a few are created after the incident and must not count as exposed. */
export function buildAccounts(rng: Rng, mint: KeyMint, count: number, afterIncident: number): Account[] {
  const names = new Set<string>();
  const accounts: Account[] = [];
  while (accounts.length < count) {
    const base = `${rng.pick(NAME_HEADS)} ${rng.pick(NAME_TAILS)}`;
    if (names.has(base)) continue;
    names.add(base);
    let place = choosePlace(rng);
    while (place.jurisdiction === 'ZZ') place = choosePlace(rng);
    const country = place.jurisdiction.slice(0, 2);
    const form = LEGAL_FORM[country] ?? rng.pick(['Inc.', 'LLC', 'Corp.', 'Inc.']);
    const late = accounts.length < afterIncident;
    const createdDate = late
      ? utc(2025, 7, 28 + rng.int(0, 5), rng.int(13, 21), rng.int(0, 59), rng.int(0, 59))
      : utc(2019, 1, 1) + Math.floor(rng.next() * (utc(2025, 7, 25) - utc(2019, 1, 1)));
    const kind = rng.weighted<string>([['Customer', 45], ['Prospect', 40], ['Partner', 15]]);
    const type = kind === 'Customer' ? rng.weighted<string>([['Customer', 90], ['customer', 7], ['CUSTOMER', 3]]) : kind;
    accounts.push({
      id: mint.recordId('001'),
      name: `${base} ${form}`,
      type: rng.chance(0.02) ? '' : type,
      phone: place.address.phone,
      billing: place.address,
      jurisdiction: place.jurisdiction,
      createdDate: Math.floor(createdDate / 1000) * 1000,
      domain: `${base.toLowerCase().replace(/[^a-z]/g, '')}.${domainSuffix(country)}`,
    });
  }
  return accounts;
}

/** Opportunities hang off accounts that existed when they were opened. */
export function buildOpportunities(rng: Rng, mint: KeyMint, accounts: readonly Account[], count: number, afterIncident: number): Opportunity[] {
  const opportunities: Opportunity[] = [];
  const oldAccounts = accounts.filter((a) => a.createdDate < utc(2025, 6, 1));
  const preIncidentAccounts = accounts.filter((a) => a.createdDate < utc(2025, 7, 26));
  while (opportunities.length < count) {
    const late = opportunities.length < afterIncident;
    const account = rng.pick(late ? preIncidentAccounts : oldAccounts);
    const from = Math.max(account.createdDate, utc(2023, 6, 1));
    const createdDate = late
      ? utc(2025, 7, 27 + rng.int(0, 6), rng.int(13, 21), rng.int(0, 59), rng.int(0, 59))
      : from + Math.floor(rng.next() * (utc(2025, 7, 25) - from));
    const close = new Date(createdDate + rng.int(20, 180) * DAY).toISOString().slice(0, 10);
    opportunities.push({
      id: mint.recordId('006'),
      name: `${account.name} - ${rng.pick(PRODUCTS)}`,
      accountId: account.id.id18,
      stageName: rng.weighted(STAGES),
      amount: rng.int(50, 2500) * 100,
      closeDate: close,
      leadSource: rng.pick(['Web', 'Partner Referral', 'Trade Show', 'Phone Inquiry', '']),
      createdDate: Math.floor(createdDate / 1000) * 1000,
    });
  }
  return opportunities;
}

function domainSuffix(country: string): string {
  switch (country) {
    case 'DE': return 'de';
    case 'FR': return 'fr';
    case 'GB': return 'co.uk';
    case 'IE': return 'ie';
    case 'NL': return 'nl';
    case 'ES': return 'es';
    case 'IT': return 'it';
    case 'SE': return 'se';
    case 'PL': return 'pl';
    case 'AU': return 'com.au';
    case 'CA': return 'ca';
    default: return 'com';
  }
}
