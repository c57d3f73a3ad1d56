/**
 * integrations.json, could read vs did read and source-IP intelligence on the demo evidence plus hand-written
 * permission exports of the demo org (test/fixtures/permissions/northwind). Expectations come from the demo
 * generator's truth, from those fixture files worked out by hand, and from the IP dataset's own numeric files.
 *
 * The fixtures: both integration users have the profile "Integration User" (its own permission set: Read on Task).
 * The Convo Chat user holds "Convo Chat Data Access" (assigned by its 15-character user id): Read on Contact (View
 * All Records), Lead, Account, Opportunity, Case, not Campaign; fields Contact.Email, Contact.MailingStreet,
 * Contact.Phone, Lead.Email (Opportunity.Amount not readable). The Marketing Sync user holds "Marketing Sync Leads"
 * (Lead, Campaign, CampaignMember; Lead.Email); its assignment of Convo Chat Data Access is inactive. Rachel Kim's
 * profile "System Administrator" has View All Data and Modify All Data.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { generateDemo, type DemoTruth } from '../../scripts/demo/index.js';
import { findRange, ipv4Key, readDataset } from '../helpers/ipRanges.js';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const permissions = path.join(root, 'test', 'fixtures', 'permissions', 'northwind');
const CONVO_USER = '0055j0000GhyhKxAQI';
const MKT_USER = '0055j0000sE8cd6AAB';
const MKT_APP = '0H45j0000k2oU70CAE';
const DATALOADER_APP = '0H45j0000S2SC0GCQW';

interface Access { userId: string; object: string; couldRead: boolean | null; via: string | null; viewAll: boolean | null; didRead: boolean; rowsRead: number | null }
interface Integration {
  org: { id: string | null }; app: { id: string | null; name: string | null }; exports: number;
  users: { userId: string; username: string }[]; usersTotal: number; ipsTotal: number; tokens: unknown[] | null;
  ips: { ip: string; country: string | null; asn: number | null; org: string | null; network: string | null; exports: number }[];
  userAgents: { userAgent: string; exports: number }[]; objects: { object: string; rows: number | null; countOnlyQueries: number }[];
  access: Access[] | null; leastPrivilege: { userId: string; couldReadNeverRead: string[] }[] | null;
  fieldAccess: { userId: string; object: string; fields: string[]; objectRead: boolean }[] | null;
}

let truth: DemoTruth;
let out: string;
let doc: { integrations: Integration[]; missing: string[]; ipDataset: { package: string; version: string }[] };
let exportsJson: { exports: { sourceIp: string | null; sourceIpInfo?: { country: string | null; asn: number | null; org: string | null } | null }[] };

beforeAll(async () => {
  truth = generateDemo(20250726).truth;
  out = mkdtempSync(path.join(os.tmpdir(), 'ls-integrations-'));
  const r = await investigate({
    evidencePaths: [demo, permissions], outDir: out, resourcesDir: path.join(root, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
  doc = JSON.parse(readFileSync(path.join(out, 'integrations.json'), 'utf8')) as typeof doc;
  exportsJson = JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as typeof exportsJson;
}, 300_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const byApp = (id: string): Integration => {
  const i = doc.integrations.find((x) => x.app.id === id);
  expect(i, id).toBeDefined();
  return i!;
};

describe('integrations.json on the demo', () => {
  it('lists the compromised integration with its user, the attacker address and client as truth.json states them', () => {
    const convo = byApp(truth.incident.connectedAppId);
    expect(convo.app.name).toBe(truth.incident.connectedAppName);
    expect(convo.users.map((u) => [u.userId, u.username])).toEqual([[truth.incident.userId, truth.incident.username]]);
    // Three usual addresses (34.214.10.11–13, resources/demo/README.md) and the attacker's.
    expect([convo.ips.length, convo.ipsTotal, convo.usersTotal]).toEqual([4, 4, 1]);
    const attacker = convo.ips.find((i) => i.ip === truth.incident.sourceIp);
    expect(attacker?.exports).toBe(truth.plantedExports.length);
    expect(convo.userAgents.find((u) => u.userAgent === truth.incident.userAgent)?.exports).toBe(truth.plantedExports.length);
    // Account and Opportunity are read only by the attack: their rows are the planted exports' rows.
    for (const object of ['Account', 'Opportunity']) {
      const planted = truth.plantedExports.filter((x) => x.object === object);
      const o = convo.objects.find((x) => x.object === object);
      expect(o?.rows, object).toBe(planted.filter((x) => !x.countOnly).reduce((a, x) => a + x.rows, 0));
      expect(o?.countOnlyQueries, object).toBe(planted.filter((x) => x.countOnly).length);
    }
  });

  it('gives each IP the country and network the dataset holds for it, and labels documentation addresses', () => {
    const country = readDataset(path.join(root, 'node_modules/@ip-location-db/geo-whois-asn-country'), 'geo-whois-asn-country');
    const asn = readDataset(path.join(root, 'node_modules/@ip-location-db/asn'), 'asn');
    const attacker = byApp(truth.incident.connectedAppId).ips.find((i) => i.ip === truth.incident.sourceIp)!;
    const key = ipv4Key(truth.incident.sourceIp);
    expect(attacker.country).toBe(findRange(country, key)?.values[0]);
    expect(attacker.asn).toBe(Number(findRange(asn, key)?.values[0]));
    expect(attacker.org).toBe(findRange(asn, key)?.values[1]?.trim());
    // The demo's office networks are documentation ranges (resources/demo/README.md).
    for (const ip of byApp(DATALOADER_APP).ips) expect(ip, ip.ip).toMatchObject({ country: null, asn: null, org: expect.stringMatching(/RFC 5737/) });
    expect(doc.ipDataset.map((d) => d.package).sort()).toEqual(['@ip-location-db/asn', '@ip-location-db/geo-whois-asn-country']);
    const shown = exportsJson.exports.find((x) => x.sourceIp === truth.incident.sourceIp);
    expect(shown?.sourceIpInfo).toMatchObject({ country: attacker.country, asn: attacker.asn, org: attacker.org });
  });

  it('sets what each integration user could read beside what it did read (hand-computed from the fixtures)', () => {
    const convo = byApp(truth.incident.connectedAppId).access!.map((a) => [a.object, a.couldRead, a.via, a.viewAll, a.didRead]);
    expect(convo).toEqual([
      ['Account', true, 'permission set Convo Chat Data Access', false, true],
      ['Case', true, 'permission set Convo Chat Data Access', false, false],
      ['Contact', true, 'permission set Convo Chat Data Access', true, true],
      ['Lead', true, 'permission set Convo Chat Data Access', false, true],
      ['Opportunity', true, 'permission set Convo Chat Data Access', false, true],
      ['Task', true, 'profile Integration User', false, false],
    ]);
    expect(byApp(truth.incident.connectedAppId).leastPrivilege).toEqual([{ userId: CONVO_USER, couldReadNeverRead: ['Case', 'Task'] }]);
    const mkt = byApp(MKT_APP);
    expect(mkt.access!.map((a) => [a.object, a.couldRead, a.didRead])).toEqual([
      ['Campaign', true, false], ['CampaignMember', true, false], ['Lead', true, true], ['Task', true, false],
    ]);
    expect(mkt.leastPrivilege).toEqual([{ userId: MKT_USER, couldReadNeverRead: ['Campaign', 'CampaignMember', 'Task'] }]);
    expect(mkt.fieldAccess).toEqual([{ userId: MKT_USER, object: 'Lead', fields: ['Lead.Email'], objectRead: true }]);
    expect(byApp(truth.incident.connectedAppId).fieldAccess).toEqual([
      { userId: CONVO_USER, object: 'Contact', fields: ['Contact.Email', 'Contact.MailingStreet', 'Contact.Phone'], objectRead: true },
      { userId: CONVO_USER, object: 'Lead', fields: ['Lead.Email'], objectRead: true },
    ]);
  });

  it('shows View All Data as every object, readable whether or not it was read', () => {
    const admin = byApp(DATALOADER_APP).access!;
    expect(admin[0]).toMatchObject({ object: '*', couldRead: true, viewAll: true, didRead: false, via: 'profile System Administrator (Modify All Data)' });
    const read = admin.filter((a) => a.didRead).map((a) => a.object);
    expect(read).toEqual(byApp(DATALOADER_APP).objects.map((o) => o.object).sort());
    expect(admin.every((a) => a.couldRead === true && a.viewAll === true)).toBe(true);
    expect(admin.map((a) => a.object)).toEqual(expect.arrayContaining(['Campaign', 'Case', 'Contact', 'Task']));
  });

  it('says which inputs it did not have instead of leaving sections silently empty', () => {
    expect(doc.missing).toContain('OauthToken export');
    expect(byApp(MKT_APP).tokens).toBeNull();
  });

  it('is hashed into the manifest like every other output', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[] };
    const entry = manifest.outputs.find((o) => o.file === 'integrations.json');
    expect(entry?.sha256).toBe(createHash('sha256').update(readFileSync(path.join(out, 'integrations.json'))).digest('hex'));
  });
});
