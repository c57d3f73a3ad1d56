/**
 * Offline, proven in Debian Chromium: the page served by the loopback host cannot reach any other
 * origin. A second local server stands in for "the outside" and counts every request that reaches
 * it; the page tries fetch, XHR, an image, a script, a stylesheet, a beacon, a WebSocket, an
 * iframe and a form post to it. None arrives, each is refused by the content security policy.
 * Needs `npm run build` first (`npm test` does it) and /usr/bin/chromium.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/engine/handlers.js';
import { startWebHost, type WebHost } from '../../electron/web/server.js';

const CHROMIUM = '/usr/bin/chromium';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STATIC_DIR = process.env.LS_STATIC_DIR ?? path.join(REPO, 'dist', 'renderer');

let host: WebHost;
let outside: Server;
let outsideUrl: string;
const reachedOutside: string[] = [];
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package to run the browser tests.`);
  if (!existsSync(path.join(STATIC_DIR, 'index.html'))) throw new Error(`${STATIC_DIR}/index.html is missing: run \`npm run build\` first.`);
  outside = createServer((req, res) => {
    reachedOutside.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.end('reached');
  });
  await new Promise<void>((resolve) => outside.listen(0, '127.0.0.1', resolve));
  outsideUrl = `http://127.0.0.1:${(outside.address() as AddressInfo).port}`;
  const version = (JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  host = await startWebHost({ handlers: createHandlers({ host: 'web', version }), staticDir: STATIC_DIR, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  page = await browser.newPage();
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  await page.goto(host.url);
  await page.waitForSelector('h1, main', { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await new Promise<void>((resolve) => (outside ? outside.close(() => resolve()) : resolve()));
});

/** Runs one attempt to reach the outside from the page; resolves with what the page saw. */
async function attempt(kind: string): Promise<string> {
  return page.evaluate(
    async ({ kind, url }) => {
      const settle = (el: HTMLElement & { onload: unknown; onerror: unknown }) =>
        new Promise<string>((resolve) => {
          el.onload = () => resolve('loaded');
          el.onerror = () => resolve('refused');
          document.body.appendChild(el);
          setTimeout(() => resolve('no answer'), 1500);
        });
      try {
        switch (kind) {
          case 'fetch':
            return await fetch(`${url}/fetch`).then(() => 'loaded', () => 'refused');
          case 'xhr':
            return await new Promise<string>((resolve) => {
              const x = new XMLHttpRequest();
              x.onload = () => resolve('loaded');
              x.onerror = () => resolve('refused');
              x.open('GET', `${url}/xhr`);
              x.send();
            });
          case 'image': {
            const img = document.createElement('img');
            img.src = `${url}/image.png`;
            return await settle(img);
          }
          case 'script': {
            const s = document.createElement('script');
            s.src = `${url}/script.js`;
            return await settle(s);
          }
          case 'stylesheet': {
            const l = document.createElement('link');
            l.rel = 'stylesheet';
            l.href = `${url}/style.css`;
            return await settle(l);
          }
          case 'beacon':
            return navigator.sendBeacon(`${url}/beacon`, 'x') ? 'queued' : 'refused';
          case 'websocket':
            return await new Promise<string>((resolve) => {
              try {
                const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
                ws.onopen = () => resolve('loaded');
                ws.onerror = () => resolve('refused');
              } catch {
                resolve('refused');
              }
            });
          case 'iframe': {
            const f = document.createElement('iframe');
            f.src = `${url}/frame`;
            document.body.appendChild(f);
            await new Promise((r) => setTimeout(r, 1000));
            return 'attempted';
          }
          case 'form': {
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = `${url}/form`;
            form.target = '_blank';
            document.body.appendChild(form);
            form.submit();
            await new Promise((r) => setTimeout(r, 1000));
            return 'attempted';
          }
          default:
            return 'unknown';
        }
      } catch (e) {
        return `refused: ${String(e)}`;
      }
    },
    { kind, url: outsideUrl },
  );
}

describe('the app never reaches another origin', () => {
  it('refuses every kind of outbound request from the page; nothing arrives outside', async () => {
    const seen: Record<string, string> = {};
    for (const kind of ['fetch', 'xhr', 'image', 'script', 'stylesheet', 'beacon', 'websocket', 'iframe', 'form']) seen[kind] = await attempt(kind);
    await new Promise((r) => setTimeout(r, 1000)); // a beacon is sent after the call returns
    expect(reachedOutside).toEqual([]);
    for (const kind of ['fetch', 'xhr', 'image', 'script', 'stylesheet', 'websocket']) expect(seen[kind], kind).toMatch(/^refused/);
    // The browser says why: each was blocked by the content security policy.
    expect(violations.length).toBeGreaterThanOrEqual(6);
  });

  it('the outside server is reachable at all (the test could fail)', async () => {
    const reply = await fetch(`${outsideUrl}/direct`).then((r) => r.text());
    expect(reply).toBe('reached');
    expect(reachedOutside).toEqual(['GET /direct']);
  });

  it('the page itself still talks to its own engine', async () => {
    const status = await page.evaluate(async () => (await fetch('/api/app.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(401); // same origin reaches the host; without the token it is refused
  });
});
