/**
 * ioc_ip, ioc_user_agent (by product family), recon_count_queries and enumeration on generated
 * traffic: a vendor's hourly COUNT() and reads of two objects (ordinary), an admin reading three
 * objects in an hour (ordinary), other clients whose user agents do or do not belong to an
 * indicator's family, and a planted session that counts four objects, then reads five.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const admin: Integration = { appId: '0H45j0000LLLLLL', name: 'Dataloader Partner', userId: '0055j0000LLLLLL', username: 'admin@example.com' };
const other: Integration = { appId: '0H45j0000PPPPPP', name: 'Partner Tool', userId: '0055j0000PPPPPP', username: 'partner@example.com' };

const ordinary: ApiCall[] = [];
for (let day = 0; day <= 14; day++) {
  for (let hour = 8; hour <= 17; hour++) {
    const base = { who: vendor, ip: '34.214.10.11', ua: 'VendorSync/3.1' };
    ordinary.push({ ...base, at: at(day, hour, 1), object: 'Contact', rows: 3000, count: true });
    ordinary.push({ ...base, at: at(day, hour, 2), object: 'Lead', rows: 2000, count: true });
    ordinary.push({ ...base, at: at(day, hour, 5), object: 'Contact', rows: 20 });
    ordinary.push({ ...base, at: at(day, hour, 6), object: 'Lead', rows: 15 });
  }
  const dl = { who: admin, ip: '198.51.100.7', ua: 'DataLoaderPartnerUI/62.0.0', session: `dl-${day}` };
  ordinary.push({ ...dl, at: at(day, 14, 0, 9), object: 'Account', rows: 400 }, { ...dl, at: at(day, 14, 20, 9), object: 'Contact', rows: 800 }, { ...dl, at: at(day, 14, 40, 9), object: 'Case', rows: 90 });
}
// User agents of other clients: two are of an indicator's product family, two only look alike.
const family = [
  { at: at(14, 9, 30), who: other, ip: '203.0.113.5', ua: 'python-requests/2.25.0', object: 'Account', rows: 5 },
  { at: at(14, 9, 31), who: other, ip: '203.0.113.5', ua: 'Python/3.12 aiohttp/3.9.1', object: 'Account', rows: 5 },
  { at: at(14, 9, 32), who: other, ip: '203.0.113.5', ua: 'python-requestsX/1.0', object: 'Account', rows: 5 },
  { at: at(14, 9, 33), who: other, ip: '203.0.113.5', ua: 'aiohttp-toolkit-docs/1.0', object: 'Account', rows: 5 },
];
const attacker = { who: vendor, ip: '208.68.36.90', ua: 'Salesforce-Multi-Org-Fetcher/1.0', session: 'stolen-session' };
const counts: ApiCall[] = ['Contact', 'Lead', 'Account', 'Opportunity'].map((object, i) => ({ ...attacker, at: at(14, 22, 0, 10 + 30 * i), object, rows: 1000 + i, count: true }));
const reads: ApiCall[] = ['Contact', 'Lead', 'Account', 'Opportunity', 'Case'].map((object, i) => ({ ...attacker, at: at(14, 22, 10 + 5 * i), object, rows: 500 + i }));
const calls = [...ordinary, ...family, ...counts, ...reads];

let c: RuleCase;
beforeAll(async () => {
  c = await runRuleCase({ 'rtem/ApiEvent.csv': apiEventCsv(calls), 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor, admin, other]) });
}, 120_000);
afterAll(() => {
  c?.close();
  cleanRuleCases();
});

const times = (xs: ApiCall[]): string[] => xs.map((x) => x.at).sort();

describe('ioc_ip', () => {
  it('flags every export from a published address, naming the source', async () => {
    expect(await c.flaggedAt('ioc_ip')).toEqual(times([...counts, ...reads]));
    const [f] = await c.flags('ioc_ip');
    expect(f!.message).toBe('Source IP 208.68.36.90 is a published indicator (GTIG-6395: DigitalOcean; UNC6395).');
    expect(f!.evidence).toHaveLength(1);
  });
});

describe('ioc_user_agent', () => {
  it('matches the exact indicator and its product family, not look-alikes', async () => {
    expect(await c.flaggedAt('ioc_user_agent')).toEqual(times([...counts, ...reads, family[0]!, family[1]!]));
    const byAt = new Map((await c.flags('ioc_user_agent')).map((f) => [f.at, f.message]));
    expect(byAt.get(counts[0]!.at)).toBe('User agent "Salesforce-Multi-Org-Fetcher/1.0" is a published indicator (GTIG-6395: UNC6395; reused in the Gainsight wave).');
    expect(byAt.get(family[0]!.at)).toBe('User agent "python-requests/2.25.0" is of the product family "python-requests" of the published indicator "python-requests/2.32.4" (GTIG-6395: UNC6395).');
    expect(byAt.get(family[1]!.at)).toContain('of the product family "aiohttp"');
  });
});

describe('recon_count_queries', () => {
  it('flags the four COUNT() queries of one session within minutes; not the vendor counting two objects every hour', async () => {
    expect(await c.flaggedAt('recon_count_queries')).toEqual(times(counts));
    const [f] = await c.flags('recon_count_queries');
    expect(f!.message).toBe('COUNT() queries on 4 objects (Account, Contact, Lead, Opportunity) within 2 minutes from the same session.');
    expect(f!.evidence).toHaveLength(4);
  });
});

describe('enumeration', () => {
  it('flags five objects read within 20 minutes; not the admin reading three objects in an hour, not the vendor reading two', async () => {
    expect(await c.flaggedAt('enumeration')).toEqual(times(reads));
    const [f] = await c.flags('enumeration');
    expect(f!.message).toBe('Records read from 5 objects (Account, Case, Contact, Lead, Opportunity) within 20 minutes from the same session.');
    expect(f!.evidence).toHaveLength(5);
  });

  it('counts false positives: no export outside the planted session and the two family user agents is flagged', async () => {
    const planted = new Set([...counts, ...reads, family[0]!, family[1]!].map((x) => x.at));
    const all = await c.db.all<{ at: string }>(sql`SELECT DISTINCT strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS at FROM flags JOIN exports x USING (export_id)`);
    expect(all.filter((r) => !planted.has(r.at))).toEqual([]);
  });
});
