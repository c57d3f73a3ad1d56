/**
 * Southwind's own records: a Contact snapshot of 200 contacts in `org-southwind/snapshots/` (below Southwind's
 * Organization export, so it is Southwind's) and one query of its integration, logged only by Real-Time Event
 * Monitoring (no record ids), whose affected people can come only from that snapshot: Northwind's 3,000 contacts
 * must never answer it. The truth is worked out here from the generated contacts.
 */
import { csvDocument } from './csv.js';
import { isoMillis, utc } from './clock.js';
import { API_EVENT_HEADER, CONTACT_HEADER, type ApiEventField } from './headers.js';
import { id18Of } from './keys.js';
import type { Rng } from './random.js';
import { SOUTHWIND_APP, SOUTHWIND_APP_NAME, SOUTHWIND_USER, type SecondOrgTruth } from './second-org.js';

/** What Southwind's snapshot and its scoped query hold, for the tests. */
export interface SouthwindScopeTruth {
  contacts: number;
  /** The query replayed against Southwind's snapshot, when it ran and the rows it logged. */
  query: { soql: string; at: string; rows: number };
  /** The contacts it exposed (18-char ids, sorted) with the jurisdiction of each. */
  affected: { id: string; jurisdiction: string }[];
  byJurisdiction: Record<string, number>;
}

const QUERY_AT = utc(2025, 7, 20, 9, 20);
const SOQL = "SELECT Id, FirstName, LastName, Email FROM Contact WHERE MailingCountry IN ('United Kingdom', 'Ireland')";
const COUNTRIES: readonly (readonly [[country: string, code: string], number])[] = [
  [['United Kingdom', 'GB'], 5], [['Ireland', 'IE'], 2], [['Deutschland', 'DE'], 1], [['France', 'FR'], 1], [['España', 'ES'], 1],
];
const FIRST = ['Olivia', 'Jack', 'Aoife', 'Liam', 'Sophie', 'Harry', 'Niamh', 'Oscar', 'Emily', 'Conor', 'Lena', 'Lucas'];
const LAST = ['Walsh', 'Taylor', 'Byrne', 'Evans', 'Murphy', 'Hughes', 'Kelly', 'Price', 'Fischer', 'Martin', 'Ruiz', 'Doyle'];
const CITIES: Record<string, string> = { GB: 'Manchester', IE: 'Cork', DE: 'Köln', FR: 'Lyon', ES: 'Valencia' };

/** Writes Southwind's Contact snapshot and its RTEM query; adds the export to `second` and returns its truth. */
export function renderSouthwindSnapshot(rng: Rng, files: Map<string, string>, second: SecondOrgTruth): SouthwindScopeTruth {
  const contacts = Array.from({ length: 200 }, (_, i) => {
    const [country, code] = rng.weighted(COUNTRIES);
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    // A few contacts were created after the query ran: the replay must leave them out.
    const created = i % 20 === 7 ? utc(2025, 7, 22) + rng.int(0, 10 * 86_400_000) : utc(2024, 1, 10) + rng.int(0, 550 * 86_400_000);
    return { id: id18Of(`0038d00000Sw${String(i + 1).padStart(3, '0')}`), first, last, country, code, created };
  });
  files.set('org-southwind/snapshots/Contact.csv', csvDocument(CONTACT_HEADER, contacts.map((c) => CONTACT_HEADER.map((h) => ({
    Id: c.id, FirstName: c.first, LastName: c.last, Email: `${c.first}.${c.last}${c.id.slice(-4)}@southwind-customers.example`.toLowerCase(),
    Phone: '', Title: '', LeadSource: 'Web', HasOptedOutOfEmail: 'false', MailingStreet: '', MailingCity: CITIES[c.code] ?? '', MailingState: '',
    MailingPostalCode: '', MailingCountry: c.country, AccountId: '', CreatedDate: isoMillis(c.created), LastModifiedDate: isoMillis(c.created),
  } as Record<string, string>)[h] ?? ''))));
  const exposed = contacts.filter((c) => (c.code === 'GB' || c.code === 'IE') && c.created <= QUERY_AT).sort((a, b) => (a.id < b.id ? -1 : 1));
  const values: Partial<Record<ApiEventField, string>> = {
    EventIdentifier: `5e0d0a1c-${rng.chars('0123456789abcdef', 4)}-4b2a-9c3d-${rng.chars('0123456789abcdef', 12)}`,
    EventDate: isoMillis(QUERY_AT), CreatedDate: isoMillis(QUERY_AT + 1100), UserId: id18Of(SOUTHWIND_USER), Username: 'sync@southwind-demo.com',
    SessionKey: 'Sw1sEsSiOnKeY001', LoginKey: 'Sw1LoGiNkEy00001', SourceIp: '198.18.7.20', UserAgent: 'SouthwindSync/1.0', ApiType: 'REST',
    ApiVersion: '62.0', Operation: 'query', Query: SOQL, QueriedEntities: 'Contact', RowsProcessed: String(exposed.length), RowsReturned: String(exposed.length),
    Records: '', ConnectedAppId: id18Of(SOUTHWIND_APP), RequestIdentifier: `4SwNdRtEm${rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ', 12)}-`, ElapsedTime: '140', Client: 'SouthwindSync/1.0', Platform: 'Unknown',
  };
  files.set('org-southwind/rtem/ApiEvent.csv', csvDocument(API_EVENT_HEADER, [API_EVENT_HEADER.map((h) => values[h] ?? '')]));
  second.exports.push({ channel: 'rest_query', object: 'Contact', rows: exposed.length, appName: SOUTHWIND_APP_NAME });
  const byJurisdiction: Record<string, number> = {};
  for (const c of exposed) byJurisdiction[c.code] = (byJurisdiction[c.code] ?? 0) + 1;
  return {
    contacts: contacts.length,
    query: { soql: SOQL, at: isoMillis(QUERY_AT), rows: exposed.length },
    affected: exposed.map((c) => ({ id: c.id, jurisdiction: c.code })),
    byJurisdiction,
  };
}
