/**
 * The collector's HTTP client for the Salesforce REST and Bulk API 2.0: every request passes the
 * write refusal (`guard.ts`), carries the bearer token, and is retried on 503 and
 * REQUEST_LIMIT_EXCEEDED with exponential backoff and jitter (delays injectable, so tests are
 * fast), on a 401 once after the token source renews the token, and on a cut connection. Bodies
 * that become evidence are streamed to disk byte for byte while they are hashed, never held whole
 * in memory. `Sforce-Limit-Info` is read on every answer; the client stops before the org's daily
 * allowance falls under the reserve.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertReadOnly } from './guard.js';
import { ApiLimitReservedError, NetworkError, SalesforceApiError, UnauthorizedError } from './errors.js';

/** Where the bearer token comes from, and whether it can be renewed after a 401 (JWT can; a pasted token cannot). */
export interface TokenSource {
  token(): Promise<string>;
  /** Gets a fresh token; false when this source cannot. */
  renew(): Promise<boolean>;
  /** How to tell the investigator the token was refused. */
  describe: string;
}

export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
}

/** Waits `ms`, or stops early when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, sleep: abortableSleep, random: Math.random };

/** The delay before retry `n` (1-based): exponential, capped, with "equal jitter" (half fixed, half random). */
export function backoffDelay(policy: RetryPolicy, n: number, retryAfterSeconds: number | null): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
  const jittered = exp / 2 + (exp / 2) * policy.random();
  return Math.max(jittered, retryAfterSeconds === null ? 0 : Math.min(policy.maxDelayMs, retryAfterSeconds * 1000));
}

export interface ApiUsage {
  used: number;
  max: number;
}

export interface ClientOptions {
  instanceUrl: string;
  apiVersion: string;
  auth: TokenSource;
  retry?: RetryPolicy;
  signal?: AbortSignal;
  /** Requests of the daily allowance the collector leaves untouched (default 5% of it). */
  reserveFraction?: number;
  /** Called on every retry with what happened, for the collection log. */
  onRetry?: (what: string) => void;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  res: http.IncomingMessage;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
  headers: http.IncomingHttpHeaders;
}

/** A read-only Salesforce API client bound to one org and API version. */
export class SalesforceClient {
  readonly instanceUrl: string;
  readonly apiVersion: string;
  private readonly retry: RetryPolicy;
  usage: ApiUsage | null = null;
  retries = 0;

  constructor(private readonly options: ClientOptions) {
    this.instanceUrl = options.instanceUrl.replace(/\/+$/, '');
    this.apiVersion = options.apiVersion;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  /** `/services/data/vNN.N` + `rest`. */
  dataPath(rest: string): string {
    return `/services/data/v${this.apiVersion}${rest}`;
  }

  /** Sends a request and parses its JSON answer (a small one: describe, job status, a query page read for its cursor). */
  async json<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let a: Answer;
    let text: string;
    for (let attempt = 1; ; attempt++) {
      a = await this.send(method, path, body);
      try {
        text = await readAll(a.res);
        break;
      } catch (e) {
        // The connection was cut while the answer was read: asked again, like any cut connection.
        if (this.options.signal?.aborted) throw e;
        if (attempt >= this.retry.attempts) throw new NetworkError(`${method} ${path}: the connection was cut while reading the answer (${(e as Error).message}), ${attempt} attempt(s)`);
        this.noteRetry(`${method} ${path}: connection cut while reading the answer; retrying`);
        await this.retry.sleep(backoffDelay(this.retry, attempt, null), this.options.signal);
      }
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new SalesforceApiError(a.status, 'BAD_RESPONSE', `the answer is not JSON (${text.slice(0, 80)})`, `${method} ${path}`);
    }
  }

