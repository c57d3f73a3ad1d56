/**
 * The collector when the org misbehaves, against the fake org: an expired token (a pasted one
 * stops the run with a clear message; JWT renews), REQUEST_LIMIT_EXCEEDED and 503 backed off with
 * jitter, a connection cut mid-download and resumed by a second run that skips what is complete
 * and verified, an object not licensed, an object the user may not read, the org's API reserve,
 * and a cancel. Whatever happens the bundle stays consistent: every file it names is on disk with
 * the recorded hash.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../electron/engine/collector/collect.js';
import { jwtBearer, pastedToken, webLogin } from '../../electron/engine/collector/auth.js';
import type { RetryPolicy } from '../../electron/engine/collector/http.js';
import type { CollectRequest } from '../../electron/engine/collector/types.js';
import type { BundleManifest, CoverageReport } from '../../shared/bundle.js';
import { startFakeSalesforce, type FakeOptions, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const TOKEN = '00D5j000000NWDm!AQEAQFaultsTestToken_Value.zz81';
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

let org: FakeSalesforce | null = null;
afterEach(async () => {
  await org?.close();
  org = null;
});

function retry(delays: number[] = [], random = 0.5): RetryPolicy {
  return { attempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, random: () => random, sleep: (ms) => (delays.push(ms), Promise.resolve()) };
}

async function start(options: Partial<FakeOptions> = {}): Promise<FakeSalesforce> {
  org = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: TOKEN, ...options });
  return org;
}

function request(fake: FakeSalesforce, outDir: string, extra: Partial<CollectRequest> = {}): CollectRequest {
  return {
    instanceUrl: fake.url, auth: pastedToken(TOKEN), outDir, from: '2025-07-01T00:00:00Z', to: '2025-08-05T00:00:00Z',
    types: ['Login', 'API', 'ApiEvent', 'ReportEvent'], objects: ['Account'], retry: retry(), pollIntervalMs: 0, ...extra,
  };
}

const readManifest = (dir: string): BundleManifest => JSON.parse(readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as BundleManifest;
const readCoverage = (dir: string): CoverageReport => JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8')) as CoverageReport;
const logFileGets = (fake: FakeSalesforce, since = 0): string[] => fake.requests.slice(since).filter((r) => r.path.endsWith('/LogFile')).map((r) => r.path.split('/').at(-2)!);

/** Every file the bundle names is there with its size and hash, and nothing half-received is left. */
function expectConsistent(dir: string): BundleManifest {
  const m = readManifest(dir);
  for (const f of m.files) {
    expect(statSync(path.join(dir, f.path)).size).toBe(f.bytes);
    expect(sha256(path.join(dir, f.path))).toBe(f.sha256);
  }
  expect(existsSync(path.join(dir, '.incoming'))).toBe(false);
  return m;
}

const tmp = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-collect-')), 'bundle');

