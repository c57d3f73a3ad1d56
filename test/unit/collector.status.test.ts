/**
 * How the collector names what happened (coverage statuses from the closed set) and how long it
 * waits before a retry (exponential, capped, jittered, at least Retry-After).
 */
import { describe, expect, it } from 'vitest';
import { COVERAGE_STATUSES } from '../../shared/bundle.js';
import { statusOf } from '../../electron/engine/collector/context.js';
import { ApiLimitReservedError, NetworkError, SalesforceApiError, UnauthorizedError } from '../../electron/engine/collector/errors.js';
import { backoffDelay, type RetryPolicy } from '../../electron/engine/collector/http.js';
import { formatCollectProgress } from '../../electron/cli/collectCommand.js';

const api = (status: number, code: string, message = 'm'): SalesforceApiError => new SalesforceApiError(status, code, message, 'GET /services/data/v62.0/query');

describe('statusOf', () => {
  it.each([
    [api(404, 'NOT_FOUND'), true, 'not_licensed'],
    [api(400, 'INVALID_TYPE', "sObject type 'ApiEvent' is not supported."), true, 'not_licensed'],
    [api(404, 'NOT_FOUND'), false, 'missing'],
    [api(400, 'INVALID_TYPE'), false, 'missing'],
    [api(403, 'INSUFFICIENT_ACCESS'), false, 'not_permitted'],
    [api(403, 'INSUFFICIENT_ACCESS_OR_READONLY'), true, 'not_permitted'],
    [api(400, 'INSUFFICIENT_PRIVILEGES'), false, 'not_permitted'],
    [api(403, 'REQUEST_LIMIT_EXCEEDED'), false, 'limit'],
    [new ApiLimitReservedError(14_260, 15_000, 750), false, 'limit'],
    [api(500, 'UNKNOWN_EXCEPTION'), false, 'error'],
    [new NetworkError('socket hang up'), false, 'error'],
    [new UnauthorizedError('refused'), false, 'error'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), false, 'cancelled'],
  ])('%s (rtem %s) → %s', (e, rtem, status) => {
    const s = statusOf(e, rtem);
    expect(s.status).toBe(status);
    expect(COVERAGE_STATUSES).toContain(s.status);
    expect(s.reason.length).toBeGreaterThan(5);
  });
});

describe('backoffDelay', () => {
  const policy = (random: number): RetryPolicy => ({ attempts: 6, baseDelayMs: 1000, maxDelayMs: 30_000, random: () => random, sleep: () => Promise.resolve() });
  it('doubles per retry, capped, with half of each step random', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy(1), n, null))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect([1, 2, 3].map((n) => backoffDelay(policy(0), n, null))).toEqual([500, 1000, 2000]);
    expect(backoffDelay(policy(0.5), 2, null)).toBe(1500);
  });
  it('waits at least what Retry-After says (within the cap)', () => {
    expect(backoffDelay(policy(0), 1, 7)).toBe(7000);
    expect(backoffDelay(policy(0), 1, 3600)).toBe(30_000);
  });
});

describe('formatCollectProgress', () => {
  it('shows MB done of known, files and the time left', () => {
    expect(formatCollectProgress({ phase: 'downloading', current: null, bytesDone: 3 * 1048576, bytesPlanned: 12 * 1048576, filesDone: 40, filesPlanned: 190, etaSeconds: 125 }))
      .toBe('downloading  3.0/12.0 MB  files 40/190  ETA 2:05');
  });
});