  /**
   * Streams a GET answer into `file` exactly as received, hashing it on the way; `onBytes` is
   * told of every chunk. A connection cut mid-body is retried from the start (the file rewritten).
   */
  async download(path: string, file: string, onBytes: (n: number) => void, accept = 'application/json'): Promise<Downloaded> {
    for (let attempt = 1; ; attempt++) {
      const a = await this.send('GET', path, undefined, accept);
      const hash = createHash('sha256');
      let bytes = 0;
      const tap = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          onBytes(chunk.length);
          done(null, chunk);
        },
      });
      try {
        await pipeline(a.res, tap, createWriteStream(file));
        const expected = Number(a.headers['content-length'] ?? NaN);
        if (Number.isFinite(expected) && expected !== bytes) throw new Error(`${bytes} of ${expected} bytes received`);
        return { bytes, sha256: hash.digest('hex'), headers: a.headers };
      } catch (e) {
        onBytes(-bytes);
        if (this.options.signal?.aborted) throw e;
        if (attempt >= this.retry.attempts) throw new NetworkError(`GET ${path}: the connection was cut after ${bytes} byte(s) (${(e as Error).message}), ${attempt} attempt(s)`);
        this.noteRetry(`GET ${path}: connection cut after ${bytes} byte(s); retrying`);
        await this.retry.sleep(backoffDelay(this.retry, attempt, null), this.options.signal);
      }
    }
  }

  /** Sends one request with the retry policy; resolves with a 2xx answer whose body is still unread. */
  async send(method: 'GET' | 'POST', path: string, body?: unknown, accept = 'application/json'): Promise<Answer> {
    const url = new URL(path, this.instanceUrl + '/');
    assertReadOnly(method, url);
    const call = `${method} ${url.pathname}`;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      this.checkReserve();
      let a: Answer;
      try {
        a = await this.request(method, url, body, accept);
      } catch (e) {
        if (this.options.signal?.aborted) throw e;
        if (attempt >= this.retry.attempts) throw new NetworkError(`${call}: ${(e as Error).message} (after ${attempt} attempt(s))`);
        this.noteRetry(`${call}: ${(e as Error).message}; retrying`);
        await this.retry.sleep(backoffDelay(this.retry, attempt, null), this.options.signal);
        continue;
      }
      this.readUsage(a.headers);
      if (a.status >= 200 && a.status < 300) return a;
      const { errorCode, message } = parseError(await readAll(a.res));
      if (a.status === 401) {
        if (!renewed && (await this.options.auth.renew())) {
          renewed = true;
          attempt--;
          continue;
        }
        throw new UnauthorizedError(`Salesforce refused the ${this.options.auth.describe} (HTTP 401${errorCode ? ` ${errorCode}` : ''}${message ? `: ${message}` : ''}) on ${call}. Get a new token and collect again into the same bundle folder (--out): files already saved are verified and skipped.`);
      }
      const transient = a.status === 503 || errorCode === 'REQUEST_LIMIT_EXCEEDED' || errorCode === 'SERVER_UNAVAILABLE';
      if (transient && attempt < this.retry.attempts) {
        const retryAfter = Number(a.headers['retry-after']);
        this.noteRetry(`${call}: HTTP ${a.status}${errorCode ? ` ${errorCode}` : ''}; backing off`);
        await this.retry.sleep(backoffDelay(this.retry, attempt, Number.isFinite(retryAfter) ? retryAfter : null), this.options.signal);
        continue;
      }
      throw new SalesforceApiError(a.status, errorCode, message, call);
    }
  }

  /** Waits with the policy's (injectable) clock, e.g. between Bulk job polls. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return this.retry.sleep(ms, signal);
  }

  private noteRetry(what: string): void {
    this.retries++;
    this.options.onRetry?.(what);
  }

  private checkReserve(): void {
    if (!this.usage) return;
    const reserve = Math.ceil(this.usage.max * (this.options.reserveFraction ?? 0.05));
    if (this.usage.max - this.usage.used <= reserve) throw new ApiLimitReservedError(this.usage.used, this.usage.max, reserve);
  }

  private readUsage(headers: http.IncomingHttpHeaders): void {
    const info = headers['sforce-limit-info'];
    const m = typeof info === 'string' ? /api-usage=(\d+)\/(\d+)/.exec(info) : null;
    if (m) this.usage = { used: Number(m[1]), max: Number(m[2]) };
  }

  private async request(method: string, url: URL, body: unknown, accept: string): Promise<Answer> {
    const token = await this.options.auth.token();
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<Answer>((resolve, reject) => {
      const req = lib.request(url, {
        method,
        signal: this.options.signal,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: accept,
          'User-Agent': 'Leakscope-Collector',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
        },
      }, (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, res }));
      req.on('error', reject);
      req.end(payload);
    });
  }
}

async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Salesforce errors come as `[{ errorCode, message }]` (REST, Bulk 2.0) or `{ error, error_description }` (OAuth). */
function parseError(text: string): { errorCode: string; message: string } {
  try {
    const v = JSON.parse(text) as unknown;
    const first = (Array.isArray(v) ? v[0] : v) as Record<string, unknown> | undefined;
    if (first && typeof first === 'object') {
      const code = first['errorCode'] ?? first['error'];
      const message = first['message'] ?? first['error_description'];
      return { errorCode: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message : '' };
    }
  } catch {
    // not JSON: the text itself is the message
  }
  return { errorCode: '', message: text.slice(0, 200) };
}
