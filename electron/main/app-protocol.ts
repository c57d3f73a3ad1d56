/**
 * Serves the built renderer (dist/renderer) on `app://leakscope/…`. Only GET/HEAD, only files
 * inside the renderer folder, always with the app's CSP; anything else is a plain 4xx response.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.js';
import { CONTENT_SECURITY_POLICY } from './security/content-security-policy.js';
import { CONTENT_TYPES } from '../../shared/webPolicy.js';

/** `standard` + `secure` give the scheme a real origin, so 'self' in the CSP and navigation checks mean it. */
export const APP_SCHEME_DEFINITION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};


/** Maps an app:// URL to a file inside `rendererDir`, or null when it points anywhere else. */
export function rendererFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + pathname);
  return file.startsWith(root + path.sep) ? file : null;
}

/** The `protocol.handle` handler for app://: the file's bytes with CSP, or 404/405. */
export async function serveRendererFile(rendererDir: string, request: Request): Promise<Response> {
  const headers = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers });
  }
  const file = rendererFileFor(rendererDir, request.url);
  if (!file) return new Response('Not found', { status: 404, headers });
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    return new Response('Not found', { status: 404, headers });
  }
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const body = request.method === 'HEAD' ? null : new Uint8Array(bytes);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentType } });
}
