/**
 * Which text encoding an evidence file was saved in, and reading it as UTF-8. Excel saves "CSV"
 * as UTF-8 (with or without a byte-order mark), as "Unicode Text" (UTF-16 LE with a BOM), or in
 * the Windows code page (Windows-1252 in Western locales); other tools add UTF-16 BE.
 *
 * `latin-1` is the label for single-byte Western files. They are decoded as Windows-1252, which
 * is what Excel on Windows writes: it agrees with ISO-8859-1 (Latin-1) on every byte except
 * 0x80–0x9F, where Latin-1 has invisible C1 control characters and Windows-1252 has
 * € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ. The five bytes Windows-1252 leaves
 * undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are kept as the C1 control of the same number, so
 * a true ISO-8859-1 file still decodes to exactly its Latin-1 text.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { assertNever } from '../../../shared/result.js';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'latin-1';

/** How much of a file is examined to decide its encoding and header. */
export const SAMPLE_BYTES = 1024 * 1024;

/** Windows-1252 characters for bytes 0x80–0x9F (undefined bytes map to the same C1 code point). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
].map((c) => String.fromCharCode(c));

export interface Sample {
  bytes: Buffer;
  /** True when the sample is the whole file. */
  whole: boolean;
}

/** Reads the first MiB of a file, the part every decision about it is based on. */
export async function readSample(filePath: string): Promise<Sample> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const size = (await fh.stat()).size;
    return { bytes: buf.subarray(0, bytesRead), whole: bytesRead >= size };
  } finally {
    await fh.close();
  }
}

export type EncodingGuess = { encoding: TextEncoding } | { encoding: null; reason: string };

/**
 * Decides a file's encoding from its byte-order mark, else from whether its first MiB is UTF-8:
 * bytes that cannot be UTF-8 (and no more well-formed UTF-8 sequences than such bytes) mean a
 * single-byte Western file, read as Windows-1252 (see above).
 */
export function sniffEncoding(sample: Sample): EncodingGuess {
  const b = sample.bytes;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8-bom' };
  if (b[0] === 0xff && b[1] === 0xfe) {
    if (b[2] === 0 && b[3] === 0) return { encoding: null, reason: 'UTF-32 text, which no Salesforce or Excel export produces; save it as UTF-8 CSV' };
    return { encoding: 'utf-16le' };
  }
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be' };
  const magic = knownBinary(b);
  if (magic) return { encoding: null, reason: magic };
  const unmarked = unmarkedUtf16(b);
  if (unmarked) return { encoding: unmarked };
  const nul = b.indexOf(0);
  if (nul !== -1) return { encoding: null, reason: `binary content: NUL bytes (first at byte ${nul}), which text exports never contain` };
  const { valid, invalid } = utf8Sequences(b, sample.whole);
  // Mostly-UTF-8 with a few damaged bytes stays UTF-8: the damaged rows are then rejected and
  // quarantined, instead of every accented letter in the file being misread as Windows-1252.
  return { encoding: invalid === 0 || valid > invalid ? 'utf-8' : 'latin-1' };
}

/** Counts well-formed multi-byte UTF-8 sequences and bytes that cannot be UTF-8. */
export function utf8Sequences(b: Buffer, whole: boolean): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  const cont = (x: number | undefined, lo = 0x80, hi = 0xbf): boolean => x !== undefined && x >= lo && x <= hi;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    if (c >= 0xc2 && c <= 0xdf) n = cont(b[i + 1]) ? 2 : 0;
    else if (c >= 0xe0 && c <= 0xef) {
      const [lo, hi] = c === 0xe0 ? [0xa0, 0xbf] : c === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      n = cont(b[i + 1], lo, hi) && cont(b[i + 2]) ? 3 : 0;
    } else if (c >= 0xf0 && c <= 0xf4) {
      const [lo, hi] = c === 0xf0 ? [0x90, 0xbf] : c === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      n = cont(b[i + 1], lo, hi) && cont(b[i + 2]) && cont(b[i + 3]) ? 4 : 0;
    }
    if (n > 0) {
      valid++;
      i += n;
    } else {
      if (!whole && i >= b.length - 3) break; // a sequence cut by the end of the sample
      invalid++;
      i++;
    }
  }
  return { valid, invalid };
}

/** Recognises files that are plainly not text (a workbook or PDF saved under a .csv name). */
function knownBinary(b: Buffer): string | null {
  const head = b.subarray(0, 8);
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'binary content: a ZIP archive (an .xlsx workbook?), not text; save it as CSV';
  if (head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'binary content: a legacy Excel (.xls) workbook, not text; save it as CSV';
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'binary content: a PDF document, not text';
  return null;
}

/** UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte. */
function unmarkedUtf16(b: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZeros++;
    if (b[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02) return 'utf-16be';
  return null;
}

/** A streaming decoder to JS text for one encoding; a BOM at the start is dropped. */
export function textDecoder(encoding: TextEncoding): { decode(chunk: Buffer, last: boolean): string } {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
    case 'utf-16le':
    case 'utf-16be': {
      const d = new TextDecoder(encoding === 'utf-8-bom' ? 'utf-8' : encoding);
      return { decode: (chunk, last) => d.decode(chunk, { stream: !last }) };
    }
    case 'latin-1': {
      return { decode: (chunk) => chunk.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) };
    }
    default:
      return assertNever(encoding, 'encoding');
  }
}

/** Decodes a whole buffer (a sample) to text. */
export function decodeText(bytes: Buffer, encoding: TextEncoding, whole: boolean): string {
  return textDecoder(encoding).decode(bytes, whole);
}

/**
 * Streams a file as UTF-8 bytes: UTF-8 files are passed through byte for byte (BOM included, so
 * offsets are the file's own); other encodings are decoded and re-encoded as UTF-8 without a BOM.
 */
export async function* utf8Chunks(filePath: string, encoding: TextEncoding): AsyncGenerator<Buffer> {
  const passThrough = encoding === 'utf-8' || encoding === 'utf-8-bom';
  const decoder = passThrough ? null : textDecoder(encoding);
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1024 * 1024 })) {
    const bytes = chunk as Buffer;
    if (decoder) {
      const text = decoder.decode(bytes, false);
      if (text.length) yield Buffer.from(text, 'utf8');
    } else yield bytes;
  }
  if (decoder) {
    const rest = decoder.decode(Buffer.alloc(0), true);
    if (rest.length) yield Buffer.from(rest, 'utf8');
  }
}

/** Whether DuckDB can read the file's bytes directly (it handles a UTF-8 BOM and CRLF itself). */
export function readableByDuckDb(encoding: TextEncoding): boolean {
  return encoding === 'utf-8' || encoding === 'utf-8-bom';
}
