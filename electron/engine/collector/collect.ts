/**
 * `collect()`: saves, read-only, everything an investigation of an org needs into a hashed bundle
 * folder — EventLogFile listing and files, Real-Time Event Monitoring objects, org metadata and
 * data snapshots — with `bundle.json` naming every file (API call, time, API version, SHA-256,
 * size) and `coverage.json` saying, for everything asked for, what came back and why not.
 * Progress is reported and the run can be cancelled; either way the bundle stays consistent and
 * a second run continues it.
 */
import { fail, ok, type Result } from '../../../shared/result.js';
import { BUNDLE_FORMAT, type BundleManifest, type CoverageItem, type CoverageReport } from '../../../shared/bundle.js';
import { BundleMismatchError, BundleWriter, readManifest } from './bundle.js';
import { item, isAbort, isLimit, statusOf, type Ctx } from './context.js';
import { UnauthorizedError, messageOf } from './errors.js';
import { pullEventLogFiles } from './eventLogFiles.js';
import { SalesforceClient } from './http.js';
import { pullObject } from './objects.js';
import { ProgressMeter } from './progress.js';
import { queryOnce } from './restQuery.js';
import { DEFAULT_RTEM_OBJECTS, METADATA_OBJECTS, type CollectOutcome, type CollectRequest } from './types.js';
import { WriteRefusedError } from './guard.js';

const DEFAULT_API_VERSION = '62.0';
const DAY = 86_400_000;
const RTEM_NAME = /(Event|EventStore|EventStream)$/;

interface OrgRow {
  Id: string;
  Name?: string | null;
  OrganizationType?: string | null;
  IsSandbox?: boolean | null;
}

