/**
 * The exact text of one record of a CSV source, as it stands in the file, with the physical line
 * it starts on. Records can span lines (quoted newlines), so the file is scanned with a
 * quote-aware state machine; used on demand to show an event's source line, never on the hot path.
 */
import { createReadStream } from 'node:fs';

export interface RawRecord {
  line: number; // physical line (1-based; the header is line 1)
  text: string; // the record's bytes as UTF-8 text, without the final line break
}

/** Finds data record `record` (1-based, header excluded) in a CSV file. */
export async function readRawRecord(filePath: string, record: number): Promise<RawRecord | null> {
  let inQuotes = false;
  let recordNo = 0; // 0 = header
  let line = 1;
  let startLine = 1;
  let current: number[] = [];
  let prevWasCr = false;
  for await (const chunk of createReadStream(filePath)) {
    for (const byte of chunk as Buffer) {
      if (byte === 0x22) inQuotes = !inQuotes; // a doubled quote toggles twice: net unchanged
      const endOfRecord = !inQuotes && byte === 0x0a;
      if (byte === 0x0a) line++;
      if (endOfRecord) {
        if (recordNo === record) return { line: startLine, text: decode(current, prevWasCr) };
        recordNo++;
        startLine = line;
        current = [];
      } else if (recordNo === record) current.push(byte);
      prevWasCr = byte === 0x0d;
    }
  }
  return recordNo === record && current.length ? { line: startLine, text: decode(current, false) } : null;
}

function decode(bytes: number[], dropCr: boolean): string {
  const b = Buffer.from(dropCr || bytes[bytes.length - 1] === 0x0d ? bytes.slice(0, -1) : bytes);
  return b.toString('utf8');
}
