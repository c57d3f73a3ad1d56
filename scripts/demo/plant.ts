/**
 * The planted incident's queries and, for each, the records it returned — computed with
 * plain hand-written predicates over the generated records (not a SOQL engine), so the
 * result is an independent oracle for the engine's replay. Text comparisons are
 * case-insensitive as in SOQL; a record counts only if it existed when the query ran.
 */
import { assertNever } from '../../shared/result.js';
import { utc } from './clock.js';
import type { Account, Contact, Lead, Opportunity, Org } from './model.js';
import { CASE_QUERY, caseQueryMatches } from './cases.js';
import { CONVO_CHAT_TIME_ZONE } from './org-staff.js';
import { localDayStart } from './zones.js';

export const ATTACKER_IP = '45.147.230.12';
export const ATTACKER_USER_AGENT = 'python-requests/2.32.4';
export const ATTACKER_LOGIN_AT = utc(2025, 7, 26, 22, 24, 19, 439);
/** The attacker deletes the finished query jobs (anti-forensics) shortly after 23:00. */
export const ATTACKER_DELETES_AT: readonly number[] = [utc(2025, 7, 26, 23, 4, 12, 581), utc(2025, 7, 26, 23, 4, 40, 96), utc(2025, 7, 26, 23, 5, 3, 712)];
/** The next morning the attacker redeems the stolen refresh token once more, before the admin revokes it. */
export const ATTACKER_MORNING_LOGIN_AT = utc(2025, 7, 27, 7, 12, 33, 205);
/** The admin's response (Setup Audit Trail): revoke Convo Chat's token, block the app, freeze its user. */
export const TOKEN_REVOKED_AT = utc(2025, 7, 27, 7, 41, 7);
export const APP_BLOCKED_AT = utc(2025, 7, 27, 7, 52, 40);
export const USER_FROZEN_AT = utc(2025, 7, 27, 7, 55, 2);

export type PlantChannel = 'rest_query' | 'bulk_api_2';
export type PlantObject = 'Contact' | 'Lead' | 'Account' | 'Opportunity' | 'Case';

export interface PlantedQuery {
  channel: PlantChannel;
  object: PlantObject;
  soql: string;
  at: number;
  fields: number;
  countOnly: boolean;
  /** False for the call that is in the ELF but missing from the ApiEvent export. */
  inApiEvent: boolean;
  /** True for the call made in the morning session, after the token was revoked (the open session still answers). */
  afterRevocation?: boolean;
}

export interface QueryResult {
  /** Record ids (18) returned, in result order; empty for COUNT(). */
  ids: string[];
  rows: number;
}

/** The attacker's queries, in the order they ran. */
export const PLANTED_QUERIES: readonly PlantedQuery[] = [
  count('Contact', utc(2025, 7, 26, 22, 24, 31, 207)),
  count('Lead', utc(2025, 7, 26, 22, 24, 58, 861)),
  count('Account', utc(2025, 7, 26, 22, 25, 27, 34)),
  count('Opportunity', utc(2025, 7, 26, 22, 25, 53, 512)),
  {
    channel: 'bulk_api_2', object: 'Contact', at: utc(2025, 7, 26, 22, 30, 58, 604), fields: 10, countOnly: false, inApiEvent: true,
    soql: "SELECT Id, FirstName, LastName, Email, Phone, MailingStreet, MailingCity, MailingState, MailingPostalCode, MailingCountry FROM Contact WHERE HasOptedOutOfEmail = false AND (LeadSource IN ('Web', 'Partner Referral') OR Title LIKE '%director%') AND CreatedDate < LAST_N_DAYS:7",
  },
  {
    channel: 'bulk_api_2', object: 'Lead', at: utc(2025, 7, 26, 22, 40, 11, 250), fields: 10, countOnly: false, inApiEvent: true,
    soql: "SELECT Id, FirstName, LastName, Email, Company, Street, City, State, PostalCode, Country FROM Lead WHERE IsConverted = false AND Status != 'Disqualified' AND CreatedDate >= 2025-01-01T00:00:00Z",
  },
  {
    channel: 'rest_query', object: 'Lead', at: utc(2025, 7, 26, 22, 47, 36, 118), fields: 3, countOnly: false, inApiEvent: true,
    soql: "SELECT Id, Email, Phone FROM Lead WHERE Rating = 'Hot' ORDER BY CreatedDate DESC LIMIT 200",
  },
  {
    channel: 'bulk_api_2', object: 'Account', at: utc(2025, 7, 26, 22, 52, 4, 771), fields: 5, countOnly: false, inApiEvent: true,
    soql: "SELECT Id, Name, Phone, BillingCity, BillingCountry FROM Account WHERE Type = 'Customer'",
  },
  // The support cases, for the credentials pasted into them (scripts/demo/cases.ts).
  { channel: 'rest_query', object: 'Case', at: utc(2025, 7, 26, 22, 55, 12, 406), fields: 5, countOnly: false, inApiEvent: true, soql: CASE_QUERY },
  {
    channel: 'rest_query', object: 'Opportunity', at: utc(2025, 7, 26, 22, 58, 40, 329), fields: 6, countOnly: false, inApiEvent: false,
    soql: 'SELECT Id, Name, Amount, StageName, CloseDate, AccountId FROM Opportunity',
  },
  {
    channel: 'rest_query', object: 'Account', at: utc(2025, 7, 27, 7, 46, 18, 512), fields: 3, countOnly: false, inApiEvent: true, afterRevocation: true,
    soql: "SELECT Id, Name, Phone FROM Account WHERE Type = 'Partner'",
  },
];

