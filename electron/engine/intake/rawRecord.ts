/**
 * The exact text of one record of a CSV source, as it stands in the file, with the physical line
 * it starts on. Records are found by the same quote-aware scanner that intake's count check uses
 * (recordScan.ts), so record N here is the row whose `__ls_rec` is N; used on demand to show an
 * event's source line, never on the hot path.
 */
import { createReadStream } from 'node:fs';
import { RecordScanner } from './recordScan.js';
import { guessDelimiter } from './detect.js';

export interface RawRecord {
  line: number; // physical line (1-based; the header is line 1)
  text: string; // the record's bytes as UTF-8 text, without the final line break
}

/** Longest record text shown (the file holds the rest). */
const SHOWN_BYTES = 16 * 1024 * 1024;

/** Finds data record `record` (1-based, header excluded) in a CSV file. */
export async function readRawRecord(filePath: string, record: number, delimiter?: string): Promise<RawRecord | null> {
  let found: RawRecord | null = null;
  let scanner: RecordScanner | null = null;
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) {
    const bytes = chunk as Buffer;
    if (!scanner) {
      const firstLine = bytes.subarray(0, Math.max(0, bytes.indexOf(0x0a))).toString('utf8');
      scanner = new RecordScanner(
        { delimiter: delimiter ?? guessDelimiter(firstLine), fields: 0, maxRecordBytes: Number.MAX_SAFE_INTEGER, keep: true, keepBytes: SHOWN_BYTES },
        (r) => {
          if (r.record === record && !found) found = { line: r.line, text: Buffer.concat(r.slices).toString('utf8') };
        },
      );
    }
    scanner.push(bytes);
    if (found) return found;
  }
  scanner?.end();
  return found;
}
