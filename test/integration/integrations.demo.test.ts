/**
 * integrations.json, could read vs did read, tokens, audit-trail changes and source-IP intelligence on the demo
 * evidence, which holds the org's permission, OauthToken and Setup Audit Trail exports. Expectations come from the
 * demo generator's truth (its access model and what its traffic reads; resources/demo/README.md) and from the IP
 * dataset's own numeric files.
 *
 * The permission exports: both integration users have the profile "Integration User" (its own permission set: Read
 * on Task). The Convo Chat user holds "Convo Chat Data Access" (assigned by its 15-character user id): Read on Contact
 * (View All Records), Lead, Account, Opportunity, Case, not Campaign; fields Contact.Email, Contact.MailingStreet,
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
const CONVO_USER = '0055j0000GhyhKxAQI';
const MKT_USER = '0055j0000sE8cd6AAB';
const MKT_APP = '0H45j0000k2oU70CAE';
const DATALOADER_APP = '0H45j0000S2SC0GCQW';

interface Access { userId: string; object: string; couldRead: boolean | null; via: string | null; viewAll: boolean | null; governedBy: string; didRead: boolean; rowsRead: number | null }
interface Integration {
  org: { id: string | null }; app: { id: string | null; name: string | null }; exports: number;
  users: { userId: string; username: string }[]; usersTotal: number; ipsTotal: number;
  tokens: { id: string; appName: string; userId: string; created: string; lastUsed: string; useCount: number }[] | null;
  auditTrail: { at: string; kind: string; appName: string | null; userId: string | null; detail: string }[] | null;
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
    evidencePaths: [demo], outDir: out, resourcesDir: path.join(root, 'resources'), tool: { name: 'leakscope', version: 'test' },
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

  it('sets what each integration user could read beside what it did read, as the generator\'s access model gives it', () => {
    for (const t of truth.access) {
      const i = byApp(t.appId);
      expect(i.access!.map((a) => ({ object: a.object, via: a.via, viewAll: a.viewAll, couldRead: a.couldRead })), t.appName)
        .toEqual(t.couldRead.map((c) => ({ ...c, couldRead: true })));
      expect(i.access!.filter((a) => a.didRead).map((a) => a.object), t.appName).toEqual(t.didRead);
      expect(i.leastPrivilege, t.appName).toEqual([{ userId: t.userId, couldReadNeverRead: t.couldReadNeverRead }]);
      expect(i.fieldAccess, t.appName).toEqual(t.fields.map((f) => ({ userId: t.userId, object: f.object, fields: f.fields, objectRead: true })));
    }
    // Hand-checked: Convo Chat could read Task but never did; the attacker used its Account, Case and Opportunity access.
    expect(byApp(truth.incident.connectedAppId).leastPrivilege).toEqual([{ userId: CONVO_USER, couldReadNeverRead: ['Task'] }]);
    expect(byApp(MKT_APP).leastPrivilege).toEqual([{ userId: MKT_USER, couldReadNeverRead: ['Campaign', 'CampaignMember', 'Task'] }]);
  });

  it('shows View All Data as every object, readable whether or not it was read', () => {
    const admin = byApp(DATALOADER_APP).access!;
    expect(admin[0]).toMatchObject({ object: '*', couldRead: true, viewAll: true, didRead: false, via: 'profile System Administrator (Modify All Data)' });
    const read = admin.filter((a) => a.didRead).map((a) => a.object);
    expect(read).toEqual(byApp(DATALOADER_APP).objects.map((o) => o.object).sort());
    // Every object but files: a downloaded file (the sales reps' downloads) is governed by file sharing, not by View All Data.
    expect(admin.filter((a) => a.object !== 'File').every((a) => a.couldRead === true && a.viewAll === true)).toBe(true);
    expect(admin.find((a) => a.object === 'File')).toMatchObject({ couldRead: null, viewAll: null, governedBy: 'file_sharing', didRead: false });
    expect(admin.map((a) => a.object)).toEqual(expect.arrayContaining(['Campaign', 'Case', 'Contact', 'Task']));
  });

  it('lists each integration\'s OAuth tokens as the OauthToken export holds them', () => {
    expect(doc.missing).not.toContain('OauthToken export');
    for (const t of truth.response.tokens) {
      const app = t.appName === truth.incident.connectedAppName ? truth.incident.connectedAppId : MKT_APP;
      expect(byApp(app).tokens?.map((x) => ({ id: x.id, appName: x.appName, userId: x.userId, created: x.created, lastUsed: x.lastUsed, useCount: x.useCount }))).toEqual([t]);
    }
    expect(byApp(DATALOADER_APP).tokens).toEqual([]);
  });

  it('lists the Setup Audit Trail changes that touched Convo Chat: revoked, blocked, frozen', () => {
    const changes = byApp(truth.incident.connectedAppId).auditTrail!.filter((c) => c.detail.startsWith('Setup Audit Trail'));
    expect(changes.map((c) => ({ at: c.at, kind: c.kind }))).toEqual(truth.response.containment.map((c) => ({ at: c.at, kind: c.kind })));
    for (const [c, t] of changes.map((x, k) => [x, truth.response.containment[k]!] as const)) expect(c.detail).toContain(t.display);
    // The ordinary setup changes name no integration and stay out of every integration's list.
    const all = doc.integrations.flatMap((i) => i.auditTrail ?? []).filter((c) => c.detail.startsWith('Setup Audit Trail'));
    expect(all).toHaveLength(truth.response.containment.length);
  });

  it('is hashed into the manifest like every other output', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[] };
    const entry = manifest.outputs.find((o) => o.file === 'integrations.json');
    expect(entry?.sha256).toBe(createHash('sha256').update(readFileSync(path.join(out, 'integrations.json'))).digest('hex'));
  });
});
