/**
 * The loopback web host: serves the built renderer and the engine contract over HTTP on
 * 127.0.0.1 only, so investigators without the desktop shell can use a browser. Every API call
 * needs the per-run token; the Host header must be loopback (DNS-rebinding guard); payloads go
 * through `dispatch`, exactly as Electron IPC does.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { requestSchemas, type Handlers } from '../../shared/contract.js';
import { assertNever, fail, type ErrorCode, type Result } from '../../shared/result.js';
import { dispatch } from '../engine/dispatch.js';
import { resolveReportFile } from '../engine/caseReports.js';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../../shared/webPolicy.js';

export interface WebHostOptions {
  handlers: Handlers;
  /** The built renderer (`dist/renderer`). */
  staticDir: string;
  /** 0 or absent: a random free port. */
  port?: number;
  /** Absent: 32 random bytes, hex. */
  token?: string;
  /** Resolves a report file for `GET /download` (default: the engine's resolveReportFile, confined to `<case>/reports/`). */
  resolveReportFile?: (caseDir: string, reportId: string, file: string) => Promise<Result<string>>;
}

export interface WebHost {
  /** Where to open the UI; carries the token in the fragment, which browsers never send. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

export { CONTENT_SECURITY_POLICY };


/** Starts the loopback host; resolves once it is listening on 127.0.0.1. */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', `Web host error: ${e instanceof Error ? e.message : String(e)}`));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    if (!isLoopbackHost(req.headers.host, port)) {
      return sendJson(res, 421, fail('UNAUTHORIZED', 'Host header must be 127.0.0.1 or localhost with this port'));
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice('/api/'.length));
    if (url.pathname === '/download') return handleDownload(req, res, url.searchParams);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, fail('BAD_REQUEST', 'Method not allowed'));
    }
    return serveStatic(req, res, staticRoot, req.url ?? '/');
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const crossSite = crossSiteReason(req.headers.origin, req.headers['sec-fetch-site'], port);
    if (crossSite) return sendJson(res, 403, fail('UNAUTHORIZED', crossSite));
    if (!hasToken(req.headers.authorization, token)) {
      return sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token'));
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, fail('BAD_REQUEST', 'API calls must be POST'));
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendJson(res, 415, fail('BAD_REQUEST', 'Content-Type must be application/json'));
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body.ok) return sendJson(res, 413, body);
    let payload: unknown;
    try {
      payload = body.value.length === 0 ? {} : JSON.parse(body.value);
    } catch {
      return sendJson(res, 400, fail('BAD_REQUEST', 'Request body is not valid JSON'));
    }
    const result = await dispatch(options.handlers, decodeChannel(channel), payload);
    return sendJson(res, result.ok ? 200 : statusFor(result.error.code), result);
  }

  /**
   * `GET /download?token=…&case=…&report=…&file=…`: one file a report of the case wrote, as an attachment. A link cannot
   * send a header, so the token comes in the query (the page is loopback-only and sends no Referer); the cross-site
   * guard still applies, and the file must be one the report's custody entry lists, inside `<case>/reports/<id>/`.
   */
  async function handleDownload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    const crossSite = crossSiteReason(req.headers.origin, req.headers['sec-fetch-site'], port);
    if (crossSite) return sendJson(res, 403, fail('UNAUTHORIZED', crossSite));
    if (!hasToken(`Bearer ${query.get('token') ?? ''}`, token)) return sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token'));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return sendJson(res, 405, fail('BAD_REQUEST', 'Downloads are GET'));
    }
    const caseDir = query.get('case') ?? '';
    const parsed = requestSchemas['report.open'].safeParse({ caseDir, reportId: query.get('report') ?? '', file: query.get('file') ?? '' });
    if (!parsed.success) return sendJson(res, 400, fail('BAD_REQUEST', `Refused download: ${parsed.error.issues[0]?.message ?? 'invalid'}`));
    const found = await (options.resolveReportFile ?? resolveReportFile)(parsed.data.caseDir, parsed.data.reportId, parsed.data.file);
    if (!found.ok) return sendJson(res, statusFor(found.error.code), found);
    const info = await stat(found.value).catch(() => null);
    if (!info?.isFile()) return sendJson(res, 404, fail('NOT_FOUND', `${parsed.data.file} is no longer there`));
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPES[path.extname(found.value).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Content-Length', info.size);
    res.setHeader('Content-Disposition', `attachment; filename="${path.basename(found.value).replace(/[^A-Za-z0-9._-]/g, '_')}"`);
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(found.value);
      stream.on('error', reject);
      res.on('finish', resolve);
      stream.pipe(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The HTTP status that goes with a failed Result; the body always carries the Result itself. */
function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'NOT_FOUND':
      return 404;
    case 'BAD_INPUT':
    case 'UNSUPPORTED':
      return 422;
    case 'READ_ONLY':
      return 409;
    case 'CANCELLED':
      return 200; // the investigator asked for it: an outcome, not an HTTP failure (the body still says CANCELLED)
    case 'INTERNAL':
      return 500;
    default:
      return assertNever(code, 'error code');
  }
}

function decodeChannel(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/**
 * Cross-site guard for API calls: a page of another origin (another local port, a file:// page, a
 * site in the same browser) never reaches the engine, even holding the token. Browsers send
 * `Origin` on every POST and `Sec-Fetch-Site` on every request; clients that send neither (the CLI's
 * own tests, curl) still need the token.
 */
function crossSiteReason(origin: string | undefined, fetchSite: string | string[] | undefined, port: number): string | null {
  if (origin !== undefined) {
    const o = origin.toLowerCase();
    if (o !== `http://127.0.0.1:${port}` && o !== `http://localhost:${port}`) return `Origin ${JSON.stringify(origin).slice(0, 120)} may not call the engine: only this window's own origin may`;
  }
  const site = Array.isArray(fetchSite) ? fetchSite[0] : fetchSite;
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `A ${site} request may not call the engine: only this window's own pages may`;
  return null;
}

/** DNS-rebinding guard: a page on evil.example resolved to 127.0.0.1 still sends its own Host. */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/** Compares in constant time over digests so neither content nor length leaks through timing. */
function hasToken(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer ([^\s]+)$/.exec(authorization ?? '');
  if (!match?.[1]) return false;
  const given = createHash('sha256').update(match[1]).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

function readBody(req: IncomingMessage, limit: number): Promise<Result<string>> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolve(fail('BAD_REQUEST', `Request body exceeds ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(fail('BAD_REQUEST', `Request body exceeds ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve({ ok: true, value: Buffer.concat(chunks).toString('utf8') });
    });
    req.on('error', (e) => {
      if (!done) resolve(fail('BAD_REQUEST', `Request body could not be read: ${e.message}`));
    });
  });
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, rawUrl: string): Promise<void> {
  const file = resolveStaticPath(root, rawUrl);
  if (!file) return sendText(res, 404, 'Not found');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return sendText(res, 404, 'Not found');
  const body = await readFile(file);
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
  res.setHeader('Content-Length', body.length);
  res.setHeader('Cache-Control', path.basename(file) === 'index.html' ? 'no-store' : 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Maps a request path to a file under `root`, or null when it would escape it. The raw path is
 * decoded once and any `..`, backslash or NUL is refused before resolving, then the resolved path
 * must still start with root.
 */
export function resolveStaticPath(root: string, rawUrl: string): string | null {
  const rawPath = rawUrl.split(/[?#]/, 1)[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  if (resolved !== root && !resolved.startsWith(root + path.sep)) return null;
  return resolved;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
