/**
 * REST queries saved page by page, exactly as received: the first `query` answer and every
 * `nextRecordsUrl` (queryMore) after it, each page one JSON file (a REST query response, which
 * intake reads by its records' `attributes.type`). Pages are read back only for their cursor and
 * record count, one page at a time.
 */
import { readFile } from 'node:fs/promises';
import type { BundleFile, BundleFileKind } from '../../../shared/bundle.js';
import type { SalesforceClient } from './http.js';
import { UNQUERYABLE_TYPES } from './types.js';
import { entry, saveAnswer, type Ctx } from './context.js';

interface QueryPage {
  totalSize?: number;
  done?: boolean;
  nextRecordsUrl?: string;
  records?: unknown[];
}

/** Runs `soql` (`queryAll`: deleted and archived records too) and saves every page as `<dir>/<stem>-NNNN.json`; an answer with no records is not kept. */
export async function saveQueryPages(ctx: Ctx, soql: string, dir: string, stem: string, kind: BundleFileKind, object: string, all = false): Promise<{ files: BundleFile[]; records: number }> {
  const files: BundleFile[] = [];
  let records = 0;
  let next: string | null = ctx.client.dataPath(`/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);
  for (let page = 1; next; page++) {
    const rel = `${dir ? `${dir}/` : ''}${stem}-${String(page).padStart(4, '0')}.json`;
    const saved = await saveAnswer(ctx, rel, next, kind, object);
    const body = JSON.parse(await readFile(await ctx.bundle.incoming(rel), 'utf8')) as QueryPage;
    const n = Array.isArray(body.records) ? body.records.length : 0;
    records += n;
    if (n > 0) files.push(entry({ ...saved, records: n }));
    next = body.done === false && typeof body.nextRecordsUrl === 'string' ? body.nextRecordsUrl : null;
  }
  return { files, records };
}

/** Runs a small query whose answer the collector needs itself (not evidence): at most one page. */
export async function queryOnce<T>(client: SalesforceClient, soql: string): Promise<T[]> {
  const body = await client.json<QueryPage>('GET', client.dataPath(`/query?q=${encodeURIComponent(soql)}`));
  return (body.records ?? []) as T[];
}

interface Describe {
  fields?: { name: string; type: string }[];
}

/** The object's fields a query can return (from its describe), in describe order. */
export async function queryableFields(ctx: Ctx, object: string): Promise<string[]> {
  const d = await ctx.client.json<Describe>('GET', ctx.client.dataPath(`/sobjects/${encodeURIComponent(object)}/describe`));
  return (d.fields ?? []).filter((f) => !UNQUERYABLE_TYPES.has(f.type.toLowerCase())).map((f) => f.name);
}

/** A SOQL dateTime literal (no fraction: SOQL does not take one). */
export function soqlDateTime(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A SOQL string literal. */
export function soqlString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
