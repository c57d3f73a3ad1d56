/**
 * The collector against two fake orgs serving the bundled demo evidence (Northwind and the small
 * Southwind org): the bundles it writes are investigated like the demo evidence itself, with the
 * same figures (exports, affected people per jurisdiction, checked against the generator's own
 * truth), every saved file is the org's answer byte for byte and named in bundle.json with its
 * hash, intake checks those hashes into custody, only read calls were made, and the token appears
 * nowhere on disk.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../scripts/demo/index.js';
import { collect } from '../../electron/engine/collector/collect.js';
import { pastedToken } from '../../electron/engine/collector/auth.js';
import type { CollectOutcome } from '../../electron/engine/collector/types.js';
import type { BundleManifest, CoverageReport } from '../../shared/bundle.js';
import { startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const fastRetry = { attempts: 4, baseDelayMs: 0, maxDelayMs: 0, sleep: () => Promise.resolve(), random: () => 0.5 };
const TOKEN = '00D5j000000NWDm!AQEAQFakeAccessTokenValue.ForTestsOnly_9f3k2';
const SOUTH_TOKEN = '00D5j000000SWDm!AQEAQSouthwindToken.ForTestsOnly_77aa1';
const range = { from: '2025-07-01T00:00:00Z', to: '2025-08-05T00:00:00Z' };
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

let north: FakeSalesforce;
let south: FakeSalesforce;
let work: string;
let northDir: string;
let southDir: string;
let outcome: CollectOutcome;
let manifest: BundleManifest;

/** Every file under dir (absolute paths). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

interface Figures {
  records: number;
  byJurisdiction: Record<string, number>;
  exports: number;
  suspicious: number;
  channels: Record<string, number>;
  suspiciousIds: string[];
}

async function investigate(evidence: string[], out: string): Promise<Figures> {
  await run(process.execPath, [cli, 'investigate', ...evidence, '--out', out], { maxBuffer: 64 * 1024 * 1024 });
  const affected = JSON.parse(readFileSync(path.join(out, 'affected.json'), 'utf8')) as { summary: { records: number; byJurisdiction: Record<string, number> } };
  const exportsJson = JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: { id: string; channel: string; suspicious: boolean }[] };
  const channels: Record<string, number> = {};
  for (const e of exportsJson.exports) channels[e.channel] = (channels[e.channel] ?? 0) + 1;
  return {
    records: affected.summary.records, byJurisdiction: affected.summary.byJurisdiction, exports: exportsJson.exports.length,
    suspicious: exportsJson.exports.filter((e) => e.suspicious).length, channels,
    suspiciousIds: exportsJson.exports.filter((e) => e.suspicious).map((e) => e.id).sort(),
  };
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-collect-demo-'));
  north = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: TOKEN, supersede: true, emptyRtem: ['LoginEvent'], queryPageSize: 500, faults: { rateLimited: 1, unavailable: 1, bulkUnsupported: ['SetupAuditTrail'] } });
  south = await startFakeSalesforce({ root: path.join(demo, 'org-southwind'), token: SOUTH_TOKEN });
  northDir = path.join(work, 'northwind');
  southDir = path.join(work, 'southwind');
  const common = { ...range, retry: fastRetry, pollIntervalMs: 0, bulkPageRecords: 1000 };
  const r = await collect({ instanceUrl: north.url, auth: pastedToken(TOKEN), outDir: northDir, objects: ['Account', 'Case', 'Contact', 'Lead', 'Opportunity'], queryAll: true, ...common });
  if (!r.ok) throw new Error(r.error.message);
  outcome = r.value;
  const s = await collect({ instanceUrl: south.url, auth: pastedToken(SOUTH_TOKEN), outDir: southDir, objects: ['Contact'], ...common });
  if (!s.ok) throw new Error(s.error.message);
  manifest = JSON.parse(readFileSync(path.join(northDir, 'bundle.json'), 'utf8')) as BundleManifest;
}, 300_000);

afterAll(async () => {
  await north?.close();
  await south?.close();
});

describe('collect from fake orgs serving the demo evidence', () => {
  it('names every saved file in bundle.json with its call, time, API version, size and SHA-256', () => {
    expect(outcome.complete).toBe(true);
    expect(manifest.org.id).toBe('00D5j000000NWDmEAO');
    // The Organization export at the top: intake assigns everything in the bundle to this org.
    expect(manifest.files.find((f) => f.object === 'Organization')!.path).toBe('Organization.csv');
    const onDisk = filesUnder(northDir).map((f) => path.relative(northDir, f).split(path.sep).join('/')).filter((f) => f !== 'bundle.json' && f !== 'coverage.json').sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(onDisk);
    for (const f of manifest.files) {
      const abs = path.join(northDir, f.path);
      expect(statSync(abs).size).toBe(f.bytes);
      expect(sha256(abs)).toBe(f.sha256);
      expect(f.apiVersion).toBe('62.0');
      expect(f.call).toMatch(/^GET \/services\/data\/v62\.0\//);
      expect(Number.isNaN(Date.parse(f.at))).toBe(false);
    }
  });

  it('keeps every log file exactly as the org sent it, daily and hourly, the superseded hourly file apart', () => {
    const demoElf = filesUnder(path.join(demo, 'elf')).length + filesUnder(path.join(demo, 'elf-hourly')).length;
    const elf = manifest.files.filter((f) => f.kind === 'elf');
    expect(elf.filter((f) => !f.superseded)).toHaveLength(demoElf);
    for (const f of elf.filter((x) => !x.superseded)) {
      const hourly = f.logFile!.interval === 'Hourly';
      const original = path.join(demo, hourly ? 'elf-hourly' : 'elf', f.object, path.basename(f.path));
      expect(readFileSync(path.join(northDir, f.path)).equals(readFileSync(original))).toBe(true);
      expect(f.path.startsWith(hourly ? 'elf-hourly/' : 'elf/')).toBe(true);
    }
    const superseded = elf.filter((f) => f.superseded);
    expect(superseded).toHaveLength(1);
    expect(superseded[0]!.path).toMatch(/^elf-superseded\/ApiTotalUsage\/ApiTotalUsage-2025-07-26T22-seq0\.csv$/);
    const current = elf.find((f) => f.logFile!.logDate === superseded[0]!.logFile!.logDate && f.object === superseded[0]!.object && !f.superseded)!;
    expect(current.logFile!.sequence).toBe(1);
  });

  it('pages REST queries (queryMore) and Bulk API 2.0 results (Sforce-Locator) into files of at most one page', () => {
    const apiEvent = manifest.files.filter((f) => f.kind === 'rtem' && f.object === 'ApiEvent');
    const demoApiEvents = readFileSync(path.join(demo, 'rtem', 'ApiEvent.csv'), 'utf8').split('\n').filter((l) => l.startsWith('"')).length - 1;
    expect(apiEvent.length).toBe(Math.ceil(demoApiEvents / 500));
    expect(apiEvent.reduce((n, f) => n + (f.records ?? 0), 0)).toBe(demoApiEvents);
    expect(apiEvent.slice(1).every((f) => /\/query\/0r8\d+-\d+$/.test(f.call))).toBe(true);
    const contact = manifest.files.filter((f) => f.kind === 'snapshot' && f.object === 'Contact').map((f) => f.path).sort();
    expect(contact).toEqual(['snapshots/Contact-p0002.csv', 'snapshots/Contact-p0003.csv', 'snapshots/Contact.csv']);
    expect(north.requests.some((r) => r.path.endsWith('/results') && r.search.includes('locator=2000'))).toBe(true);
  });

  it('says in coverage.json what came back and why not, from the closed set of reasons', () => {
    const coverage = JSON.parse(readFileSync(path.join(northDir, 'coverage.json'), 'utf8')) as CoverageReport;
    const status = (name: string): string | undefined => coverage.items.find((i) => i.name === name)?.status;
    expect(status('ApiEvent')).toBe('collected');
    expect(status('ListViewEvent')).toBe('collected');
    expect(status('LoginEvent')).toBe('empty');
    expect(status('FileEventStore')).toBe('not_licensed');
    expect(status('LoginHistory')).toBe('empty');
    expect(status('SetupAuditTrail')).toBe('collected');
    // Bulk API 2.0 refused it (INVALIDENTITY): read by REST query instead, one JSON page a file.
    expect(coverage.items.find((i) => i.name === 'SetupAuditTrail')!.reason).toMatch(/by REST query: Bulk API 2\.0 does not support it \(INVALIDENTITY\)/);
    expect(manifest.files.filter((f) => f.object === 'SetupAuditTrail').map((f) => f.path)).toEqual(['metadata/SetupAuditTrail/SetupAuditTrail-0001.json']);
    expect(status('Contact')).toBe('collected');
    expect(coverage.items.find((i) => i.name === 'Contact')!.records).toBe(3000);
    expect(outcome.notes.some((n) => n.includes('REQUEST_LIMIT_EXCEEDED'))).toBe(true);
    expect(outcome.notes.some((n) => n.includes('HTTP 503'))).toBe(true);
  });

  it('made only read calls: GET, and POST only to create Bulk API 2.0 query jobs, never deleting one', () => {
    for (const org of [north, south]) {
      const kinds = new Set(org.requests.map((r) => `${r.method} ${r.path.replace(/\/[A-Za-z0-9]{18}(?=\/|$)/g, '/:id').replace(/\/query\/0r8[^/]+$/, '/query/:cursor').replace(/\/sobjects\/[A-Za-z]+\/describe$/, '/sobjects/:object/describe')}`));
      const writes = [...kinds].filter((k) => !k.startsWith('GET '));
      expect(writes).toEqual(org === north ? ['POST /services/data/v62.0/jobs/query'] : ['POST /services/data/v62.0/jobs/query']);
      expect([...kinds].filter((k) => k.startsWith('GET ')).sort()).toEqual(expect.arrayContaining(['GET /services/data/v62.0/query', 'GET /services/data/v62.0/sobjects/:object/describe']));
    }
    const jobs = north.requests.filter((r) => r.method === 'POST');
    expect(jobs).toHaveLength(12 + 5); // the metadata objects and the five snapshots, one job each
    expect(north.requests.some((r) => r.method === 'DELETE' || r.method === 'PATCH' || r.method === 'PUT')).toBe(false);
  });

  it('investigates like the demo evidence itself: the same exports and affected people per jurisdiction', async () => {
    const truth = generateDemo(20250726).truth;
    const fromBundles = await investigate([northDir, southDir], path.join(work, 'out-bundles'));
    const fromDemo = await investigate([demo], path.join(work, 'out-demo'));
    expect(fromBundles.records).toBe(truth.affectedPersons.length);
    expect(fromBundles.byJurisdiction).toEqual(truth.byJurisdiction);
    expect(fromBundles).toEqual(fromDemo);
  }, 300_000);

  it('keeps the two orgs apart: a Southwind export is scoped from the Southwind bundle\'s snapshot only', async () => {
    const truth = generateDemo(20250726).truth;
    const out = path.join(work, 'out-southwind');
    const { stdout } = await run(process.execPath, [cli, 'investigate', northDir, southDir, '--out', out, '--integration', 'Southwind Sync'], { maxBuffer: 64 * 1024 * 1024 });
    expect(stdout).not.toMatch(/could not be assigned to an org|cannot be assigned to an org/);
    const affected = JSON.parse(readFileSync(path.join(out, 'affected.json'), 'utf8')) as { summary: { byOrg: Record<string, number>; byJurisdiction: Record<string, number> } };
    expect(affected.summary.byOrg).toEqual({ [truth.secondOrg.id]: truth.secondOrg.scope.affected.length });
    expect(affected.summary.byJurisdiction).toEqual(truth.secondOrg.scope.byJurisdiction);
  }, 300_000);

  it('checks the bundles’ hashes on import and records them in custody; no credential is written anywhere', () => {
    const custody = new Database(path.join(work, 'out-bundles', 'case', 'custody.sqlite'), { readonly: true });
    try {
      const checked = custody.prepare("SELECT detail FROM custody WHERE action = 'bundle.checked'").all() as { detail: string }[];
      expect(checked).toHaveLength(2);
      const north = checked.map((c) => JSON.parse(c.detail) as { org: { id: string }; files: number; verified: number; mismatched: string[]; hashes: { path: string; sha256: string }[] }).find((c) => c.org.id === '00D5j000000NWDmEAO')!;
      expect(north.verified).toBe(manifest.files.length);
      expect(north.mismatched).toEqual([]);
      expect(north.hashes.find((h) => h.path === 'metadata/User.csv')!.sha256).toBe(manifest.files.find((f) => f.path === 'metadata/User.csv')!.sha256);
    } finally {
      custody.close();
    }
    const written = [...filesUnder(northDir), ...filesUnder(southDir), ...filesUnder(path.join(work, 'out-bundles'))];
    expect(written.length).toBeGreaterThan(200);
    for (const f of written) {
      const bytes = readFileSync(f);
      for (const t of [TOKEN, SOUTH_TOKEN]) expect(bytes.includes(t), `${f} holds a token`).toBe(false);
    }
  });
});
