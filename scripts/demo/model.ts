/** The synthetic org as plain objects: who works there, which apps connect, and its records. */
import type { RenderedAddress } from './addresses.js';
import type { SfId } from './keys.js';

import type { SupportCase } from './cases.js';

export type UserRole = 'sales' | 'service' | 'marketing' | 'admin' | 'management' | 'integration';
export type Office = 'boston' | 'dublin' | 'remote';

export interface OrgUser {
  id: SfId;
  username: string;
  name: string;
  email: string;
  profileId: string; // 18
  role: UserRole;
  isActive: boolean;
  createdDate: number;
  office: Office;
  /** Where the person connects from (office /24s, VPN); '' for integration users. */
  ip: string;
  /** Last login before the evidence period (shown when the logs hold none), e.g. a departed employee. */
  priorLastLogin: number | null;
  /** The browser the person uses (UI users) or the client string (integration users). */
  userAgent: string;
  /** User.TimeZoneSidKey: SOQL date literals in this user's queries are evaluated in it. */
  timeZone: string;
}

export interface ConnectedApp {
  id: SfId;
  name: string;
  createdDate: number;
  adminApprovedOnly: boolean;
}

export interface Account {
  id: SfId;
  name: string;
  /** As stored (letter case varies: "Customer", "customer"). */
  type: string;
  phone: string;
  billing: RenderedAddress;
  /** The jurisdiction code the billing address was rendered for: a contact without an address of its own lives here. */
  jurisdiction: string;
  createdDate: number;
  domain: string;
}

export interface Contact {
  id: SfId;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  leadSource: string;
  hasOptedOutOfEmail: boolean;
  address: RenderedAddress;
  accountId: string | null; // 18
  createdDate: number;
  lastModifiedDate: number;
  /** The jurisdiction code the address was rendered for (ground truth). */
  jurisdiction: string;
}

export interface Lead {
  id: SfId;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company: string;
  status: string;
  rating: string;
  isConverted: boolean;
  leadSource: string;
  address: RenderedAddress;
  createdDate: number;
  jurisdiction: string;
}

export interface Opportunity {
  id: SfId;
  name: string;
  accountId: string; // 18
  stageName: string;
  amount: number;
  closeDate: string; // YYYY-MM-DD
  leadSource: string;
  createdDate: number;
}

/** A Bulk API v1 insert the admin ran with Data Loader; the leads it created carry its time. */
export interface LeadImport {
  at: number;
  leadIds: string[]; // 18
}

export interface Org {
  users: OrgUser[];
  apps: ConnectedApp[];
  accounts: Account[];
  contacts: Contact[];
  leads: Lead[];
  opportunities: Opportunity[];
  /** Support cases (scripts/demo/cases.ts), some holding pasted credentials. */
  cases: SupportCase[];
  leadImports: LeadImport[];
  convoChatApp: ConnectedApp;
  marketingApp: ConnectedApp;
  dataLoaderApp: ConnectedApp;
  convoChatUser: OrgUser;
  marketingUser: OrgUser;
  dataLoaderAdmin: OrgUser;
}

/** Keeps record CreatedDates unique to the second, so ORDER BY CreatedDate has no ties. */
export class UniqueInstants {
  private readonly taken = new Set<number>();

  /** The candidate rounded down to the second, moved forward until unused. */
  claim(candidate: number): number {
    let t = Math.floor(candidate / 1000) * 1000;
    while (this.taken.has(t)) t += 1000;
    this.taken.add(t);
    return t;
  }
}
