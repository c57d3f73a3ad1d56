/**
 * The loopback web host: token, Host guard, routing through dispatch, validation, static files
 * and headers. The handlers are a small real object (the engine is not under test here).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo, Handlers } from '../../shared/contract.js';
import { fail, ok } from '../../shared/result.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';

const INFO: AppInfo = {
  name: 'Leakscope',
  version: '9.9.9',
  host: 'web',
  demoEvidencePath: '/evidence/demo',
  defaultOutDir: '/cases/out',
};

const calls: unknown[] = [];
const handlers: Handlers = {
  'app.info': async () => ok(INFO),
  'investigation.run': async (req) => {
    calls.push(req);
    return fail('NOT_FOUND', `No evidence at ${req.evidencePaths[0]}`);
  },
  'investigation.progress': async () => ok(null),
  'investigation.cancel': async () => ok({ cancelled: false }),
  'investigation.records': async () => fail('NOT_FOUND', 'no case'),
  'source.line': async () => fail('NOT_FOUND', 'no case'),
  'exports.page': async (req) => {
    calls.push(req);
    return fail('NOT_FOUND', `No case database in ${req.caseDir}`);
  },
  'exports.detail': async (req) => {
    calls.push(req);
    return fail('NOT_FOUND', `No export ${req.exportId}`);
  },
  'timeline.get': async (req) => fail('NOT_FOUND', `No case in ${req.caseDir}`),
  'duties.list': async (req) => fail('NOT_FOUND', `No case in ${req.caseDir}`),
  'case.open': async (req) => fail('NOT_FOUND', `No case in ${req.caseDir}`),
  'notes.list': async (req) => fail('NOT_FOUND', `No case in ${req.caseDir}`),
  'notes.add': async (req) => fail('NOT_FOUND', `No case in ${req.caseDir}`),
  'notes.retract': async (req) => fail('NOT_FOUND', `No note ${req.noteId}`),
  'case.create': async () => fail('NOT_FOUND', 'no case'),
  'case.recent': async () => fail('NOT_FOUND', 'no case'),
  'case.results': async () => fail('NOT_FOUND', 'no case'),
  'case.verify': async () => fail('NOT_FOUND', 'no case'),
  'report.generate': async () => fail('NOT_FOUND', 'no case'),
  'report.progress': async () => fail('NOT_FOUND', 'no case'),
  'report.cancel': async () => fail('NOT_FOUND', 'no case'),
  'report.list': async () => fail('NOT_FOUND', 'no case'),
  'review.open': async () => fail('NOT_FOUND', 'no case'),
  'review.close': async () => fail('NOT_FOUND', 'no case'),
  'mapping.get': async () => fail('NOT_FOUND', 'no case'),
  'mapping.preview': async () => fail('NOT_FOUND', 'no case'),
  'scope.preview': async () => fail('NOT_FOUND', 'no case'),
  'mapping.set': async () => fail('NOT_FOUND', 'no case'),
  'mapping.unset': async () => fail('NOT_FOUND', 'no case'),
  'integrations.page': async () => fail('NOT_FOUND', 'no case'),
  'integrations.detail': async () => fail('NOT_FOUND', 'no case'),
};

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw http.request so the Host header and the path are sent exactly as given (fetch normalises them). */
function send(
  host: WebHost,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; hostname?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname: opts.hostname ?? '127.0.0.1',
        port: host.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function api(host: WebHost, channel: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(host, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

let host: WebHost;
let staticDir: string;
let outside: string;

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'leakscope-web-'));
  staticDir = path.join(base, 'renderer');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Leakscope</title>');
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(staticDir, 'assets', 'app.css'), 'body{}');
  outside = path.join(base, 'secret.txt');
  await writeFile(outside, 'TOP-SECRET');
  host = await startWebHost({ handlers, staticDir, port: 0 });
  return async () => rm(base, { recursive: true, force: true });
});

afterAll(async () => {
  await host.close();
});

