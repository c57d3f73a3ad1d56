/**
 * The UTC period each log source covers, which is what lets a quiet hour read "logged, nothing
 * happened" instead of "not logged". A source's covered period comes from, in order:
 *
 * 1. `listing`: an EventLogFile listing row that matches the file — the file name or path holds
 *    the row's 0AT… id, or the row has the file's event type, LogDate and Interval (as read from
 *    the name, else from the span of its events). Daily rows cover the UTC day of LogDate, hourly
 *    rows the hour.
 * 2. `file_name`: a date in the name. Hourly: `…YYYY-MM-DDTHH…` (`RestApi-2025-07-26T22.csv`) or
 *    an `HH-<id>.csv` file inside a `YYYY-MM-DD` folder (sf-audit: `<Type>/<date>/<HH>-<0AT id>.csv`).
 *    Daily: any other `YYYY-MM-DD` in the name (`Login-2025-07-01.csv`; Event Log File Browser
 *    `2025-07-01_Login.csv`; sf-audit `<Type>/2025-07-01-<0AT id>.csv`) or a `<Type>.csv` inside a
 *    `YYYY-MM-DD` folder (elfBash). The whole UTC day or hour is covered.
 * 3. `event_hour` / `event_days`: the span of the file's own events (as intake recorded it from the raw
 *    rows, `source_spans`, so duplicates removed from `events` still count): all within one UTC hour → that hour; otherwise
 *    every whole UTC day from the first event's day to the last event's day.
 *
 * A file with no events and nothing in its name covers nothing the evidence can show.
 */
import path from 'node:path';
import { parseIsoTimestamp, toIso } from '../../../shared/time.js';
import { EVENT_FIELDS, transformSql } from '../intake/eventFields.js';
import type { CaseDb } from '../store/duck.js';
import { ident, quoteIdentifier as quote, raw, sql } from '../store/sql.js';
import { LOG_FILE_ID } from '../intake/listing.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DATE = /(\d{4}-\d{2}-\d{2})/;
const TYPE_WORD = /^[A-Za-z][A-Za-z0-9]*$/;

export type Interval = 'Daily' | 'Hourly';

export interface NamedPeriod {
  eventType: string | null;
  start: number;
  end: number;
  interval: Interval;
}

export interface SourcePeriod {
  sourceId: number;
  eventType: string;
  start: number;
  end: number;
  basis: 'listing' | 'file_name' | 'event_hour' | 'event_days';
  logFileId: string | null;
  listing: { sourceId: number; record: number } | null;
}

interface ListingEntry {
  sourceId: number;
  record: number;
  logFileId: string | null;
  eventType: string;
  start: number;
  end: number;
  interval: Interval;
}

function day(text: string): number | null {
  const t = parseIsoTimestamp(text);
  return t !== null && /^\d{4}-\d{2}-\d{2}$/.test(text) ? t : null;
}

/** The period a file's name (and folder) says it covers, with the event type if the name gives one. */
export function periodFromName(filePath: string): NamedPeriod | null {
  const parts = filePath.split(/[\\/]/).filter(Boolean);
  const base = path.basename(parts.at(-1) ?? '', path.extname(parts.at(-1) ?? ''));
  const dir1 = parts.at(-2) ?? '';
  const dir2 = parts.at(-3) ?? '';
  const typeIn = (...candidates: string[]): string | null => candidates.map((c) => c.replace(/^[-_. ]+|[-_. ]+$/g, '')).find((c) => TYPE_WORD.test(c) && !/^0AT/.test(c)) ?? null;
  const hourly = /(\d{4}-\d{2}-\d{2})T(\d{2})/.exec(base);
  if (hourly) {
    const d = day(hourly[1]!);
    const h = Number(hourly[2]);
    if (d !== null && h < 24) {
      const before = base.slice(0, hourly.index);
      return { eventType: typeIn(before, dir1), start: d + h * HOUR, end: d + (h + 1) * HOUR, interval: 'Hourly' };
    }
  }
  const folderDay = day(dir1);
  const hourFile = /^(\d{2})(?:[-_]|$)/.exec(base);
  if (folderDay !== null && hourFile && Number(hourFile[1]) < 24) {
    const h = Number(hourFile[1]);
    return { eventType: typeIn(dir2), start: folderDay + h * HOUR, end: folderDay + (h + 1) * HOUR, interval: 'Hourly' };
  }
  const daily = DATE.exec(base);
  if (daily) {
    const d = day(daily[1]!);
    if (d !== null) {
      const before = base.slice(0, daily.index);
      const after = base.slice(daily.index + daily[1]!.length);
      return { eventType: typeIn(before, after, dir1), start: d, end: d + DAY, interval: 'Daily' };
    }
  }
  if (folderDay !== null && TYPE_WORD.test(base)) return { eventType: base, start: folderDay, end: folderDay + DAY, interval: 'Daily' };
  return null;
}

