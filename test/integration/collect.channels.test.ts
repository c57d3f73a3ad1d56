/**
 * The collect channels through the engine's dispatcher, as either host serves them, against the
 * fake org: the JWT bearer sign-in from the contract, progress polled while the run goes on, a
 * cancel that leaves a consistent bundle the same request continues, the refusals (a wrong JWT
 * user, a missing key file, an expired pasted token) in clear words with no credential in them,
 * and no issued token in any file written or any answer.
 */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '../../shared/bundle.js';
import type { CollectProgress, CollectResult } from '../../shared/collect.js';
import type { Handlers } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const demo = path.resolve(__dirname, '../..', 'resources', 'demo', 'evidence');
const CLIENT_ID = '3MVG9FakeConsumerKey';
const USER = 'collector@northwind-demo.com';
const PASTED = '00D5j000000NWDm!AQEAQChannelsTestToken.value_Zq81';
const range = { from: '2025-07-01T00:00:00Z', to: '2025-08-05T00:00:00Z' };

let work: string;
let keyFile: string;
let fake: FakeSalesforce;
let pasted: FakeSalesforce;
let handlers: Handlers;
const answers: string[] = [];

async function call<T>(channel: string, payload: unknown): Promise<Result<T>> {
  const r = (await dispatch(handlers, channel, payload)) as Result<T>;
  answers.push(JSON.stringify(r));
  return r;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-collect-channels-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  keyFile = path.join(work, 'server.key');
  writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  fake = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], jwt: { publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), clientId: CLIENT_ID, username: USER } });
  pasted = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: PASTED, faults: { expireTokenAfter: 3 } });
  handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config'), outRoot: path.join(work, 'out'), collect: { pollIntervalMs: 5 } });
});

afterAll(async () => {
  await fake?.close();
  await pasted?.close();
});

const jwt = (over: Record<string, unknown> = {}) => ({ kind: 'jwt', keyFile, clientId: CLIENT_ID, username: USER, loginUrl: fake.url, ...over });

describe('collect.start / collect.progress / collect.cancel', () => {
  it('collects with the JWT bearer flow, reporting progress while it runs; the answer names the whole bundle', async () => {
    const outDir = path.join(work, 'jwt-bundle');
    const runId = 'test-jwt-1';
    const seen: CollectProgress[] = [];
    const started = call<CollectResult>('collect.start', { outDir, ...range, types: ['RestApi', 'Login', 'ApiEvent'], objects: ['Account'], auth: jwt(), runId });
    let finished = false;
    void started.then(() => (finished = true));
    while (!finished) {
      const p = await call<CollectProgress | null>('collect.progress', { runId });
      if (p.ok && p.value) seen.push(p.value);
      await new Promise((r) => setTimeout(r, 20));
    }
    const r = await started;
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.complete).toBe(true);
    // No instance URL given: the sign-in answer named the org.
    const manifest = JSON.parse(readFileSync(path.join(outDir, 'bundle.json'), 'utf8')) as BundleManifest;
    expect(manifest.org.instanceUrl).toBe(fake.url);
    expect(r.value.bundle).toEqual({ files: manifest.files.length, bytes: manifest.files.reduce((n, f) => n + f.bytes, 0) });
    const restApiDays = readdirSync(path.join(demo, 'elf', 'RestApi')).length + readdirSync(path.join(demo, 'elf-hourly', 'RestApi')).length;
    expect(r.value.coverage.find((c) => c.name === 'RestApi')).toMatchObject({ status: 'collected', files: restApiDays });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((p) => p.filesDone > 0 && p.bytesDone > 0)).toBe(true);
    // Bytes and files only grow while the run goes on.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
    expect(fake.requests.filter((q) => q.path === '/services/oauth2/token')).toHaveLength(1);
  }, 120_000);

  it('cancels on request, leaving only whole listed files; the same request continues the bundle', async () => {
    const outDir = path.join(work, 'cancelled');
    const runId = 'test-cancel-1';
    const request = { outDir, ...range, objects: ['Account', 'Contact'], auth: jwt(), runId };
    const started = call<CollectResult>('collect.start', request);
    for (;;) {
      const p = await call<CollectProgress | null>('collect.progress', { runId });
      if (p.ok && p.value && p.value.filesDone >= 5) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await call('collect.cancel', { runId })).toEqual({ ok: true, value: { cancelled: true } });
    const r = await started;
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('CANCELLED');
    const m = JSON.parse(readFileSync(path.join(outDir, 'bundle.json'), 'utf8')) as BundleManifest;
    expect(m.complete).toBe(false);
    expect(existsSync(path.join(outDir, '.incoming'))).toBe(false);
    for (const f of m.files) expect(statSync(path.join(outDir, f.path)).size).toBe(f.bytes);
    const again = await call<CollectResult>('collect.start', { ...request, runId: 'test-cancel-2' });
    if (!again.ok) throw new Error(again.error.message);
    expect(again.value.complete).toBe(true);
    expect(again.value.verified).toBeGreaterThanOrEqual(m.files.length - 1);
    expect(await call('collect.cancel', { runId: 'nobody' })).toEqual({ ok: true, value: { cancelled: false } });
  }, 120_000);

  it('refuses a wrong JWT user, a missing key file and an expired pasted token in words that name no credential', async () => {
    const wrongUser = await call('collect.start', { outDir: path.join(work, 'refused-1'), ...range, auth: jwt({ username: 'someone@else.com' }) });
    expect(wrongUser).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    if (!wrongUser.ok) expect(wrongUser.error.message).toMatch(/JWT bearer sign-in was refused/);
    const noKey = await call('collect.start', { outDir: path.join(work, 'refused-2'), ...range, auth: jwt({ keyFile: path.join(work, 'nope.key') }) });
    expect(noKey).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!noKey.ok) expect(noKey.error.message).toContain(path.join(work, 'nope.key'));
    const expired = await call('collect.start', { instanceUrl: pasted.url, outDir: path.join(work, 'expired'), ...range, objects: ['Account'], auth: { kind: 'token', accessToken: PASTED } });
    expect(expired).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    if (!expired.ok) {
      expect(expired.error.message).toMatch(/refused the pasted access token \(HTTP 401 INVALID_SESSION_ID/);
      expect(expired.error.message).not.toContain(PASTED);
    }
  }, 60_000);

  it('wrote no credential to any file (bundles, config) and answered none', () => {
    const issued = [...fake.tokens.slice(1), PASTED];
    expect(issued.length).toBeGreaterThan(2);
    const written = filesUnder(work).filter((f) => f !== keyFile);
    expect(written.length).toBeGreaterThan(50);
    for (const f of written) {
      const bytes = readFileSync(f);
      for (const t of issued) expect(bytes.includes(t), `${f} holds a token`).toBe(false);
    }
    for (const a of answers) for (const t of issued) expect(a.includes(t)).toBe(false);
  });
});
