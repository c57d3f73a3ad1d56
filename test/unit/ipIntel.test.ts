/**
 * Offline IP intelligence through the real intake: an EventLogFile CSV written by the test carries client IPs
 * picked from the dataset itself. The expected country and network come from the dataset's numeric CSV files,
 * searched here in JavaScript (the engine reads the text files and keys them in SQL), so the two are independent.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateIpDataset, type IpDataset } from '../../electron/engine/analysis/ipDataset.js';
import { buildIpIntel, NOT_AN_IP_LABEL, SALESFORCE_INTERNAL_LABEL } from '../../electron/engine/analysis/ipIntel.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../../electron/engine/intake/intake.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';
import { findRange as find, IPV4_MAPPED, readDataset, type NumRange as Range } from '../helpers/ipRanges.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RESOURCES = path.join(REPO, 'resources');
const ASN_DIR = path.join(REPO, 'node_modules/@ip-location-db/asn');
const COUNTRY_DIR = path.join(REPO, 'node_modules/@ip-location-db/geo-whois-asn-country');
const MAPPED = IPV4_MAPPED;

const v4 = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
/** Uncompressed eight-group notation, a different spelling from the dataset's own compressed text. */
const v6 = (n: bigint): string => Array.from({ length: 8 }, (_, i) => ((n >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');

/** Blocks that are labelled, not looked up (RFC 6890 special-purpose space), as key ranges written out by hand. */
const SPECIAL_V4: [number, number][] = [[0, 8], [10, 8], [127, 8], [224, 3]]; // first octet, prefix (224/3 covers multicast and reserved)
function isSpecialKey(key: bigint): boolean {
  if (key >= MAPPED && key <= MAPPED + 0xffffffffn) {
    const a = Number((key - MAPPED) >> 24n);
    return SPECIAL_V4.some(([o, p]) => a >> (8 - p) === o >> (8 - p)) || (key - MAPPED) >> 16n === 0xa9fen || (key - MAPPED) >> 22n === (100n << 2n) + 1n;
  }
  const top = Number(key >> 112n);
  return key <= 1n || top >= 0xfc00 || key >> 96n === 0x20010db8n;
}

const root = mkdtempSync(path.join(os.tmpdir(), 'ls-ipintel-'));
let db: CaseDb;
let custody: CustodyLog;
let asn: Range[];
let country: Range[];
const probes: { ip: string; key: bigint }[] = [];

function writeApiTotalUsage(file: string, ips: string[]): void {
  const header = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'ORGANIZATION_ID', 'USER_ID', 'CLIENT_IP', 'TIMESTAMP_DERIVED', 'USER_ID_DERIVED'];
  const rows = ips.map((ip, i) => ['ApiTotalUsage', '20250701120000.000', `REQ${i}`, '00D5j000000NWDm', '0055j000000utlP', ip, '2025-07-01T12:00:00.000Z', '0055j000000utlPAAQ']);
  writeFileSync(file, [header, ...rows].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n');
}

const SPECIAL: [string, string, string][] = [
  ['10.1.2.3', '10.0.0.0/8', 'RFC 1918'],
  ['172.31.255.255', '172.16.0.0/12', 'RFC 1918'],
  ['192.168.0.1', '192.168.0.0/16', 'RFC 1918'],
  ['192.0.2.55', '192.0.2.0/24', 'RFC 5737'],
  ['198.51.100.7', '198.51.100.0/24', 'RFC 5737'],
  ['203.0.113.255', '203.0.113.0/24', 'RFC 5737'],
  ['127.0.0.1', '127.0.0.0/8', 'Loopback'],
  ['::1', '::1/128', 'Loopback'],
  ['2001:db8::5', '2001:db8::/32', 'RFC 3849'],
  ['fe80::1%eth0', 'fe80::/10', 'Link-local'],
  ['[2001:db8::7]', '2001:db8::/32', 'RFC 3849'],
];

beforeAll(async () => {
  asn = readDataset(ASN_DIR, 'asn');
  country = readDataset(COUNTRY_DIR, 'geo-whois-asn-country');
  // Rows across the dataset (both families): first, last, one past the last and one before the first address.
  const v4Count = asn.findIndex((r) => r.lo < MAPPED || r.lo > MAPPED + 0xffffffffn);
  const picks = [0, 1, 7_777, 150_000, 300_001, asn.length - 1, asn.length - 2_000, ...asn.flatMap((r, i) => (r.lo < MAPPED && i % 25_000 === 0 ? [i] : []))];
  for (const i of picks) {
    const r = asn[i]!;
    for (const key of [r.lo, r.hi, r.hi + 1n, r.lo - 1n]) {
      const isV4 = key >= MAPPED && key <= MAPPED + 0xffffffffn;
      probes.push({ ip: isV4 ? v4(key - MAPPED) : v6(key), key });
    }
  }
  expect(v4Count).not.toBe(0);
  probes.push({ ip: '::ffff:1.0.0.7', key: MAPPED + 0x01000007n });
  const evidence = path.join(root, 'evidence');
  mkdirSync(evidence, { recursive: true });
  writeApiTotalUsage(path.join(evidence, 'ApiTotalUsage-2025-07-01.csv'), [
    ...new Set([...probes.map((p) => p.ip), ...SPECIAL.map((s) => s[0]), 'Salesforce.com IP', 'not-an-ip', ' 1.0.0.9 ', '2001::1', '1:2:3::4::5:6']),
  ]);
  db = await CaseDb.open(path.join(root, 'case.duckdb'));
  custody = CustodyLog.open(path.join(root, 'custody.sqlite'));
  await migrate(db);
  await intakeEvidence(db, custody, [evidence]);
});

afterAll(() => {
  db?.close();
  custody?.close();
  rmSync(root, { recursive: true, force: true });
});

type IntelRow = { ip: string; country: string | null; asn: number | null; as_org: string | null; network: string | null };
const rowOf = async (ip: string): Promise<IntelRow | null> => db.one<IntelRow>(sql`SELECT ip, country, asn, as_org, network FROM ip_intel WHERE ip = ${ip}`);

describe('buildIpIntel', () => {
  it('gives every address the country and network the dataset holds for it, at range boundaries too', async () => {
    const summary = await buildIpIntel(db, RESOURCES);
    expect(summary.reloaded).toBe(true);
    expect(summary.ips).toBe(new Set([...probes.map((p) => p.ip), ...SPECIAL.map((s) => s[0]), 'Salesforce.com IP', 'not-an-ip', ' 1.0.0.9 ', '2001::1', '1:2:3::4::5:6']).size);
    let matched = 0;
    for (const p of probes.filter((q) => !isSpecialKey(q.key))) {
      const got = await rowOf(p.ip);
      const a = find(asn, p.key);
      const c = find(country, p.key);
      expect(got, p.ip).not.toBeNull();
      expect({ ip: p.ip, country: got!.country, asn: got!.asn, org: got!.as_org }).toEqual({
        ip: p.ip, country: c?.values[0] ?? null, asn: a ? Number(a.values[0]) : null, org: a ? (a.values[1] ?? '').trim() || null : null, // organisation names are stored trimmed
      });
      if (a) matched++;
    }
    expect(matched).toBeGreaterThan(probes.length / 2);
  });

  it('names the block that holds the address as a CIDR, or as a first-last range when it is not one', async () => {
    // Rows 1 and 2 of asn-ipv4.csv: 1.0.0.0,1.0.0.255 (a /24) and 1.0.4.0,1.0.7.255 (a /22).
    expect((await rowOf('1.0.0.0'))?.network).toBe('1.0.0.0/24');
    expect((await rowOf('1.0.0.255'))?.network).toBe('1.0.0.0/24');
    expect((await rowOf('::ffff:1.0.0.7'))).toMatchObject({ network: '1.0.0.0/24', asn: 13335, as_org: 'Cloudflare, Inc.' });
    expect((await rowOf(' 1.0.0.9 '))).toMatchObject({ network: '1.0.0.0/24', asn: 13335 });
    // First row of asn-ipv6.csv: 2001::,2001::ffff:ffff:ffff:ffff:ffff:ffff,6939,Hurricane Electric LLC (a /32).
    expect(await rowOf('2001::1')).toMatchObject({ network: '2001::/32', asn: 6939, as_org: 'Hurricane Electric LLC' });
    const blocks = await db.all<{ network: string }>(sql`SELECT network FROM ip_intel WHERE asn IS NOT NULL`);
    expect(blocks.length).toBeGreaterThan(10);
    for (const b of blocks) expect(b.network).toMatch(/^[0-9a-f.:]+(\/\d{1,3}|-[0-9a-f.:]+)$/);
  });

  it('keys every address text of the dataset to the number the dataset gives for it (IPv4 and IPv6)', async () => {
    const files = [['asn-ipv4.csv', 'asn-ipv4-num.csv', MAPPED], ['asn-ipv6.csv', 'asn-ipv6-num.csv', 0n]] as const;
    for (const [text, num, offset] of files) {
      await db.run(sql`CREATE OR REPLACE TEMP TABLE keyed AS SELECT t.column0 AS first_ip, ls_ip_key(t.column0) AS k0, ls_ip_key(t.column1) AS k1,
          ${String(offset)}::UHUGEINT + n.column0::UHUGEINT AS n0, ${String(offset)}::UHUGEINT + n.column1::UHUGEINT AS n1
        FROM read_csv(${path.join(ASN_DIR, text)}, header = false, all_varchar = true) t
        POSITIONAL JOIN read_csv(${path.join(ASN_DIR, num)}, header = false, all_varchar = true) n`);
      const r = await db.one<{ n: number; same: number; text: number }>(sql`SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE k0 = n0 AND k1 = n1)::BIGINT AS same,
          count(*) FILTER (WHERE ls_key_text(k0) = first_ip)::BIGINT AS text FROM keyed`);
      expect(r!.n, text).toBeGreaterThan(100_000);
      expect(r!.same, text).toBe(r!.n);
      // Back to text: the dataset writes the canonical form (RFC 5952), which ls_key_text gives where one run of zeros is compressed.
      expect(r!.text / r!.n, text).toBeGreaterThan(0.99);
    }
  });

  it('labels private, loopback and documentation addresses instead of giving them a country', async () => {
    for (const [ip, network, word] of SPECIAL) {
      const got = await rowOf(ip);
      expect(got, ip).toMatchObject({ country: null, asn: null, network });
      expect(got!.as_org).toContain(word);
    }
    expect(await rowOf('Salesforce.com IP')).toEqual({ ip: 'Salesforce.com IP', country: null, asn: null, as_org: SALESFORCE_INTERNAL_LABEL, network: null });
    expect(await rowOf('not-an-ip')).toEqual({ ip: 'not-an-ip', country: null, asn: null, as_org: NOT_AN_IP_LABEL, network: null });
    // Two '::' make no address, even though this one has seven colons like a full address.
    expect(await rowOf('1:2:3::4::5:6')).toMatchObject({ country: null, asn: null, as_org: NOT_AN_IP_LABEL });
  });

  it('keeps the loaded ranges in the case and reloads them only when the dataset version changes', async () => {
    const ds = locateIpDataset() as IpDataset;
    expect(ds).not.toBeNull();
    expect((await buildIpIntel(db, RESOURCES, { dataset: ds })).reloaded).toBe(false);
    const newer = { ...ds, country: { ...ds.country, version: `${ds.country.version}-next` } };
    const again = await buildIpIntel(db, RESOURCES, { dataset: newer });
    expect(again.reloaded).toBe(true);
    expect(again.dataset).toContainEqual({ package: '@ip-location-db/geo-whois-asn-country', version: `${ds.country.version}-next` });
  });

  it('says so when the dataset is missing, and still labels the addresses it can', async () => {
    const other = await CaseDb.open(':memory:');
    try {
      await migrate(other);
      const s = await buildIpIntel(other, RESOURCES, { dataset: null });
      expect(s.ips).toBe(0);
      expect(s.warnings.join(' ')).toMatch(/not installed/);
      expect(s.warnings.join(' ')).toMatch(/no event in the case carries a client IP/);
    } finally {
      other.close();
    }
  });
});