/** Collects from the org at `req.instanceUrl` into `req.outDir`. */
export async function collect(req: CollectRequest): Promise<Result<CollectOutcome>> {
  // A bundle being continued keeps its range unless another is given (then the bundle refuses it).
  const earlier = req.from || req.to ? null : await readManifest(req.outDir).catch(() => null);
  const range = earlier ? ok({ from: earlier.request.from, to: earlier.request.to }) : rangeOf(req);
  if (!range.ok) return range;
  const { from, to } = range.value;
  const types = (req.types ?? []).map((t) => t.trim()).filter(Boolean);
  const eventTypes = types.filter((t) => !RTEM_NAME.test(t));
  const rtemObjects = types.length ? types.filter((t) => RTEM_NAME.test(t)) : [...DEFAULT_RTEM_OBJECTS];
  const bad = [...types, ...(req.objects ?? [])].filter((t) => !/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(t));
  if (bad.length) return fail('BAD_REQUEST', `Not an event type or sObject API name: ${bad.join(', ')}`);
  const progress = new ProgressMeter(req.onProgress);
  const notes: string[] = [];
  const client = new SalesforceClient({
    instanceUrl: req.instanceUrl, apiVersion: req.apiVersion ?? DEFAULT_API_VERSION, auth: req.auth, retry: req.retry, signal: req.signal,
    onRetry: (what) => notes.push(what),
  });
  const counts = { saved: 0, verified: 0, bytes: 0 };
  let bundle: BundleWriter;
  let org: OrgRow;
  try {
    progress.phase('signing-in', req.instanceUrl);
    const rows = await queryOnce<OrgRow>(client, 'SELECT Id, Name, OrganizationType, IsSandbox FROM Organization');
    if (!rows[0]?.Id) return fail('BAD_INPUT', `${req.instanceUrl} answered the Organization query with no organization`);
    org = rows[0];
    const now = new Date().toISOString();
    const fresh: BundleManifest = {
      format: BUNDLE_FORMAT, version: 1, tool: req.tool ?? { name: 'Leakscope', version: '0' },
      org: { id: org.Id, name: org.Name ?? null, instanceUrl: client.instanceUrl, organizationType: org.OrganizationType ?? null, isSandbox: org.IsSandbox ?? null },
      apiVersion: client.apiVersion, startedAt: now, updatedAt: now, complete: false,
      request: { from, to, eventTypes, rtemObjects, metadataObjects: [...METADATA_OBJECTS], snapshotObjects: req.objects ?? [], queryAll: Boolean(req.queryAll) },
      apiUsage: null, files: [],
    };
    bundle = await BundleWriter.open(req.outDir, fresh);
    if (bundle.resumed) notes.push(`continuing the bundle in ${req.outDir}: files already saved are verified and skipped`);
    await bundle.save();
  } catch (e) {
    return failure(e, req.instanceUrl);
  }
  const ctx: Ctx = { client, bundle, progress, signal: req.signal, pollIntervalMs: req.pollIntervalMs ?? 250, bulkPageRecords: req.bulkPageRecords ?? 50_000, counts };
  const coverage: CoverageItem[] = [];
  // Everything still to do, in order; a run-stopping failure marks the rest with its status.
  const steps: { kind: CoverageItem['kind']; name: string; run: () => Promise<CoverageItem[]> }[] = [
    // --types naming only RTEM objects asks for no log file; no --types asks for every log file type.
    ...(types.length && !eventTypes.length ? [] : [{ kind: 'elf' as const, name: eventTypes.join(',') || 'EventLogFile', run: () => pullEventLogFiles(ctx, from, to, eventTypes) }]),
    ...rtemObjects.map((o) => ({ kind: 'rtem' as const, name: o, run: async () => [await pullObject(ctx, 'rtem', o, { from, to }, false)] })),
    ...METADATA_OBJECTS.map((o) => ({ kind: 'metadata' as const, name: o, run: async () => [await pullObject(ctx, 'metadata', o, { from, to }, false)] })),
    ...(req.objects ?? []).map((o) => ({ kind: 'snapshot' as const, name: o, run: async () => [await pullObject(ctx, 'snapshot', o, { from, to }, Boolean(req.queryAll))] })),
  ];
  let stop: unknown = null;
  for (const step of steps) {
    if (stop !== null) {
      const s = statusOf(stop, step.kind === 'rtem');
      coverage.push(item(step.kind, step.name, s.status, `not reached: ${s.reason}`));
      continue;
    }
    if (step.kind !== 'elf') progress.phase(step.kind === 'rtem' ? 'querying' : 'bulk', step.name);
    try {
      coverage.push(...(await step.run()));
    } catch (e) {
      stop = req.signal?.aborted ? Object.assign(new Error('cancelled'), { name: 'AbortError' }) : e;
      const s = statusOf(stop, step.kind === 'rtem');
      coverage.push(item(step.kind, step.name, s.status, s.reason));
    }
  }
  bundle.manifest.apiUsage = client.usage;
  const report: CoverageReport = { format: 'leakscope-collection-coverage', org: org.Id, from, to, items: coverage };
  const complete = stop === null && coverage.every((c) => c.status !== 'error');
  await bundle.finish(report, complete);
  progress.phase(stop !== null && isAbort(stop) ? 'cancelled' : 'done');
  if (stop !== null && !isLimit(stop)) {
    if (isAbort(stop)) return fail('CANCELLED', `Collection cancelled: ${counts.saved} file(s) saved and listed in ${req.outDir}/bundle.json; collect again into the same folder with the same options to continue`);
    return failure(stop, req.instanceUrl);
  }
  if (stop !== null) notes.push(statusOf(stop, false).reason);
  return ok({ outDir: req.outDir, org: { id: org.Id, name: org.Name ?? null }, saved: counts.saved, verified: counts.verified, bytes: counts.bytes, coverage, notes, complete });
}

function failure(e: unknown, instanceUrl: string): Result<never> {
  if (isAbort(e)) return fail('CANCELLED', 'Collection cancelled before anything was saved');
  if (e instanceof UnauthorizedError) return fail('UNAUTHORIZED', e.message);
  if (e instanceof BundleMismatchError) return fail('BAD_REQUEST', e.message);
  if (isLimit(e)) return fail('UNSUPPORTED', messageOf(e));
  if (e instanceof WriteRefusedError) return fail('INTERNAL', e.message);
  return fail('BAD_INPUT', `Collecting from ${instanceUrl} failed: ${messageOf(e)}`);
}

/** The range asked for (default: the 30 days Salesforce keeps log files, up to now). */
function rangeOf(req: CollectRequest): Result<{ from: string; to: string }> {
  const now = (req.now ?? (() => new Date()))();
  const to = req.to ? Date.parse(req.to) : now.getTime();
  const from = req.from ? Date.parse(req.from) : to - 30 * DAY;
  if (Number.isNaN(from) || Number.isNaN(to)) return fail('BAD_REQUEST', `Not an ISO 8601 time: ${Number.isNaN(from) ? req.from : req.to}`);
  if (from >= to) return fail('BAD_REQUEST', `--from (${new Date(from).toISOString()}) must be before --to (${new Date(to).toISOString()})`);
  return ok({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
}