describe('collector robustness', () => {
  it('stops on an expired pasted token with a clear message, and a second run continues, skipping what is verified', async () => {
    const fake = await start({ faults: { expireTokenAfter: 20 } });
    const dir = tmp();
    const first = await collect(request(fake, dir));
    expect(first.ok).toBe(false);
    if (first.ok) return;
    expect(first.error.code).toBe('UNAUTHORIZED');
    expect(first.error.message).toMatch(/refused the pasted access token \(HTTP 401 INVALID_SESSION_ID: Session expired or invalid\).*Get a new token and collect again into the same bundle folder/);
    const partial = expectConsistent(dir);
    expect(partial.complete).toBe(false);
    const savedLogs = partial.files.filter((f) => f.kind === 'elf').map((f) => f.logFile!.id);
    expect(savedLogs.length).toBeGreaterThan(5);
    expect(readCoverage(dir).items.some((i) => i.reason.startsWith('not reached'))).toBe(true);

    fake.faults.expireTokenAfter = undefined;
    const mark = fake.requests.length;
    const second = await collect(request(fake, dir));
    expect(second.ok && second.value.complete).toBe(true);
    if (!second.ok) return;
    expect(second.value.verified).toBe(partial.files.filter((f) => f.kind !== 'elf-listing').length);
    const downloadedAgain = logFileGets(fake, mark);
    expect(downloadedAgain.filter((id) => savedLogs.includes(id))).toEqual([]);
    const done = expectConsistent(dir);
    expect(done.files.filter((f) => f.kind === 'elf')).toHaveLength(savedLogs.length + downloadedAgain.length);
  });

  it('resumes a download cut mid-file on the next run, and the file is then whole', async () => {
    const fake = await start({ faults: { cutDownloads: 4 } });
    const dir = tmp();
    const first = await collect(request(fake, dir));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.value.complete).toBe(false);
    const cut = logFileGets(fake)[0]!;
    expect(logFileGets(fake).filter((id) => id === cut)).toHaveLength(4); // every attempt was cut
    const m1 = expectConsistent(dir);
    expect(m1.files.some((f) => f.logFile?.id === cut)).toBe(false);
    const api = readCoverage(dir).items.find((i) => i.name === 'API')!;
    expect(api.status).toBe('error');
    expect(api.reason).toMatch(/1 log file\(s\) could not be downloaded: 0AT\w+ .*connection was cut after \d+ byte/);

    const mark = fake.requests.length;
    const second = await collect(request(fake, dir));
    expect(second.ok && second.value.complete).toBe(true);
    expect(logFileGets(fake, mark)).toEqual([cut]);
    const m2 = expectConsistent(dir);
    const saved = m2.files.find((f) => f.logFile?.id === cut)!;
    expect(readFileSync(path.join(dir, saved.path)).equals(readFileSync(path.join(demo, 'elf', 'API', path.basename(saved.path))))).toBe(true);
    expect(readCoverage(dir).items.find((i) => i.name === 'API')!.status).toBe('collected');
  });

  it('signs in with the JWT bearer flow and renews the token after a 401', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyDir = mkdtempSync(path.join(os.tmpdir(), 'ls-key-'));
    const keyFile = path.join(keyDir, 'server.key');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const fake = await start({ jwt: { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), clientId: '3MVG9FakeConsumerKey', username: 'collector@northwind-demo.com' }, faults: { expireTokenAfter: 10 } });
    const signedIn = await jwtBearer({ loginUrl: fake.url, clientId: '3MVG9FakeConsumerKey', username: 'collector@northwind-demo.com', keyFile });
    expect(signedIn.instanceUrl).toBe(fake.url);
    const dir = tmp();
    const r = await collect(request(fake, dir, { auth: signedIn.source, instanceUrl: signedIn.instanceUrl }));
    expect(r.ok && r.value.complete).toBe(true);
    expect(fake.requests.filter((q) => q.path === '/services/oauth2/token')).toHaveLength(2);
    expect(fake.requests.filter((q) => q.method !== 'GET').every((q) => q.path === '/services/oauth2/token' || q.path === '/services/data/v62.0/jobs/query')).toBe(true);
    const issued = fake.tokens.slice(1);
    expect(issued).toHaveLength(2);
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((x) => path.join(dir, x)).filter((x) => statSync(x).isFile())) {
      const bytes = readFileSync(f);
      for (const t of issued) expect(bytes.includes(t), `${f} holds a token`).toBe(false);
    }
    const wrongUser = await jwtBearer({ loginUrl: fake.url, clientId: '3MVG9FakeConsumerKey', username: 'someone@else.com', keyFile }).catch((e: Error) => e);
    expect(wrongUser).toBeInstanceOf(Error);
    expect((wrongUser as Error).message).toMatch(/JWT bearer sign-in was refused .*invalid assertion/);
  });

  it('signs in by web login (PKCE, loopback redirect) and renews with the refresh token kept in memory', async () => {
    const fake = await start({ webClientId: '3MVG9WebLoginKey', faults: { expireTokenAfter: 10 } });
    let authorizeUrl = '';
    const signedIn = await webLogin({
      loginUrl: fake.url, clientId: '3MVG9WebLoginKey', port: 0,
      // The "browser": Salesforce's authorize page answers with a redirect to the loopback listener.
      onUrl: (u) => {
        authorizeUrl = u;
        void fetch(u, { redirect: 'manual' }).then((r) => fetch(r.headers.get('location')!.replace('//localhost:', '//127.0.0.1:')));
      },
    });
    expect(new URL(authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(authorizeUrl).searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+\/OauthRedirect$/);
    const dir = tmp();
    const r = await collect(request(fake, dir, { auth: signedIn.source, instanceUrl: signedIn.instanceUrl, types: ['API'], objects: [] }));
    expect(r.ok && r.value.complete).toBe(true);
    expect(fake.requests.filter((q) => q.path === '/services/oauth2/token')).toHaveLength(2); // the code exchange, then one refresh
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((x) => path.join(dir, x)).filter((x) => statSync(x).isFile())) {
      const bytes = readFileSync(f);
      for (const t of fake.tokens.slice(1)) expect(bytes.includes(t), `${f} holds a token`).toBe(false);
    }
  });

  it('tells an object the user may not read (not_permitted) from one the org is not licensed for (not_licensed)', async () => {
    const fake = await start({ faults: { notPermitted: ['SetupAuditTrail', 'Account'] } });
    const dir = tmp();
    const r = await collect(request(fake, dir));
    expect(r.ok).toBe(true);
    const items = readCoverage(dir).items;
    const of = (name: string) => items.find((i) => i.name === name)!;
    expect(of('SetupAuditTrail').status).toBe('not_permitted');
    expect(of('SetupAuditTrail').reason).toMatch(/INSUFFICIENT_ACCESS/);
    expect(of('Account').status).toBe('not_permitted');
    expect(of('ReportEvent').status).toBe('not_licensed');
    expect(of('ApiEvent').status).toBe('collected');
    expect(of('User').status).toBe('collected');
    expect(readManifest(dir).files.some((f) => f.object === 'SetupAuditTrail' || f.object === 'Account')).toBe(false);
  });

  it('backs off on REQUEST_LIMIT_EXCEEDED and 503 with exponential, jittered delays', async () => {
    const fake = await start({ faults: { rateLimited: 2, unavailable: 1 } });
    const delays: number[] = [];
    const r = await collect(request(fake, tmp(), { retry: retry(delays, 1), types: ['API'], objects: [] }));
    expect(r.ok && r.value.complete).toBe(true);
    expect(delays.filter((d) => d > 0)).toEqual([100, 200, 400]); // random() = 1: the full exponential step (0 ms: Bulk job polls)
    const low: number[] = [];
    const fake2 = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: TOKEN, faults: { unavailable: 2 } });
    try {
      await collect(request(fake2, tmp(), { retry: retry(low, 0), types: ['API'], objects: [] }));
    } finally {
      await fake2.close();
    }
    expect(low.filter((d) => d > 0)).toEqual([50, 100]); // random() = 0: half of it
  });

  it('asks again when a small answer (a describe) is cut mid-way', async () => {
    const fake = await start({ faults: { cutDescribes: 2 } });
    const r = await collect(request(fake, tmp(), { types: ['ApiEvent'], objects: [] }));
    expect(r.ok && r.value.complete).toBe(true);
    if (!r.ok) return;
    expect(r.value.notes.filter((n) => /describe: connection cut while reading the answer; retrying/.test(n))).toHaveLength(2);
    expect(r.value.coverage.find((c) => c.name === 'ApiEvent')!.status).toBe('collected');
    // Only an RTEM object was named: no log file was asked for.
    expect(r.value.coverage.some((c) => c.kind === 'elf')).toBe(false);
    expect(fake.requests.some((q) => q.path.endsWith('/LogFile'))).toBe(false);
  });

  it('keeps the org’s API reserve: stops when Sforce-Limit-Info says the allowance is nearly used', async () => {
    const fake = await start({ apiLimit: 60 });
    const dir = tmp();
    const r = await collect(request(fake, dir));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.complete).toBe(false);
    expect(fake.requests.length).toBeLessThanOrEqual(60 - 3 + 1);
    const limited = readCoverage(dir).items.filter((i) => i.status === 'limit');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.reason).toMatch(/of 60 used today.*kept in reserve/);
    expectConsistent(dir);
  });

  it('cancels cleanly: the bundle names only complete files and a next run finishes it', async () => {
    const fake = await start();
    const dir = tmp();
    const controller = new AbortController();
    const r = await collect(request(fake, dir, { signal: controller.signal, onProgress: (p) => { if (p.filesDone >= 5) controller.abort(); } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CANCELLED');
    const m = expectConsistent(dir);
    expect(m.complete).toBe(false);
    expect(readCoverage(dir).items.some((i) => i.status === 'cancelled')).toBe(true);
    const again = await collect(request(fake, dir));
    expect(again.ok && again.value.complete).toBe(true);
    expectConsistent(dir);
  });

  it('refuses an --out folder that holds other files, or a bundle of another org or other options', async () => {
    const fake = await start();
    const busy = tmp();
    mkdirSync(busy, { recursive: true });
    writeFileSync(path.join(busy, 'notes.txt'), 'mine');
    const r = await collect(request(fake, busy, { types: ['API'], objects: [] }));
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST');
    expect(!r.ok && r.error.message).toMatch(/not empty and holds no Leakscope bundle\.json \(notes\.txt\)/);
    expect(readdirSync(busy)).toEqual(['notes.txt']);

    const dir = tmp();
    expect((await collect(request(fake, dir, { types: ['API'], objects: [] }))).ok).toBe(true);
    const other = await collect(request(fake, dir, { types: ['Login'], objects: [] }));
    expect(!other.ok && other.error.message).toMatch(/collected with other options \(from 2025-07-01T00:00:00.000Z to 2025-08-05T00:00:00.000Z, types API, objects none\)/);
    const south = await startFakeSalesforce({ root: path.join(demo, 'org-southwind'), token: TOKEN });
    try {
      const wrongOrg = await collect(request(south, dir, { types: ['API'], objects: [] }));
      expect(!wrongOrg.ok && wrongOrg.error.message).toMatch(/holds a bundle of org 00D5j000000NWDmEAO, not of 00D/);
    } finally {
      await south.close();
    }
  });
});
