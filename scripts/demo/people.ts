/**
 * The people in the org: ~3,000 Contacts and ~2,000 Leads. Each person's jurisdiction is
 * chosen first and the address rendered from it. Creation dates are laid out around the
 * incident on purpose: none between 2025-07-17 and 2025-07-21 (so LAST_N_DAYS:7 has one
 * answer), some just before it, and some created after it that match the attacker's filters
 * but did not exist when the queries ran.
 */
import { choosePlace, type PersonPlace } from './addresses.js';
import { SNAPSHOT_AT, utc } from './clock.js';
import type { KeyMint } from './keys.js';
import { UniqueInstants, type Account, type Contact, type Lead, type LeadImport } from './model.js';
import { emailPart, personName } from './names.js';
import type { Rng } from './random.js';

const LEAD_SOURCES: readonly (readonly [string, number])[] = [
  ['Web', 28], ['web', 3], ['WEB', 1], ['Website', 3], ['Partner Referral', 10], ['partner referral', 1], ['Partner', 1],
  ['Phone Inquiry', 10], ['Trade Show', 10], ['Purchased List', 6], ['Employee Referral', 5], ['Other', 5], ['', 10],
];
const DIRECTOR_TITLES = ['Director of Operations', 'IT Director', 'IT DIRECTOR', 'Marketing Director', 'director of finance',
  'Managing Director', 'Sales Director', 'Directora de Ventas', 'Director, Procurement', 'Associate Director'];
const OTHER_TITLES = ['Sales Manager', 'VP Sales', 'CFO', 'CEO', 'Office Manager', 'Software Engineer', 'Account Manager',
  'Procurement Lead', 'Head of IT', 'Operations Manager', 'Directeur commercial', 'Direktor Vertrieb', 'Marketing Coordinator',
  'Buyer', 'Analyst', 'Consultant', 'Chief Technology Officer', 'Product Manager', 'Executive Assistant', '', ''];
const FREEMAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'icloud.com', 'proton.me', 'hotmail.com'];
const LEAD_COMPANY_HEADS = ['Greenfield', 'Bluebird', 'Ironwood', 'Sunrise', 'Copperline', 'Westbrook', 'Oakridge', 'Silver Lake', 'Harbor', 'Maplewood'];
const LEAD_COMPANY_TAILS = ['Dental', 'Bakery', 'Architects', 'Fitness', 'Legal', 'Clinic', 'Studios', 'Freight', 'Interiors', 'Solutions'];

/** The Bulk API v1 lead imports the admin runs (time, rows, lead source). */
export const LEAD_IMPORTS: readonly (readonly [at: number, rows: number, source: string])[] = [
  [utc(2025, 7, 3, 15, 12, 8), 120, 'Purchased List'],
  [utc(2025, 7, 10, 14, 5, 40), 85, 'Trade Show'],
  [utc(2025, 7, 15, 18, 30, 12), 140, 'Purchased List'],
  [utc(2025, 7, 31, 16, 45, 3), 90, 'Trade Show'],
];

/** Contacts of the org, linked to accounts that existed when they were created. */
export function buildContacts(rng: Rng, mint: KeyMint, accounts: readonly Account[], count: number): Contact[] {
  const instants = new UniqueInstants();
  const emails = new Set<string>();
  const byAge = accounts.slice().sort((a, b) => a.createdDate - b.createdDate);
  const plan: number[] = [utc(2025, 7, 16, 23, 59, 58), utc(2025, 7, 21, 0, 0, 0)]; // both sides of the quiet window
  for (let i = 0; i < 80; i++) plan.push(between(rng, utc(2025, 7, 27), utc(2025, 8, 4)));
  for (let i = 0; i < 70; i++) plan.push(between(rng, utc(2025, 7, 21), utc(2025, 7, 26, 22)));
  while (plan.length < count) plan.push(skewedRecent(rng, utc(2021, 6, 1), utc(2025, 7, 17), 0.6));
  return plan.map((candidate, i) => {
    const createdDate = instants.claim(candidate);
    const place = choosePlace(rng);
    const name = personName(rng, place.nameRegion);
    const existing = byAge.filter((a) => a.createdDate <= createdDate);
    const account = existing.length > 0 && rng.chance(0.92) ? rng.pick(existing) : null;
    const boundary = i < 2; // the two boundary contacts match the attacker's filter
    return {
      id: mint.recordId('003'),
      firstName: name.first,
      lastName: name.last,
      email: uniqueEmail(rng, emails, name.first, name.last, account ? account.domain : rng.pick(FREEMAIL)),
      phone: place.address.phone,
      title: rng.chance(0.14) ? rng.pick(DIRECTOR_TITLES) : rng.pick(OTHER_TITLES),
      leadSource: boundary ? 'Web' : rng.weighted(LEAD_SOURCES),
      hasOptedOutOfEmail: boundary ? false : rng.chance(0.15),
      address: place.address,
      accountId: account ? account.id.id18 : null,
      createdDate,
      lastModifiedDate: rng.chance(0.55) ? createdDate : Math.floor(between(rng, createdDate, SNAPSHOT_AT - 2 * 3600_000) / 1000) * 1000,
      // No country, state or postal code of its own: the resolver places the contact by its account's billing address.
      jurisdiction: account !== null && !locates(place.address) ? account.jurisdiction : place.jurisdiction,
    };
  });
}

