/**
 * The fallback when DuckDB's reader cannot be trusted with a file (it gave up on it, or its rows
 * and rejects do not add up to the file's records): one quote-aware pass over the bytes that
 * writes a clean copy holding the header and every well-formed record, and quarantines the rest
 * (wrong number of fields, stray quotes, unterminated quotes, too long) with their record number,
 * byte offset, physical line and text. Blank lines are left out (they are no records). The clean
 * copy is then read by DuckDB as usual; the records cut here are listed in a table so that record
 * numbers stay those of the original file.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { RecordScanner, type ScannedRecord } from './recordScan.js';

export interface Isolated {
  /** Data records in the file (the header excluded, blank lines not counted). */
  records: number;
  /** Records cut out and quarantined. */
  cut: number;
  /** Length in bytes of the longest record kept. */
  longest: number;
  blankLines: number;
}

/** Text of a quarantined record kept in the quarantine table (the file has all of it). */
const RAW_TEXT_LIMIT = 64 * 1024;
const BATCH = 1000;

const REASONS: Record<string, string> = {
  'TOO MANY COLUMNS': 'more fields than the header',
  'MISSING COLUMNS': 'fewer fields than the header',
  'UNQUOTED VALUE': 'a quote inside an unquoted field, or text after a closing quote',
  'UNTERMINATED QUOTES': 'a quoted field that the file never closes',
  'LINE SIZE OVER MAXIMUM': 'longer than the longest record read',
  'LONE CARRIAGE RETURN': 'a carriage return that ends no line (outside quotes), which the CSV reader cannot take',
};

/**
 * Copies `filePath` to `cleanPath` without its malformed records, which are quarantined for
 * `sourceId` and listed in `cutTable` (source_id, rec); returns the file's record count.
 */
export async function isolateBadRecords(
  db: CaseDb, sourceId: number, filePath: string, cleanPath: string, cutTable: string,
  shape: { delimiter: string; fields: number; maxRecordBytes: number }, signal?: AbortSignal,
): Promise<Isolated> {
  await db.run(sql`CREATE TABLE IF NOT EXISTS ${raw(cutTable)} (source_id INTEGER, rec BIGINT)`);
  const out = await open(cleanPath, 'w');
  const quarantine = await db.connection.createAppender('quarantine');
  const cuts = await db.connection.createAppender(cutTable);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let bad: ScannedRecord[] = [];
  let cut = 0;
  let longest = 0;
  const newline = Buffer.from('\n');
  const scanner = new RecordScanner({ ...shape, keep: true }, (r) => {
    if (r.problem === null || r.record === 0) {
      longest = Math.max(longest, r.length);
      pending.push(...r.slices);
      pending.push(newline);
      pendingBytes += r.length + 1;
    } else bad.push({ ...r, slices: [Buffer.concat(r.slices).subarray(0, RAW_TEXT_LIMIT)] });
  });
  const flushBad = (): void => {
    for (const r of bad) {
      quarantine.appendInteger(sourceId);
      quarantine.appendBigInt(BigInt(r.record + 1));
      quarantine.appendBigInt(BigInt(r.byte));
      quarantine.appendNull();
      quarantine.appendVarchar(r.problem!);
      quarantine.appendVarchar(r.slices[0]!.toString('utf8'));
      const size = r.problem === 'LINE SIZE OVER MAXIMUM' ? ` (${r.length} bytes; the limit is ${shape.maxRecordBytes})` : '';
      const fields = r.problem === 'TOO MANY COLUMNS' || r.problem === 'MISSING COLUMNS' ? ` (${r.fields} fields, the header has ${shape.fields})` : '';
      quarantine.appendVarchar(`record ${r.record}, physical line ${r.line}: ${REASONS[r.problem!]}${fields}${size}`);
      quarantine.endRow();
      cuts.appendInteger(sourceId);
      cuts.appendBigInt(BigInt(r.record));
      cuts.endRow();
      cut++;
    }
    bad = [];
  };
  try {
    for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
      signal?.throwIfAborted();
      scanner.push(chunk as Buffer);
      if (pendingBytes >= 1 << 22) {
        await out.write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
      if (bad.length >= BATCH) flushBad();
    }
    scanner.end();
    flushBad();
    if (pending.length) await out.write(Buffer.concat(pending));
    quarantine.flushSync();
    cuts.flushSync();
  } finally {
    quarantine.closeSync();
    cuts.closeSync();
    await out.close();
  }
  return { records: scanner.records, cut, longest, blankLines: scanner.blankLines };
}

/** Counts a file's records exactly (the second, slower half of the count check, used when lines and records differ). */
export async function countRecords(filePath: string, delimiter: string, signal?: AbortSignal): Promise<{ records: number; interiorBlankLines: number }> {
  const scanner = new RecordScanner({ delimiter, fields: 0, maxRecordBytes: Number.MAX_SAFE_INTEGER, keep: false }, () => undefined);
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    signal?.throwIfAborted();
    scanner.push(chunk as Buffer);
  }
  scanner.end();
  return { records: scanner.records, interiorBlankLines: scanner.interiorBlankLines };
}
