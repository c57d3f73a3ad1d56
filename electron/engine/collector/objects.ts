/**
 * Object pulls: Real-Time Event Monitoring storage objects by REST query over the range (each page
 * a JSON file in `rtem/<Object>/`), and org metadata and data snapshots by Bulk API 2.0 query
 * (each result page a CSV file, `metadata/<Object>.csv`, `snapshots/<Object>.csv`, later pages
 * `<Object>-pNNNN.csv`; the Organization export at the bundle's top, `Organization.csv`, so intake
 * assigns every export in the bundle to the bundle's org). Every field the describe says a query can return is asked for. Bulk jobs
 * are created (the one write the guard allows) and never deleted or aborted: Salesforce expires them.
 */
import type { BundleFile, CoverageItem } from '../../../shared/bundle.js';
import { entry, item, saveAnswer, statusOf, stopsRun, type Ctx } from './context.js';
import { SalesforceApiError } from './errors.js';
import { queryableFields, saveQueryPages, soqlDateTime } from './restQuery.js';

type ObjectKind = 'rtem' | 'metadata' | 'snapshot';

/** Metadata objects that grow with use: only the range is pulled, by this time field. */
const RANGE_FIELD: Record<string, string> = { LoginHistory: 'LoginTime' };

/** Pulls one object as a unit (skipped when a verified earlier pull is in the bundle). */
export async function pullObject(ctx: Ctx, kind: ObjectKind, object: string, range: { from: string; to: string }, queryAll: boolean): Promise<CoverageItem> {
  const mine = (f: BundleFile): boolean => f.kind === kind && f.object === object;
  const done = await ctx.bundle.verifiedUnit(mine);
  if (done) {
    ctx.counts.verified += done.length;
    for (const f of done) ctx.progress.bytes(f.bytes);
    ctx.progress.file();
    return item(kind, object, 'collected', `${done.length} file(s) saved by an earlier run, verified (size and SHA-256) and kept`, done, sum(done));
  }
  try {
    const fields = await queryableFields(ctx, object);
    if (!fields.length) return item(kind, object, 'missing', 'the describe lists no field a query can return');
    const got: { files: BundleFile[]; records: number; via?: string } = kind === 'rtem'
      ? await saveQueryPages(ctx, `SELECT ${fields.join(', ')} FROM ${object} WHERE EventDate >= ${soqlDateTime(range.from)} AND EventDate < ${soqlDateTime(range.to)}`, `rtem/${object}`, object, 'rtem', object)
      : await bulkOrRest(ctx, kind, object, `SELECT ${fields.join(', ')} FROM ${object}${rangeFilter(kind, object, range)}`, queryAll && kind === 'snapshot');
    await ctx.bundle.commitUnit(got.files, mine);
    ctx.counts.saved += got.files.length;
    ctx.counts.bytes += got.files.reduce((n, f) => n + f.bytes, 0);
    ctx.progress.file();
    if (!got.files.length) return item(kind, object, 'empty', kind === 'rtem' ? 'no event of this object in the range' : 'the query returned no record', [], 0);
    return item(kind, object, 'collected', `${got.records} record(s) in ${got.files.length} file(s)${got.via ? ` (${got.via})` : ''}`, got.files, got.records);
  } catch (e) {
    await ctx.bundle.discardIncoming();
    if (stopsRun(e)) throw e;
    const s = statusOf(e, kind === 'rtem');
    return item(kind, object, s.status, s.reason);
  }
}

/**
 * Bulk API 2.0 where the object supports it; an object Bulk refuses (`INVALIDENTITY`: "not supported
 * by the Bulk API") is read by REST query instead, its pages saved as JSON in `<dir>/<Object>/`.
 */
