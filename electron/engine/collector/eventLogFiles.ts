/**
 * EventLogFile pull: the listing of every log file in the range (saved, so intake can tell "no
 * file existed" from "not collected"), then each file's `LogFile` body streamed to disk. Daily
 * files go to `elf/<Type>/<Type>-<day>.csv`, hourly ones to `elf-hourly/<Type>/<Type>-<day>T<hh>.csv`;
 * when Salesforce has several hourly files for one type and hour (Sequence), the highest Sequence
 * is the current one and the others are kept apart in `elf-superseded/`, marked `superseded`
 * in bundle.json, so intake keeps them hashed but does not count their events.
 */
import { readFile } from 'node:fs/promises';
import type { BundleFile, CoverageItem } from '../../../shared/bundle.js';
import { entry, item, saveAnswer, statusOf, stopsRun, type Ctx } from './context.js';
import { saveQueryPages, soqlDateTime, soqlString } from './restQuery.js';

interface ListedFile {
  Id: string;
  EventType: string;
  LogDate: string;
  Interval?: string | null;
  Sequence?: number | null;
  LogFileLength?: number | null;
}

/** Lists and downloads the log files of `types` (every type when empty) between `from` and `to`. */
export async function pullEventLogFiles(ctx: Ctx, from: string, to: string, types: string[]): Promise<CoverageItem[]> {
  const where = [`LogDate >= ${soqlDateTime(from)}`, `LogDate < ${soqlDateTime(to)}`];
  if (types.length) where.push(`EventType IN (${types.map(soqlString).join(', ')})`);
  const soql = `SELECT Id, EventType, LogDate, Interval, Sequence, LogFileLength, LogFile, CreatedDate, ApiVersion FROM EventLogFile WHERE ${where.join(' AND ')} ORDER BY EventType, LogDate, Sequence`;
  ctx.progress.phase('listing', 'EventLogFile');
  let listing: BundleFile[];
  try {
    listing = (await saveQueryPages(ctx, soql, 'listing', 'EventLogFile', 'elf-listing', 'EventLogFile')).files;
    await ctx.bundle.commitUnit(listing, (f) => f.kind === 'elf-listing');
  } catch (e) {
    if (stopsRun(e)) throw e;
    await ctx.bundle.discardIncoming();
    const s = statusOf(e, false);
    return (types.length ? types : ['EventLogFile']).map((t) => item('elf', t, s.status, `the EventLogFile listing failed: ${s.reason}`));
  }
  const listed: ListedFile[] = [];
  for (const page of listing) {
    const body = JSON.parse(await readFile(`${ctx.bundle.dir}/${page.path}`, 'utf8')) as { records?: ListedFile[] };
    for (const r of body.records ?? []) listed.push(r);
  }
  const latest = new Map<string, number>();
  for (const f of listed) {
    if (!isHourly(f)) continue;
    const key = `${f.EventType}|${f.LogDate}`;
    latest.set(key, Math.max(latest.get(key) ?? -Infinity, f.Sequence ?? 0));
  }
  ctx.progress.plan(listed.length, listed.reduce((n, f) => n + (f.LogFileLength ?? 0), 0));
  const byType = new Map<string, { files: BundleFile[]; failed: string[] }>();
  for (const t of types) byType.set(t, { files: [], failed: [] });
  ctx.progress.phase('downloading');
  for (const f of listed) {
    const mine = byType.get(f.EventType) ?? { files: [], failed: [] };
    byType.set(f.EventType, mine);
    const superseded = isHourly(f) && (f.Sequence ?? 0) < (latest.get(`${f.EventType}|${f.LogDate}`) ?? 0);
    const done = await ctx.bundle.verifiedUnit((b) => b.logFile?.id === f.Id);
    if (done) {
      mine.files.push(...done);
      ctx.counts.verified += done.length;
      ctx.progress.bytes(done[0]!.bytes);
      ctx.progress.file();
      continue;
    }
    try {
      const saved = await saveAnswer(ctx, logFilePath(f, superseded), ctx.client.dataPath(`/sobjects/EventLogFile/${f.Id}/LogFile`), 'elf', f.EventType, 'text/csv');
      const e = entry({
        ...saved,
        logFile: { id: f.Id, logDate: f.LogDate, interval: isHourly(f) ? 'Hourly' : 'Daily', sequence: f.Sequence ?? 0 },
        ...(superseded ? { superseded: true } : {}),
      });
      await ctx.bundle.commitUnit([e], (b) => b.logFile?.id === f.Id);
      mine.files.push(e);
      ctx.counts.saved++;
      ctx.counts.bytes += e.bytes;
      ctx.progress.file();
    } catch (e) {
      await ctx.bundle.discardIncoming();
      if (stopsRun(e)) throw e;
      mine.failed.push(`${f.Id} (${f.LogDate}): ${statusOf(e, false).reason}`);
    }
  }
  if (!types.length && !listed.length) return [item('elf', 'EventLogFile', 'empty', 'Salesforce lists no log file of any type in the range (Event Monitoring off, no events, or the files have expired)')];
  return [...byType.entries()].map(([type, got]) => {
    if (got.failed.length) return item('elf', type, 'error', `${got.failed.length} log file(s) could not be downloaded: ${got.failed.slice(0, 3).join('; ')}${got.failed.length > 3 ? '; …' : ''}`, got.files);
    if (!got.files.length) return item('elf', type, 'empty', 'Salesforce lists no log file of this type in the range (no events, or the type is not generated in this org)');
    const superseded = got.files.filter((f) => f.superseded).length;
    return item('elf', type, 'collected', `${got.files.length} log file(s)${superseded ? `, ${superseded} of them superseded hourly files kept apart` : ''}`, got.files);
  });
}

function isHourly(f: ListedFile): boolean {
  return (f.Interval ?? '').toLowerCase() === 'hourly';
}

/** Where a log file goes in the bundle. */
function logFilePath(f: ListedFile, superseded: boolean): string {
  const type = f.EventType.replace(/[^A-Za-z0-9_]/g, '_');
  const day = f.LogDate.slice(0, 10);
  if (!isHourly(f)) return `elf/${type}/${type}-${day}.csv`;
  const hour = `${day}T${f.LogDate.slice(11, 13)}`;
  return superseded ? `elf-superseded/${type}/${type}-${hour}-seq${f.Sequence ?? 0}.csv` : `elf-hourly/${type}/${type}-${hour}.csv`;
}
