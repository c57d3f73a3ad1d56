/**
 * The rules that compare an export with its integration's whole earlier history — new_network,
 * scripting_user_agent, first_object_access, off_hours — on generated traffic: integrations with
 * three weeks of ordinary work (one rotating through its own /24, one on IPv6, one that is always a
 * Python script, one only three days old), and planted exports whose expected flags are listed here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiEventCsv, at, cleanRuleCases, connectedAppsCsv, rng, runRuleCase, type ApiCall, type Integration, type RuleCase } from '../helpers/ruleCase.js';
import { sql } from '../../electron/engine/store/sql.js';

const vendor: Integration = { appId: '0H45j0000AAAAAA', name: 'Vendor Sync', userId: '0055j0000AAAAAA', username: 'vendor.sync@example.com' };
const ipv6: Integration = { appId: '0H45j0000DDDDDD', name: 'Six Sync', userId: '0055j0000DDDDDD', username: 'six@example.com' };
const script: Integration = { appId: '0H45j0000EEEEEE', name: 'In-house Script', userId: '0055j0000EEEEEE', username: 'script@example.com' };
const young: Integration = { appId: '0H45j0000CCCCCC', name: 'New Vendor', userId: '0055j0000CCCCCC', username: 'new.vendor@example.com' };

const r = rng(11);
const ordinary: ApiCall[] = [];
for (let day = 0; day <= 22; day++) {
  for (let hour = 8; hour <= 17; hour++) {
    const last = 11 + Math.floor(r() * 3) + (r() < 0.1 ? 180 : 0); // rotating through its own /24
    ordinary.push({ at: at(day, hour, 10 + Math.floor(r() * 30)), who: vendor, ip: `34.214.10.${last}`, ua: 'VendorSync/3.1', object: hour % 2 ? 'Contact' : 'Lead', rows: 5 + Math.floor(r() * 20) });
  }
  ordinary.push({ at: at(day, 12, 0, 5), who: ipv6, ip: `2001:db8:aa:${1 + (day % 3)}::${10 + day}`, ua: 'SixSync/1.0', object: 'Contact', rows: 12 });
  for (let hour = 0; hour < 24; hour += 3) ordinary.push({ at: at(day, hour, 45), who: script, ip: '198.51.100.20', ua: 'python-requests/2.28.1', object: 'Case', rows: 3 });
  if (day >= 20) ordinary.push({ at: at(day, 11, 0, 1), who: young, ip: `203.0.113.${day}`, ua: 'curl/8.1', object: 'Account', rows: 40 });
}
const P1: ApiCall = { at: at(21, 3, 10), who: vendor, ip: '45.147.230.12', ua: 'python-requests/2.31.0', object: 'Opportunity', rows: 300 };
const P2: ApiCall = { at: at(22, 9, 0, 1), who: vendor, ip: '45.147.230.77', ua: 'python-requests/2.31.0', object: 'Opportunity', rows: 250 };
const lateButUsual: ApiCall = { at: at(21, 18, 20), who: vendor, ip: '34.214.10.12', ua: 'VendorSync/3.1', object: 'Contact', rows: 9 };
const rotated: ApiCall = { at: at(21, 9, 59), who: vendor, ip: '34.214.11.9', ua: 'VendorSync/3.1', object: 'Contact', rows: 7 };
const v6New: ApiCall = { at: at(22, 12, 30), who: ipv6, ip: '2001:db8:bb::1', ua: 'SixSync/1.0', object: 'Contact', rows: 12 };
const calls = [...ordinary, P1, P2, lateButUsual, rotated, v6New];
const evidence = { 'rtem/ApiEvent.csv': apiEventCsv(calls), 'metadata/ConnectedApplication.csv': connectedAppsCsv([vendor, ipv6, script, young]) };

let plain: RuleCase;
let intel: RuleCase;
beforeAll(async () => {
  plain = await runRuleCase(evidence);
  const vendorIps = [...new Set(calls.filter((c) => c.who === vendor && c.ip.startsWith('34.214.')).map((c) => c.ip))];
  intel = await runRuleCase(evidence, {
    ipIntel: [
      ...vendorIps.map((ip): [string, string, number, string, string] => [ip, 'US', 16509, 'Amazon.com, Inc.', '34.214.0.0/15']),
      ['45.147.230.12', 'NL', 213035, 'Example Hosting B.V.', '45.147.228.0/22'],
      ['45.147.230.77', 'NL', 213035, 'Example Hosting B.V.', '45.147.228.0/22'],
    ],
  });
}, 120_000);
afterAll(() => {
  plain?.close();
  intel?.close();
  cleanRuleCases();
});

describe('new_network', () => {
  it('flags the new network, also a day later (the attacker who waits), and a new IPv6 /48; not the vendor rotating in its own /24', async () => {
    expect(await plain.flaggedAt('new_network')).toEqual([P1.at, rotated.at, P2.at, v6New.at].sort());
    const [first] = await plain.flags('new_network');
    expect(first!.message).toContain('Address 45.147.230.12 is in network 45.147.230.0/24 that Vendor Sync had used on 0 earlier day(s)');
    expect(first!.message).toContain('1 other network(s) over 21 days of history');
    const v6 = (await plain.flags('new_network')).find((f) => f.at === v6New.at)!;
    expect(v6.message).toContain('network 2001:db8:bb::/48');
    const second = (await plain.flags('new_network')).find((f) => f.at === P2.at)!;
    expect(second.message).toContain('had used on 1 earlier day(s)');
  });

  it('with IP intelligence, the ASN block is the network: the vendor moving to 34.214.11.9 is not new; a new country is named', async () => {
    expect(await intel.flaggedAt('new_network')).toEqual([P1.at, P2.at, v6New.at].sort());
    const [first] = await intel.flags('new_network');
    expect(first!.message).toContain('network 45.147.228.0/22 (Example Hosting B.V.)');
    expect(first!.message).toContain('Address 45.147.230.12 is in country NL that Vendor Sync had used on 0 earlier day(s)');
  });
});

describe('scripting_user_agent', () => {
  it('flags the Python client where the integration never scripted; not the integration that always is a script', async () => {
    expect(await plain.flaggedAt('scripting_user_agent')).toEqual([P1.at, P2.at]);
    const [f] = await plain.flags('scripting_user_agent');
    expect(f!.message).toBe('Scripting client "python-requests/2.31.0" (family python-requests); Vendor Sync had used a scripting client on 0 of its 21 earlier active days.');
  });
});

describe('first_object_access', () => {
  it('flags the first Opportunity export of an integration with history, once; not a three-day-old integration', async () => {
    expect(await plain.flaggedAt('first_object_access')).toEqual([P1.at]);
    const [f] = await plain.flags('first_object_access');
    expect(f!.message).toBe('First export of Opportunity by Vendor Sync after 21 days of history; objects it read before: Contact, Lead.');
  });
});

describe('off_hours', () => {
  it('flags 03:10 for an integration that works 08–17 UTC; not 18:20 (within an hour of its profile), not the round-the-clock script', async () => {
    expect(await plain.flaggedAt('off_hours')).toEqual([P1.at]);
    const [f] = await plain.flags('off_hours');
    expect(f!.message).toContain('Vendor Sync exported in the 03:00 hour (UTC); over 21 earlier days Vendor Sync was active only at hours 8, 9, 10, 11, 12, 13, 14, 15, 16, 17 (UTC)');
  });
});

describe('ordinary traffic', () => {
  it('raises no flag on any export that was not planted (false positives counted over every rule)', async () => {
    const planted = new Set([P1.at, P2.at, rotated.at, v6New.at]);
    const rows = await plain.db.all<{ at: string; code: string }>(
      sql`SELECT strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, f.code FROM flags f JOIN exports x USING (export_id) WHERE f.code <> 'ioc_user_agent'`);
    expect(rows.filter((x) => !planted.has(x.at))).toEqual([]);
    const exports = await plain.db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports`);
    expect(exports!.n).toBe(calls.length);
  });
});