function count(object: PlantObject, at: number): PlantedQuery {
  return { channel: 'rest_query', object, at, fields: 0, countOnly: true, inApiEvent: true, soql: `SELECT COUNT() FROM ${object}` };
}

/** Start of LAST_N_DAYS:n evaluated at `at` by the querying user: local midnight n days before `at`'s local day in their time zone. */
export function lastNDaysStart(at: number, n: number, timeZone = CONVO_CHAT_TIME_ZONE): number {
  return localDayStart(at, n, timeZone);
}

const lower = (text: string): string => text.toLowerCase();

/** Contact filter of the Contact Bulk job. */
export function contactJobMatches(c: Contact, at: number, lastNDays = lastNDaysStart(at, 7)): boolean {
  const source = lower(c.leadSource);
  return (
    c.createdDate < at &&
    !c.hasOptedOutOfEmail &&
    (source === 'web' || source === 'partner referral' || lower(c.title).includes('director')) &&
    c.createdDate < lastNDays
  );
}

/** Lead filter of the Lead Bulk job. */
export function leadJobMatches(l: Lead, at: number): boolean {
  return l.createdDate < at && !l.isConverted && lower(l.status) !== 'disqualified' && l.createdDate >= utc(2025, 1, 1);
}

/** When the time-zone witness contact was created: 2025-07-18 20:12 in Los Angeles, 2025-07-19 03:12 UTC. */
export const TIME_ZONE_WITNESS_CREATED = utc(2025, 7, 19, 3, 12, 44);

/**
 * Moves one contact the Contact job takes (the first by id) to 2025-07-19 03:12 UTC, so that
 * LAST_N_DAYS:7 must be evaluated in the querying user's time zone: in Los Angeles the window starts
 * 2025-07-19 07:00 UTC and the contact left with the job; evaluated in UTC it would not have.
 */
export function plantTimeZoneWitness(contacts: Contact[]): Contact {
  const job = PLANTED_QUERIES.find((q) => q.object === 'Contact' && !q.countOnly);
  const witness = job && contacts.slice().sort((a, b) => (a.id.id18 < b.id.id18 ? -1 : 1)).find((c) => contactJobMatches(c, job.at));
  if (!witness) throw new Error('no contact for the time-zone witness');
  witness.createdDate = TIME_ZONE_WITNESS_CREATED;
  witness.lastModifiedDate = Math.max(witness.lastModifiedDate, TIME_ZONE_WITNESS_CREATED);
  return witness;
}

/** Account filter of the morning query for partner accounts. */
export function partnerAccountMatches(a: Account, at: number): boolean {
  return a.createdDate < at && lower(a.type) === 'partner';
}

/** Account filter of the Account Bulk job. */
export function accountJobMatches(a: Account, at: number): boolean {
  return a.createdDate < at && lower(a.type) === 'customer';
}

/** Runs one planted query over the org as it stood at the query's instant. */
export function runPlantedQuery(org: Org, q: PlantedQuery): QueryResult {
  const existing = <T extends { createdDate: number }>(records: readonly T[]): T[] => records.filter((r) => r.createdDate < q.at);
  if (q.countOnly) {
    const population: readonly { createdDate: number }[] = populationOf(org, q.object);
    return { ids: [], rows: existing(population).length };
  }
  let ids: string[];
  if (q.object === 'Contact') {
    ids = org.contacts.filter((c) => contactJobMatches(c, q.at)).map((c) => c.id.id18);
  } else if (q.object === 'Lead' && q.channel === 'bulk_api_2') {
    ids = org.leads.filter((l) => leadJobMatches(l, q.at)).map((l) => l.id.id18);
  } else if (q.object === 'Lead') {
    ids = existing(org.leads)
      .filter((l) => lower(l.rating) === 'hot')
      .sort((a, b) => b.createdDate - a.createdDate)
      .slice(0, 200)
      .map((l) => l.id.id18);
  } else if (q.object === 'Case') {
    ids = org.cases.filter((c) => caseQueryMatches(c, q.at)).map((c) => c.id.id18);
  } else if (q.object === 'Account' && q.afterRevocation) {
    ids = org.accounts.filter((a) => partnerAccountMatches(a, q.at)).map((a) => a.id.id18);
  } else if (q.object === 'Account') {
    ids = org.accounts.filter((a) => accountJobMatches(a, q.at)).map((a) => a.id.id18);
  } else {
    ids = existing<Opportunity>(org.opportunities).map((o) => o.id.id18);
  }
  return { ids, rows: ids.length };
}

function populationOf(org: Org, object: PlantObject): readonly { createdDate: number }[] {
  switch (object) {
    case 'Contact':
      return org.contacts;
    case 'Lead':
      return org.leads;
    case 'Account':
      return org.accounts;
    case 'Opportunity':
      return org.opportunities;
    case 'Case':
      return org.cases;
    default:
      return assertNever(object, 'object');
  }
}
