/** The people and integrations with logins: ~25 staff, two integration users and the connected apps. */
import { assertNever } from '../../shared/result.js';
import { utc } from './clock.js';
import type { KeyMint } from './keys.js';
import type { ConnectedApp, Office, OrgUser, UserRole } from './model.js';
import type { Rng } from './random.js';

export const BROWSERS = {
  chromeWin: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  chromeMac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
  firefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0',
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
} as const;

export const DOMAIN = 'northwind-demo.com';
export const CONVO_CHAT_USERNAME = `convochat.integration@${DOMAIN}`;
export const MARKETING_USERNAME = `mktsync.integration@${DOMAIN}`;
export const CONVO_CHAT_CLIENT = 'ConvoChat-Sync/4.2';
export const MARKETING_CLIENT = 'MarketingSync/2.1';
export const DATA_LOADER_CLIENT = 'DataLoaderPartnerUI/62.0.0';

const STAFF: readonly (readonly [name: string, role: UserRole, office: Office, browser: keyof typeof BROWSERS, active: boolean])[] = [
  ['Olivia Bennett', 'sales', 'boston', 'chromeMac', true],
  ['Marcus Reed', 'sales', 'boston', 'chromeWin', true],
  ['Priya Raman', 'sales', 'boston', 'chromeWin', true],
  ['Daniel Okafor', 'sales', 'remote', 'edge', true],
  ['Hannah Schultz', 'sales', 'boston', 'firefox', true],
  ['Ethan Brooks', 'sales', 'boston', 'chromeWin', true],
  ['Sofia Marquez', 'sales', 'remote', 'safari', true],
  ["Liam O'Connell", 'sales', 'dublin', 'chromeWin', true],
  ['Aoife Brennan', 'sales', 'dublin', 'chromeMac', true],
  ['Noah Fischer', 'sales', 'dublin', 'firefox', true],
  ['Grace Whitfield', 'sales', 'boston', 'safari', true],
  ['Jasmine Cole', 'service', 'boston', 'chromeWin', true],
  ['Tomás Herrera', 'service', 'boston', 'chromeWin', true],
  ['Emily Nguyen', 'service', 'remote', 'chromeMac', true],
  ['Ryan Park', 'service', 'boston', 'edge', true],
  ['Chloe Martin', 'service', 'dublin', 'chromeWin', true],
  ['Owen Gallagher', 'service', 'dublin', 'firefox', true],
  ['Fatima Haddad', 'service', 'boston', 'chromeWin', true],
  ['Zoe Lambert', 'marketing', 'boston', 'chromeMac', true],
  ['Benjamin Cho', 'marketing', 'remote', 'chromeMac', true],
  ['Rachel Kim', 'admin', 'boston', 'chromeWin', true],
  ['Victor Alvarez', 'admin', 'boston', 'firefox', true],
  ['Catherine Doyle', 'management', 'boston', 'safari', true],
  ['James Whitaker', 'management', 'remote', 'chromeMac', true],
  ['Kevin Marsh', 'sales', 'boston', 'chromeWin', false],
];

export interface Staffing {
  users: OrgUser[];
  apps: ConnectedApp[];
  convoChatApp: ConnectedApp;
  marketingApp: ConnectedApp;
  dataLoaderApp: ConnectedApp;
  convoChatUser: OrgUser;
  marketingUser: OrgUser;
  dataLoaderAdmin: OrgUser;
}

