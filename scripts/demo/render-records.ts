/**
 * Org metadata and record snapshots as Data Loader writes them: PascalCase header, every value
 * quoted, empty for null, datetimes `2025-06-01T10:15:00.000Z`, booleans `true`/`false`.
 */
import { SNAPSHOT_AT, isoMillis } from './clock.js';
import { csvDocument } from './csv.js';
import type { Evidence } from './evidence.js';
import { ACCOUNT_HEADER, CONNECTED_APP_HEADER, CONTACT_HEADER, LEAD_HEADER, OPPORTUNITY_HEADER, USER_HEADER } from './headers.js';
import type { Org } from './model.js';

/** Adds metadata/ and snapshots/ files to `files`. */
export function renderRecords(org: Org, ev: Evidence, files: Map<string, string>): void {
  const lastLogin = new Map<string, number>();
  for (const r of ev.elf) {
    if (r.type !== 'Login' || r.at >= SNAPSHOT_AT || r.values.get('LOGIN_STATUS') !== 'LOGIN_NO_ERROR') continue;
    const user = r.values.get('USER_ID') ?? '';
    lastLogin.set(user, Math.max(lastLogin.get(user) ?? 0, r.at));
  }
  files.set('metadata/User.csv', csvDocument(USER_HEADER, byId(org.users).map((u) => {
    const last = lastLogin.get(u.id.id15) ?? u.priorLastLogin;
    return [u.id.id18, u.username, u.name, u.email, u.profileId, 'Standard', bool(u.isActive), isoMillis(u.createdDate), last ? isoMillis(toSecond(last)) : '', u.timeZone];
  })));
  files.set('metadata/ConnectedApplication.csv', csvDocument(CONNECTED_APP_HEADER, byId(org.apps).map((a) =>
    [a.id.id18, a.name, isoMillis(a.createdDate), bool(a.adminApprovedOnly)])));
  files.set('snapshots/Contact.csv', csvDocument(CONTACT_HEADER, byId(org.contacts).map((c) => [
    c.id.id18, c.firstName, c.lastName, c.email, c.phone, c.title, c.leadSource, bool(c.hasOptedOutOfEmail), c.address.street,
    c.address.city, c.address.state, c.address.postalCode, c.address.country, c.accountId ?? '', isoMillis(c.createdDate),
    isoMillis(c.lastModifiedDate),
  ])));
  files.set('snapshots/Lead.csv', csvDocument(LEAD_HEADER, byId(org.leads).map((l) => [
    l.id.id18, l.firstName, l.lastName, l.email, l.phone, l.company, l.status, l.rating, bool(l.isConverted), l.leadSource,
    l.address.street, l.address.city, l.address.state, l.address.postalCode, l.address.country, isoMillis(l.createdDate),
  ])));
  files.set('snapshots/Account.csv', csvDocument(ACCOUNT_HEADER, byId(org.accounts).map((a) => [
    a.id.id18, a.name, a.type, a.phone, a.billing.street, a.billing.city, a.billing.state, a.billing.postalCode,
    a.billing.country, isoMillis(a.createdDate),
  ])));
  files.set('snapshots/Opportunity.csv', csvDocument(OPPORTUNITY_HEADER, byId(org.opportunities).map((o) => [
    o.id.id18, o.name, o.accountId, o.stageName, String(o.amount), o.closeDate, o.leadSource, isoMillis(o.createdDate),
  ])));
}

function byId<T extends { id: { id18: string } }>(rows: readonly T[]): T[] {
  return rows.slice().sort((a, b) => (a.id.id18 < b.id.id18 ? -1 : a.id.id18 > b.id.id18 ? 1 : 0));
}

function toSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

function bool(value: boolean): string {
  return value ? 'true' : 'false';
}