async function bulkOrRest(ctx: Ctx, kind: 'metadata' | 'snapshot', object: string, soql: string, queryAll: boolean): Promise<{ files: BundleFile[]; records: number; via?: string }> {
  try {
    return await bulkQuery(ctx, kind, object, soql, queryAll);
  } catch (e) {
    if (!(e instanceof SalesforceApiError && (e.errorCode === 'INVALIDENTITY' || /not supported by the Bulk API/i.test(e.sfMessage)))) throw e;
    await ctx.bundle.discardIncoming();
    // Pages in a folder of their own (the Organization export stays at the top: it names the bundle's org).
    const dir = folderOf(kind, object);
    const got = await saveQueryPages(ctx, soql, dir ? `${dir}/${object}` : '', object, kind, object, queryAll);
    return { ...got, via: `by REST query: Bulk API 2.0 does not support it (${e.errorCode})` };
  }
}

interface JobInfo {
  id: string;
  state: 'UploadComplete' | 'InProgress' | 'Aborted' | 'JobComplete' | 'Failed';
  errorMessage?: string;
  numberRecordsProcessed?: number;
}

/** A Bulk API 2.0 query job: created, polled until complete, its result pages saved by locator. */
async function bulkQuery(ctx: Ctx, kind: 'metadata' | 'snapshot', object: string, soql: string, queryAll: boolean): Promise<{ files: BundleFile[]; records: number }> {
  ctx.progress.phase('bulk', object);
  const jobsPath = ctx.client.dataPath('/jobs/query');
  let job = await ctx.client.json<JobInfo>('POST', jobsPath, { operation: queryAll ? 'queryAll' : 'query', query: soql, contentType: 'CSV', columnDelimiter: 'COMMA', lineEnding: 'LF' });
  // Polls back off from pollIntervalMs to eight times it: small jobs finish in a second, large ones take minutes.
  for (let poll = 0; job.state === 'UploadComplete' || job.state === 'InProgress'; poll++) {
    await ctx.client.sleep(ctx.pollIntervalMs * Math.min(8, 2 ** poll), ctx.signal);
    job = await ctx.client.json<JobInfo>('GET', `${jobsPath}/${job.id}`);
  }
  if (job.state !== 'JobComplete') throw new SalesforceApiError(200, `JOB_${job.state.toUpperCase()}`, `Bulk query job ${job.id} ended ${job.state}${job.errorMessage ? `: ${job.errorMessage}` : ''}`, `GET ${jobsPath}/${job.id}`);
  const dir = folderOf(kind, object);
  const files: BundleFile[] = [];
  let records = 0;
  let locator: string | null = null;
  for (let page = 1; page === 1 || locator; page++) {
    const q = new URLSearchParams({ maxRecords: String(ctx.bulkPageRecords) });
    if (locator) q.set('locator', locator);
    const rel = `${dir ? `${dir}/` : ''}${object}${page === 1 ? '' : `-p${String(page).padStart(4, '0')}`}.csv`;
    const saved = await saveAnswer(ctx, rel, `${jobsPath}/${job.id}/results?${q.toString()}`, kind, object, 'text/csv');
    const n = Number(saved.headers['sforce-numberofrecords'] ?? NaN);
    const count = Number.isFinite(n) ? n : null;
    records += count ?? 0;
    if (count !== 0) files.push(entry({ ...saved, records: count }));
    const next = saved.headers['sforce-locator'];
    locator = typeof next === 'string' && next !== '' && next !== 'null' ? next : null;
  }
  return { files, records };
}

/** The bundle folder of an object's files: the Organization export at the top (the org of everything beside and below it). */
function folderOf(kind: 'metadata' | 'snapshot', object: string): string {
  if (kind === 'snapshot') return 'snapshots';
  return object === 'Organization' ? '' : 'metadata';
}

function rangeFilter(kind: ObjectKind, object: string, range: { from: string; to: string }): string {
  const field = kind === 'metadata' ? RANGE_FIELD[object] : undefined;
  return field ? ` WHERE ${field} >= ${soqlDateTime(range.from)} AND ${field} < ${soqlDateTime(range.to)}` : '';
}

function sum(files: BundleFile[]): number | null {
  return files.every((f) => f.records !== null) ? files.reduce((n, f) => n + (f.records ?? 0), 0) : null;
}