/** Whether an address names a country, state or postal code (a street or city alone does not place a person). */
function locates(address: { state: string; postalCode: string; country: string }): boolean {
  return [address.state, address.postalCode, address.country].some((part) => part.trim() !== '');
}

/** Leads of the org, including the admin's bulk imports (returned with the ids they created). */
export function buildLeads(rng: Rng, mint: KeyMint, count: number): { leads: Lead[]; imports: LeadImport[] } {
  const instants = new UniqueInstants();
  const emails = new Set<string>();
  const leads: Lead[] = [];
  const imports: LeadImport[] = [];
  for (const [at, rows, source] of LEAD_IMPORTS) {
    const ids: string[] = [];
    for (let i = 0; i < rows; i++) {
      const lead = makeLead(rng, mint, emails, at + Math.floor(i * 35), {
        source,
        rating: rng.weighted<string>([['Warm', 2], ['Cold', 5], ['', 5]]),
        status: 'Open - Not Contacted',
      });
      leads.push(lead);
      ids.push(lead.id.id18);
    }
    imports.push({ at, leadIds: ids });
  }
  const special: [number, Partial<LeadShape>][] = [
    [utc(2024, 12, 31, 23, 59, 59), { status: 'Open - Not Contacted' }], // just outside CreatedDate >= 2025-01-01
    [utc(2025, 1, 1, 0, 0, 0), { status: 'Working - Contacted' }], // exactly on the boundary: included
    [utc(2025, 7, 26, 22, 42, 10), { rating: 'Hot', source: 'Web', status: 'Open - Not Contacted' }], // after the Lead Bulk job, before the Hot query
    [utc(2025, 7, 26, 22, 44, 51), { rating: 'Hot', source: 'Web', status: 'Open - Not Contacted' }],
    [utc(2025, 7, 26, 22, 50, 30), { rating: 'Hot', source: 'Web', status: 'Open - Not Contacted' }], // after every query
  ];
  for (const [at, shape] of special) leads.push(makeLead(rng, mint, emails, instants.claim(at), shape));
  for (let i = 0; i < 110; i++) {
    const at = instants.claim(between(rng, utc(2025, 7, 27), utc(2025, 8, 4)));
    leads.push(makeLead(rng, mint, emails, at, rng.chance(0.25) ? { rating: 'Hot' } : {}));
  }
  while (leads.length < count) {
    leads.push(makeLead(rng, mint, emails, instants.claim(skewedRecent(rng, utc(2024, 2, 1), utc(2025, 7, 26, 21), 0.4)), {}));
  }
  return { leads, imports };
}

interface LeadShape {
  source: string;
  rating: string;
  status: string;
}

function makeLead(rng: Rng, mint: KeyMint, emails: Set<string>, createdDate: number, shape: Partial<LeadShape>): Lead {
  const place: PersonPlace = choosePlace(rng);
  const name = personName(rng, place.nameRegion);
  const status = shape.status ?? leadStatus(rng);
  const company = `${rng.pick(LEAD_COMPANY_HEADS)} ${rng.pick(LEAD_COMPANY_TAILS)}`;
  const domain = rng.chance(0.5) ? rng.pick(FREEMAIL) : `${company.toLowerCase().replace(/[^a-z]/g, '')}.com`;
  return {
    id: mint.recordId('00Q'),
    firstName: name.first,
    lastName: name.last,
    email: uniqueEmail(rng, emails, name.first, name.last, domain),
    phone: place.address.phone,
    company,
    status,
    rating: shape.rating ?? rng.weighted<string>([['Hot', 16], ['hot', 1], ['HOT', 1], ['Warm', 30], ['Cold', 30], ['', 22]]),
    isConverted: status.toLowerCase() === 'closed - converted',
    leadSource: shape.source ?? rng.weighted(LEAD_SOURCES),
    address: place.address,
    createdDate,
    jurisdiction: place.jurisdiction,
  };
}

function leadStatus(rng: Rng): string {
  return rng.weighted<string>([
    ['Open - Not Contacted', 30], ['open - not contacted', 1], ['Working - Contacted', 28], ['Closed - Converted', 14],
    ['Closed - Not Converted', 16], ['Disqualified', 10], ['disqualified', 1], ['DISQUALIFIED', 1],
  ]);
}

function uniqueEmail(rng: Rng, taken: Set<string>, first: string, last: string, domain: string): string {
  const local = rng.chance(0.8) ? `${emailPart(first)}.${emailPart(last)}` : `${emailPart(first).slice(0, 1)}${emailPart(last)}`;
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

function between(rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * (to - from));
}

/** A time in [from, to) skewed towards `to` (smaller exponent = more recent). */
function skewedRecent(rng: Rng, from: number, to: number, exponent: number): number {
  return from + Math.floor(Math.pow(rng.next(), exponent) * (to - from));
}
