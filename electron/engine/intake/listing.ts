/**
 * EventLogFile listings (the result of `SELECT Id, EventType, LogDate, Interval, Sequence,
 * LogFileLength … FROM EventLogFile`, saved as JSON or CSV): each row is a file Salesforce says
 * exists. They tell "no file was collected" apart from "no file existed", and name the period
 * a downloaded file covers. Rows that cannot be read are kept with the reason, never dropped.
 */
import { fail, ok, type Result } from '../../../shared/result.js';
import { parseIsoTimestamp, toIso } from '../../../shared/time.js';
import type { CaseDb } from '../store/duck.js';
import { REC } from '../intake/internalColumns.js';
import { ident, quoteIdentifier, raw, sql } from '../store/sql.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An EventLogFile record id (key prefix 0AT), 15 or 18 characters. */
export const LOG_FILE_ID = /0AT[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?/;

export interface ListingImport {
  rows: number;
  /** Rows kept without a usable period or type, with the reason (1-based record in the listing). */
  problems: { record: number; reason: string }[];
}

/** One listing row, read and checked. */
export interface ListingRow {
  record: number;
  logFileId: string | null;
  eventType: string | null;
  logDate: number | null;
  interval: 'Daily' | 'Hourly' | null;
  sequence: number | null;
  length: number | null;
  createdDate: number | null;
  start: number | null;
  end: number | null;
  problem: string | null;
}

const FIELDS = ['id', 'eventtype', 'logdate', 'interval', 'sequence', 'logfilelength', 'createddate', 'logfile', 'url'] as const;
type Field = (typeof FIELDS)[number];

/** Reads the listing rows of a `listing` source (view `src_<id>`, VARCHAR columns) into `log_listing`. */
export async function importListing(db: CaseDb, sourceId: number, view: string): Promise<Result<ListingImport>> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(view)) return fail('BAD_REQUEST', `Not a table name: ${view}`);
  try {
    const cols = await db.all<{ column_name: string }>(sql`SELECT column_name FROM (DESCRIBE ${ident(view)})`);
    const byLower = new Map(cols.map((c) => [c.column_name.toLowerCase(), c.column_name]));
    if (!byLower.has('logdate')) return fail('BAD_INPUT', `Source ${sourceId} has no LogDate column: not an EventLogFile listing`);
    const select = FIELDS.map((f) => {
      const col = byLower.get(f);
      return `${col ? `${quoteIdentifier(col)}::VARCHAR` : 'NULL::VARCHAR'} AS ${f}`;
    });
    const recExpr = byLower.has(REC) ? quoteIdentifier(REC) : 'row_number() OVER ()';
    const read = await db.all<Record<Field, string | null> & { rec: number }>(sql`SELECT ${raw(recExpr)} AS rec, ${raw(select.join(', '))} FROM ${ident(view)}`);
    const rows = read.map((r) => readListingRow(r.rec, r));
    await db.run(sql`DELETE FROM log_listing WHERE source_id = ${Number(sourceId)}`);
    await db.run(sql`CREATE OR REPLACE TEMP TABLE listing_stage (
      source_id VARCHAR, source_record VARCHAR, log_file_id VARCHAR, event_type VARCHAR, log_date VARCHAR, interval VARCHAR,
      sequence VARCHAR, length VARCHAR, created_date VARCHAR, start_ts VARCHAR, end_ts VARCHAR, problem VARCHAR)`);
    const ts = (ms: number | null): string | null => (ms === null ? null : toIso(ms).replace('T', ' ').replace('Z', ''));
    const num = (n: number | null): string | null => (n === null ? null : String(n));
    await db.appendRows(
      'listing_stage',
      rows.map((r) => [
        String(sourceId), String(r.record), r.logFileId, r.eventType, ts(r.logDate), r.interval, num(r.sequence), num(r.length),
        ts(r.createdDate), ts(r.start), ts(r.end), r.problem,
      ]),
    );
    await db.run(sql`INSERT INTO log_listing SELECT source_id::INTEGER, source_record::BIGINT, log_file_id, event_type, log_date::TIMESTAMP,
      interval, sequence::INTEGER, length::BIGINT, created_date::TIMESTAMP, start_ts::TIMESTAMP, end_ts::TIMESTAMP, problem FROM listing_stage`);
    await db.run(sql`DROP TABLE listing_stage`);
    return ok({ rows: rows.length, problems: rows.filter((r) => r.problem !== null).map((r) => ({ record: r.record, reason: r.problem! })) });
  } catch (e) {
    return fail('BAD_INPUT', `EventLogFile listing of source ${sourceId} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * One listing row's file and period: `Interval` says Daily (the UTC day of LogDate) or Hourly
 * (the hour of LogDate). Listings from before API 37.0 have no Interval: a non-zero Sequence or
 * a LogDate not at midnight then means hourly, anything else daily.
 */
export function readListingRow(record: number, r: Partial<Record<Field, string | null>>): ListingRow {
  const text = (v: string | null | undefined): string | null => (v === null || v === undefined || v.trim() === '' ? null : v.trim());
  // The record's own Id decides when present; the LogFile path and attributes.url only stand in for a missing Id.
  const idText = text(r.id) ?? [r.logfile, r.url].map(text).find((v) => v !== null && LOG_FILE_ID.test(v)) ?? null;
  const idMatch = idText ? LOG_FILE_ID.exec(idText) : null;
  const logFileId = idMatch ? idMatch[0] : null;
  const eventType = text(r.eventtype);
  const logDate = parseIsoTimestamp(text(r.logdate));
  const sequenceText = text(r.sequence);
  const sequence = sequenceText !== null && Number.isFinite(Number(sequenceText)) ? Math.trunc(Number(sequenceText)) : null;
  const lengthText = text(r.logfilelength);
  const length = lengthText !== null && Number.isFinite(Number(lengthText)) ? Math.round(Number(lengthText)) : null;
  const createdDate = parseIsoTimestamp(text(r.createddate));
  const given = text(r.interval)?.toLowerCase();
  let interval: ListingRow['interval'] = given === 'hourly' ? 'Hourly' : given === 'daily' ? 'Daily' : null;
  const problems: string[] = [];
  if (given && !interval) problems.push(`unknown Interval "${text(r.interval)}"`);
  if (!eventType) problems.push('no EventType');
  if (logDate === null) problems.push(`LogDate "${text(r.logdate) ?? ''}" is not a date`);
  if (logDate !== null && !interval && !given) interval = (sequence ?? 0) > 0 || logDate % DAY !== 0 ? 'Hourly' : 'Daily';
  let start: number | null = null;
  let end: number | null = null;
  if (logDate !== null && interval === 'Hourly') {
    start = logDate - (logDate % HOUR);
    end = start + HOUR;
  } else if (logDate !== null && interval === 'Daily') {
    start = logDate - (logDate % DAY);
    end = start + DAY;
  }
  return {
    record, logFileId, eventType, logDate, interval, sequence, length, createdDate,
    start: eventType ? start : null, end: eventType ? end : null, problem: problems.length ? problems.join('; ') : null,
  };
}