describe('web host API', () => {
  it('issues a 64-hex-character token and puts it only in the URL fragment', () => {
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
  });

  it('refuses calls without a token or with a wrong one', async () => {
    const none = await send(host, { method: 'POST', path: '/api/app.info', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await api(host, 'app.info', {}, { Authorization: `Bearer ${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    const prefix = await api(host, 'app.info', {}, { Authorization: `Bearer ${host.token.slice(0, 32)}` });
    expect(prefix.status).toBe(401);
    const scheme = await api(host, 'app.info', {}, { Authorization: host.token });
    expect(scheme.status).toBe(401);
  });

  it('returns the handler Result with the right token, uncached', async () => {
    const reply = await api(host, 'app.info', {});
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: INFO });
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
  });

  it('validates payloads through the contract before the handler runs', async () => {
    const before = calls.length;
    const reply = await api(host, 'investigation.run', { evidencePaths: [] });
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(body.error.message).toContain('evidencePaths');
    const extra = await api(host, 'app.info', { shell: 'rm -rf /' });
    expect(extra.status).toBe(400);
    expect(calls.length).toBe(before);
  });

  it('passes a valid, defaulted request to the handler and relays its failure', async () => {
    const reply = await api(host, 'investigation.run', { evidencePaths: ['/no/such/evidence'] });
    expect(JSON.parse(reply.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No evidence at /no/such/evidence' } });
    expect(calls.at(-1)).toEqual({
      evidencePaths: ['/no/such/evidence'],
      scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
    });
  });

  it('serves exports.page and exports.detail through the contract, refusing a sort column off the list', async () => {
    const before = calls.length;
    const bad = await api(host, 'exports.page', { caseDir: '/cases/acme', sort: { column: 'export_id DESC --', direction: 'asc' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toContain('sort.column');
    const tooMany = await api(host, 'exports.page', { caseDir: '/cases/acme', limit: 10_000 });
    expect(tooMany.status).toBe(400);
    expect(calls.length).toBe(before);
    const good = await api(host, 'exports.page', { caseDir: '/cases/acme', sort: { column: 'rows', direction: 'desc' }, offset: 500, limit: 500 });
    expect(JSON.parse(good.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No case database in /cases/acme' } });
    expect(calls.at(-1)).toMatchObject({ caseDir: '/cases/acme', sort: { column: 'rows', direction: 'desc' }, offset: 500, limit: 500, filter: { suspicious: null, search: '' } });
    const detail = await api(host, 'exports.detail', { caseDir: '/cases/acme', exportId: 'X-0123456789ab' });
    expect(JSON.parse(detail.body)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'No export X-0123456789ab' } });
  });

  it('rejects unknown channels, wrong methods, wrong content types, bad JSON and oversized bodies', async () => {
    const unknown = await api(host, 'fs.readFile', { path: '/etc/passwd' });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.message).toContain('Unknown channel');
    const get = await send(host, { path: '/api/app.info', headers: { Authorization: `Bearer ${host.token}` } });
    expect(get.status).toBe(405);
    const text = await api(host, 'app.info', {}, { 'Content-Type': 'text/plain' });
    expect(text.status).toBe(415);
    const badJson = await send(host, {
      method: 'POST',
      path: '/api/app.info',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    const huge = await api(host, 'investigation.run', { evidencePaths: ['x'.repeat(1024 * 1024 + 10)] });
    expect(huge.status).toBe(413);
  });

  it('rejects a non-loopback Host header even with the right token (DNS rebinding)', async () => {
    for (const badHost of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const reply = await api(host, 'app.info', {}, { Host: badHost });
      expect(reply.status, badHost).toBe(421);
    }
    const page = await send(host, { path: '/', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(421);
    const localhost = await api(host, 'app.info', {}, { Host: `localhost:${host.port}` });
    expect(localhost.status).toBe(200);
  });
});

describe('web host static files', () => {
  it('refuses API calls from another origin or a cross-site fetch, even with the token', async () => {
    const others = ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, 'null', `https://127.0.0.1:${host.port}`, 'file://'];
    for (const origin of others) {
      const reply = await api(host, 'app.info', {}, { Origin: origin });
      expect(reply.status, origin).toBe(403);
      expect(JSON.parse(reply.body).error.code, origin).toBe('UNAUTHORIZED');
    }
    for (const site of ['cross-site', 'same-site']) {
      const reply = await api(host, 'app.info', {}, { 'Sec-Fetch-Site': site });
      expect(reply.status, site).toBe(403);
    }
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      const reply = await api(host, 'app.info', {}, { Origin: origin, 'Sec-Fetch-Site': 'same-origin' });
      expect(reply.status, origin).toBe(200);
    }
  });

  it('serves index.html for / with the CSP and other security headers', async () => {
    const reply = await send(host, { path: '/' });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Leakscope</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content types and 404s on missing files', async () => {
    expect((await send(host, { path: '/assets/app.js' })).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await send(host, { path: '/assets/app.css' })).headers['content-type']).toMatch(/^text\/css/);
    const missing = await send(host, { path: '/assets/nope.js' });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-security-policy']).toBeDefined();
    expect((await send(host, { path: '/assets' })).status).toBe(404);
  });

  it('never serves files outside the static folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      `/${encodeURIComponent(outside)}`,
      '/index.html%00.js',
      '/../package.json',
    ];
    for (const attempt of attempts) {
      const reply = await send(host, { path: attempt });
      expect(reply.status, attempt).not.toBe(200);
      expect(reply.body, attempt).not.toContain('TOP-SECRET');
    }
  });
});

describe('web host binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (external) {
      await expect(send(host, { path: '/', hostname: external.address })).rejects.toThrow(/ECONNREFUSED/);
    }
    const v6 = await send(host, { path: '/', hostname: '::1' }).then(
      () => 'connected',
      (e: Error) => e.message,
    );
    expect(v6).not.toBe('connected');
    const second = await startWebHost({ handlers, staticDir, port: 0 });
    try {
      expect(second.token).not.toBe(host.token);
      expect(second.port).not.toBe(host.port);
    } finally {
      await second.close();
    }
  });
});
