/**
 * What every pull shares: the client, the bundle, the progress meter; how a saved answer becomes
 * a bundle entry; and how a failure becomes a coverage status from the closed set.
 */
import type { BundleFile, BundleFileKind, CoverageItem, CoverageStatus } from '../../../shared/bundle.js';
import type { BundleWriter } from './bundle.js';
import { ApiLimitReservedError, NetworkError, SalesforceApiError, UnauthorizedError, messageOf } from './errors.js';
import type { SalesforceClient } from './http.js';
import type { ProgressMeter } from './progress.js';

export interface Ctx {
  client: SalesforceClient;
  bundle: BundleWriter;
  progress: ProgressMeter;
  signal?: AbortSignal;
  pollIntervalMs: number;
  bulkPageRecords: number;
  counts: { saved: number; verified: number; bytes: number };
}

/** Saves one GET answer into the unit being received, exactly as sent; returns its bundle entry. */
export async function saveAnswer(ctx: Ctx, relPath: string, apiPath: string, kind: BundleFileKind, object: string, accept?: string): Promise<BundleFile & { headers: Record<string, string | string[] | undefined> }> {
  const file = await ctx.bundle.incoming(relPath);
  const got = await ctx.client.download(apiPath, file, (n) => ctx.progress.bytes(n), accept);
  return {
    path: relPath, kind, object, call: `GET ${apiPath}`, at: new Date().toISOString(), apiVersion: ctx.client.apiVersion,
    sha256: got.sha256, bytes: got.bytes, records: null, headers: got.headers,
  };
}

/** Strips what only the pull needed (response headers) from an entry before it goes into bundle.json. */
export function entry(f: BundleFile & { headers?: unknown }): BundleFile {
  const { headers: _headers, ...rest } = f;
  return rest;
}

/** Errors that stop the whole run (the rest is marked with the same status), not just one item. */
export function stopsRun(e: unknown): boolean {
  return e instanceof UnauthorizedError || isLimit(e) || isAbort(e);
}

/** The org's API allowance: nearly used up (our reserve), or refused even after backing off. */
export function isLimit(e: unknown): boolean {
  return e instanceof ApiLimitReservedError || (e instanceof SalesforceApiError && e.errorCode === 'REQUEST_LIMIT_EXCEEDED');
}

export function isAbort(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e as { code?: string }).code === 'ABORT_ERR');
}

/** The coverage status and reason for a failed pull of a Real-Time Event Monitoring object or another object. */
export function statusOf(e: unknown, rtem: boolean): { status: CoverageStatus; reason: string } {
  if (isAbort(e)) return { status: 'cancelled', reason: 'the run was cancelled before this was complete' };
  if (e instanceof UnauthorizedError) return { status: 'error', reason: e.message };
  if (e instanceof ApiLimitReservedError) return { status: 'limit', reason: e.message };
  if (e instanceof SalesforceApiError) {
    const code = e.errorCode;
    if (code === 'REQUEST_LIMIT_EXCEEDED') return { status: 'limit', reason: `${e.message} (still refused after backing off)` };
    if (code.startsWith('INSUFFICIENT_ACCESS') || code === 'INSUFFICIENT_PRIVILEGES' || (e.status === 403 && code !== '')) {
      return { status: 'not_permitted', reason: `the signed-in user may not read it: ${e.message}` };
    }
    if (e.status === 404 || code === 'NOT_FOUND' || code === 'INVALID_TYPE') {
      return rtem
        ? { status: 'not_licensed', reason: `the object does not exist in this org, so Real-Time Event Monitoring (Shield or the Event Monitoring add-on) is not licensed or the object is not enabled: ${e.message}` }
        : { status: 'missing', reason: `the object does not exist in this org or is not visible to the user: ${e.message}` };
    }
    return { status: 'error', reason: e.message };
  }
  if (e instanceof NetworkError) return { status: 'error', reason: e.message };
  return { status: 'error', reason: messageOf(e) };
}

/** A coverage item. */
export function item(kind: CoverageItem['kind'], name: string, status: CoverageStatus, reason: string, files: BundleFile[] = [], records: number | null = null): CoverageItem {
  return { kind, name, status, reason, files: files.length, records, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}