/** The covered period of one source's events: one hour if they all fall in it, else whole UTC days. */
export function periodFromSpan(first: number, last: number): { start: number; end: number; basis: 'event_hour' | 'event_days' } {
  const firstHour = first - (first % HOUR);
  if (last - (last % HOUR) === firstHour) return { start: firstHour, end: firstHour + HOUR, basis: 'event_hour' };
  const lastDay = last - (last % DAY);
  return { start: first - (first % DAY), end: lastDay + DAY, basis: 'event_days' };
}

/** Works out and stores (`source_periods`) the covered period of every loaded log source. */
export async function recordSourcePeriods(db: CaseDb): Promise<{ periods: SourcePeriod[]; notes: string[] }> {
  const sources = await db.all<{ id: number; path: string; kind: string; detail: string | null; table_name: string | null; rows: number }>(
    sql`SELECT id, path, kind, detail, table_name, rows FROM sources WHERE kind IN ('elf', 'rtem') AND table_name IS NOT NULL ORDER BY id`,
  );
  const listing = (
    await db.all<{ source_id: number; source_record: number; log_file_id: string | null; event_type: string; s: number; e: number; interval: string }>(
      sql`SELECT source_id, source_record, log_file_id, event_type, epoch_ms(start_ts) AS s, epoch_ms(end_ts) AS e, interval
       FROM log_listing WHERE start_ts IS NOT NULL AND event_type IS NOT NULL`,
    )
  ).map((r): ListingEntry => ({
    sourceId: r.source_id, record: r.source_record, logFileId: r.log_file_id, eventType: r.event_type,
    start: r.s, end: r.e, interval: r.interval === 'Hourly' ? 'Hourly' : 'Daily',
  }));
  // Looked up by id (first 15 characters: the case-sensitive form) and by type, start and interval.
  const byId = new Map<string, ListingEntry>();
  const byKey = new Map<string, ListingEntry>();
  const key = (t: string, start: number, interval: Interval): string => `${t.toLowerCase()}|${start}|${interval}`;
  for (const l of listing) {
    if (l.logFileId && !byId.has(l.logFileId.slice(0, 15))) byId.set(l.logFileId.slice(0, 15), l);
    if (!byKey.has(key(l.eventType, l.start, l.interval))) byKey.set(key(l.eventType, l.start, l.interval), l);
  }
  const matchListing = (t: string | null, start: number, interval: Interval): ListingEntry | undefined =>
    t === null ? undefined : byKey.get(key(t, start, interval));
  // The span intake recorded for each source as it loaded (source_spans: one row per source and event type, from the raw
  // rows): one small read instead of a scan of each source's raw rows. Event type 'Unknown' is intake's word for none.
  const recorded = new Map((await db.all<{ id: number; lo: number | null; hi: number | null; t: string | null }>(
    sql`SELECT source_id AS id, epoch_ms(min(lo)) AS lo, epoch_ms(max(hi)) AS hi,
      min(event_type) FILTER (WHERE lo IS NOT NULL AND event_type <> 'Unknown') AS t FROM source_spans GROUP BY source_id`,
  )).map((r) => [r.id, r]));
  const periods: SourcePeriod[] = [];
  const notes: string[] = [];
  for (const s of sources) {
    const named = periodFromName(s.path);
    const idInName = LOG_FILE_ID.exec(path.basename(s.path)) ?? LOG_FILE_ID.exec(s.path);
    let type = s.detail ?? named?.eventType ?? null;
    const named0AT = idInName ? byId.get(idInName[0].slice(0, 15)) : undefined;
    if (named0AT) {
      periods.push(fromListing(s.id, type ?? named0AT.eventType, named0AT));
      continue;
    }
    if (named && type) {
      const hit = matchListing(type, named.start, named.interval);
      periods.push(hit ? fromListing(s.id, type, hit) : { sourceId: s.id, eventType: type, start: named.start, end: named.end, basis: 'file_name', logFileId: null, listing: null });
      continue;
    }
    const known = recorded.get(s.id);
    const span = known
      ? known.lo === null || known.hi === null ? null : { first: known.lo, last: known.hi, type: s.kind === 'rtem' ? s.detail : known.t }
      : await eventSpan(db, s.table_name!, s.kind === 'rtem' ? s.detail : null);
    type = type ?? span?.type ?? null;
    if (!span || !type) {
      notes.push(`${s.path}: covers no known period (no date in its name, no EventLogFile listing row, no timestamped event)`);
      continue;
    }
    const p = periodFromSpan(span.first, span.last);
    const hit = p.basis === 'event_hour' ? (matchListing(type, p.start, 'Hourly') ?? matchListing(type, p.start - (p.start % DAY), 'Daily')) : p.end - p.start === DAY ? matchListing(type, p.start, 'Daily') : undefined;
    periods.push(hit ? fromListing(s.id, type, hit) : { sourceId: s.id, eventType: type, start: p.start, end: p.end, basis: p.basis, logFileId: null, listing: null });
  }
  await db.run(sql`DELETE FROM source_periods`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE periods_stage (source_id VARCHAR, event_type VARCHAR, start_ts VARCHAR, end_ts VARCHAR,
    basis VARCHAR, log_file_id VARCHAR, listing_source_id VARCHAR, listing_record VARCHAR)`);
  const ts = (ms: number): string => toIso(ms).replace('T', ' ').replace('Z', '');
  await db.appendRows(
    'periods_stage',
    periods.map((p) => [String(p.sourceId), p.eventType, ts(p.start), ts(p.end), p.basis, p.logFileId, p.listing ? String(p.listing.sourceId) : null, p.listing ? String(p.listing.record) : null]),
  );
  await db.run(sql`INSERT INTO source_periods SELECT source_id::INTEGER, event_type, start_ts::TIMESTAMP, end_ts::TIMESTAMP, basis, log_file_id,
    listing_source_id::INTEGER, listing_record::BIGINT FROM periods_stage`);
  await db.run(sql`DROP TABLE periods_stage`);
  return { periods, notes };
}

function fromListing(sourceId: number, eventType: string, l: ListingEntry): SourcePeriod {
  return { sourceId, eventType, start: l.start, end: l.end, basis: 'listing', logFileId: l.logFileId, listing: { sourceId: l.sourceId, record: l.record } };
}

/**
 * First and last event time of one source's raw rows (same timestamp rule as `events.ts`), and its event type: for a
 * source intake recorded no span of (a case loaded before source_spans).
 */
async function eventSpan(db: CaseDb, view: string, fixedType: string | null): Promise<{ first: number; last: number; type: string | null } | null> {
  if (!/^src_\d+$/.test(view)) return null;
  const cols = await db.all<{ column_name: string }>(sql`SELECT column_name FROM (DESCRIBE ${ident(view)})`);
  const byLower = new Map(cols.map((c) => [c.column_name.toLowerCase(), c.column_name]));
  const tsRule = EVENT_FIELDS.find((f) => f.target === 'ts')!;
  const parts = tsRule.candidates.filter(([c]) => byLower.has(c)).map(([c, t]) => transformSql(quote(byLower.get(c)!), t));
  if (!parts.length) return null;
  const typeCol = byLower.get('event_type');
  const typeExpr = fixedType !== null ? 'NULL' : typeCol ? `min(nullif(trim(${quote(typeCol)}), ''))` : 'NULL';
  const row = await db.one<{ lo: number | null; hi: number | null; t: string | null }>(
    sql`SELECT epoch_ms(min(x)) AS lo, epoch_ms(max(x)) AS hi, ${raw(typeExpr)} AS t FROM (SELECT *, ${raw(parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`)} AS x FROM ${ident(view)}) WHERE x IS NOT NULL`,
  );
  if (!row || row.lo === null || row.hi === null) return null;
  return { first: row.lo, last: row.hi, type: fixedType ?? row.t };
}
