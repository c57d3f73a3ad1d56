/**
 * The app:// protocol handler (electron/main/app-protocol.ts) serving a real folder: files inside
 * dist/renderer come back with the CSP; anything outside it, or any other host or method, does not.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererFileFor, serveRendererFile } from '../../electron/main/app-protocol.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security/content-security-policy.js';

let root: string;
let rendererDir: string;
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body></body></html>';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'leakscope-protocol-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), INDEX);
  await writeFile(path.join(rendererDir, 'assets', 'index.js'), 'console.log("leakscope")');
  await writeFile(path.join(root, 'case-secret.txt'), 'privileged');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serveRendererFile(rendererDir, new Request(url, { method }));

describe('serveRendererFile', () => {
  it('serves index.html (also for "/") with the CSP and an HTML content type', async () => {
    for (const url of ['app://leakscope/index.html', 'app://leakscope/']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(INDEX);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves bundled scripts as JavaScript', async () => {
    const response = await get('app://leakscope/assets/index.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("leakscope")');
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const url of [
      'app://leakscope/%2e%2e/case-secret.txt',
      'app://leakscope/..%2fcase-secret.txt',
      'app://leakscope/assets/..%2f..%2fcase-secret.txt',
      'app://leakscope/%2Fetc%2Fpasswd',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('privileged');
    }
    expect(rendererFileFor(rendererDir, 'app://leakscope/../case-secret.txt')).toBe(path.join(rendererDir, 'case-secret.txt'));
  });

  it('answers 404 for missing files and other hosts, 405 for other methods', async () => {
    expect((await get('app://leakscope/missing.js')).status).toBe(404);
    expect((await get('app://leakscope/assets')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://leakscope/index.html', 'POST')).status).toBe(405);
    const head = await get('app://leakscope/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
