/**
 * Gives DuckDB a file it can read as UTF-8. UTF-8 files, with or without a BOM and with LF or
 * CRLF line ends, are read in place (DuckDB's read_csv skips the BOM and accepts CRLF). UTF-16
 * and single-byte (Windows-1252/Latin-1) files are decoded here into a UTF-8 working copy under
 * the case's work folder: DuckDB 1.5's own `encoding = 'utf-16'` rejects files holding characters
 * outside the Basic Multilingual Plane ("File is not utf-16 encoded"), returns no rows at all for
 * UTF-16 BE, and its `latin-1` would turn Windows-1252's € ‘ ’ “ ” – — into invisible control
 * characters. The copy keeps every line where it was, so quarantine line numbers still point
 * into the original; byte positions DuckDB reports for a copy are positions in the copy. The
 * original is only read, and its hash (taken separately) is the one in the custody record.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Detection } from './detect.js';
import { readableByDuckDb, utf8Chunks } from './encoding.js';

export interface PreparedFile {
  /** The file DuckDB should read: the original, or its UTF-8 copy. */
  path: string;
  transcoded: boolean;
}

/** Returns the original path when DuckDB can read it as is, else writes and returns a UTF-8 copy. */
export async function prepareForDuckDb(filePath: string, detection: Pick<Detection, 'encoding'>, workDir: string): Promise<PreparedFile> {
  if (readableByDuckDb(detection.encoding)) return { path: filePath, transcoded: false };
  await mkdir(workDir, { recursive: true });
  const tag = createHash('sha256').update(path.resolve(filePath)).digest('hex').slice(0, 16);
  const copy = path.join(workDir, `${tag}-${path.basename(filePath)}`);
  await pipeline(Readable.from(utf8Chunks(filePath, detection.encoding)), createWriteStream(copy));
  return { path: copy, transcoded: true };
}
