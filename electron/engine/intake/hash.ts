/** SHA-256 of a source file, streamed so large evidence never sits in memory. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { LineCounter } from './recordScan.js';

/** Hashes a file's bytes exactly as they are on disk. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Hashes a file and counts its physical lines in the same read: the line count is the first,
 * cheap half of intake's count check (records seen = loaded + quarantined), taken apart from DuckDB.
 */
export async function hashAndCountLines(path: string): Promise<{ sha256: string; lines: number }> {
  const hash = createHash('sha256');
  const lines = new LineCounter();
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    lines.push(chunk as Buffer);
  }
  return { sha256: hash.digest('hex'), lines: lines.lines };
}

/** Counts a file's physical lines (for files hashed elsewhere, e.g. archive members and UTF-8 working copies). */
export async function countLines(path: string): Promise<number> {
  const lines = new LineCounter();
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) lines.push(chunk as Buffer);
  return lines.lines;
}