/** Builds the org's users, their profiles and the connected apps installed in it. */
export function buildStaffing(rng: Rng, mint: KeyMint): Staffing {
  const profiles = {
    admin: mint.recordId('00e').id18,
    sales: mint.recordId('00e').id18,
    service: mint.recordId('00e').id18,
    marketing: mint.recordId('00e').id18,
    integration: mint.recordId('00e').id18,
  };
  const profileFor = (role: UserRole): string => {
    switch (role) {
      case 'admin':
        return profiles.admin;
      case 'sales':
      case 'management':
        return profiles.sales;
      case 'service':
        return profiles.service;
      case 'marketing':
        return profiles.marketing;
      case 'integration':
        return profiles.integration;
      default:
        return assertNever(role, 'user role');
    }
  };
  const users: OrgUser[] = STAFF.map(([name, role, office, browser, active]) => {
    const [first = '', last = ''] = name.split(' ');
    const local = `${ascii(first)}.${ascii(last)}`;
    return {
      id: mint.recordId('005'),
      username: `${local}@${DOMAIN}`,
      name,
      email: `${local}@${DOMAIN}`,
      profileId: profileFor(role),
      role,
      isActive: active,
      createdDate: utc(2021 + rng.int(0, 3), rng.int(1, 12), rng.int(1, 28), rng.int(13, 20), rng.int(0, 59), rng.int(0, 59)),
      office,
      ip: officeIp(rng, office),
      priorLastLogin: active ? null : utc(2025, 6, 19, 21, 14, 3),
      userAgent: BROWSERS[browser],
      timeZone: OFFICE_TIME_ZONES[office],
    };
  });
  const integration = (username: string, name: string, createdDate: number, client: string, timeZone: string): OrgUser => ({
    id: mint.recordId('005'),
    username,
    name,
    email: `salesforce-admins@${DOMAIN}`,
    profileId: profiles.integration,
    role: 'integration',
    isActive: true,
    createdDate,
    office: 'remote',
    ip: '',
    priorLastLogin: null,
    userAgent: client,
    timeZone,
  });
  const convoChatUser = integration(CONVO_CHAT_USERNAME, 'Convo Chat Integration', utc(2024, 2, 12, 16, 5, 11), CONVO_CHAT_CLIENT, CONVO_CHAT_TIME_ZONE);
  const marketingUser = integration(MARKETING_USERNAME, 'Marketing Sync Integration', utc(2023, 9, 5, 14, 40, 2), MARKETING_CLIENT, ORG_TIME_ZONE);
  users.push(convoChatUser, marketingUser);
  const app = (name: string, createdDate: number, adminApprovedOnly: boolean): ConnectedApp => ({
    id: mint.recordId('0H4'),
    name,
    createdDate,
    adminApprovedOnly,
  });
  const convoChatApp = app('Convo Chat for Salesforce', utc(2024, 2, 12, 16, 20, 0), false);
  const marketingApp = app('Northwind Marketing Sync', utc(2023, 9, 5, 14, 31, 45), true);
  const dataLoaderApp = app('Dataloader Partner', utc(2021, 3, 10, 9, 0, 0), false);
  const mobileApp = app('Salesforce for iOS', utc(2021, 3, 10, 9, 0, 0), false);
  const dataLoaderAdmin = users.find((u) => u.name === 'Rachel Kim');
  if (!dataLoaderAdmin) throw new Error('the Data Loader admin is missing from the staff list');
  return {
    users,
    apps: [dataLoaderApp, mobileApp, marketingApp, convoChatApp],
    convoChatApp,
    marketingApp,
    dataLoaderApp,
    convoChatUser,
    marketingUser,
    dataLoaderAdmin,
  };
}

/** The org's default time zone (Organization.TimeZoneSidKey): Boston headquarters. */
export const ORG_TIME_ZONE = 'America/New_York';
/** Convo Chat's run-as user was set up by the vendor, in Oregon. */
export const CONVO_CHAT_TIME_ZONE = 'America/Los_Angeles';
const OFFICE_TIME_ZONES: Readonly<Record<Office, string>> = { boston: ORG_TIME_ZONE, dublin: 'Europe/Dublin', remote: 'America/Chicago' };

/** Office egress /24s: Boston HQ, the Dublin office, and the VPN used by remote staff. */
export const OFFICE_NETWORKS: Readonly<Record<Office, string>> = { boston: '198.51.100.', dublin: '203.0.113.', remote: '192.0.2.' };

function officeIp(rng: Rng, office: Office): string {
  return `${OFFICE_NETWORKS[office]}${rng.int(10, 250)}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}
