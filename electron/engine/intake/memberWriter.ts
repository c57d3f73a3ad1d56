/**
 * Writes one archive member into the case folder as it streams out of the archive: hashed while
 * written, checked against the limits chunk by chunk, and deleted if anything goes wrong, so no
 * half file is ever passed on as evidence.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { limitBroken, type ExtractionBudget } from './archiveLimits.js';

export interface MemberWrite {
  source: Readable;
  target: string;
  /** The member's compressed size, for the ratio limit (null when unknown). */
  compressedBytes: number | null;
  /** Compressed bytes consumed so far, when known: the ratio is checked against these while streaming. */
  compressedRead?: () => number;
  /** What the archive says the member holds; a mismatch means the archive is damaged. */
  expected: { crc32: number; bytes: number } | null;
  budget: ExtractionBudget;
  signal: AbortSignal | undefined;
}

export type MemberWritten =
  | { ok: true; bytes: number; sha256: string; head: Buffer }
  | { ok: false; why: 'limit' | 'cancelled' | 'damaged' | 'unwritable'; reason: string };

class LimitBroken extends Error {}

/** Streams a member to its target (never overwriting), returning its size, SHA-256 and first bytes. */
export async function writeMember(w: MemberWrite): Promise<MemberWritten> {
  // An archive stream starts decoding as soon as it is opened, so it can fail (yauzl's size check,
  // zlib on damaged data) before the pipeline below listens, or again after it settled. Listen from
  // the start: the first error decides the outcome, none may crash the process.
  let early: Error | null = null;
  w.source.on('error', (e: Error) => {
    early ??= e;
    if (!w.source.destroyed) w.source.destroy(e); // yauzl emits some errors without ending its stream
  });
  let handle;
  try {
    await mkdir(path.dirname(w.target), { recursive: true });
    handle = await open(w.target, 'wx');
  } catch (e) {
    w.source.destroy();
    return { ok: false, why: 'unwritable', reason: `cannot be written to the case folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let bytes = 0;
  let crc = 0;
  let head = Buffer.alloc(0);
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      w.budget.writtenBytes += chunk.length;
      // The ratio is judged against the compressed bytes consumed so far when the reader can tell (a .gz
      // bomb followed by ordinary data is stopped at the bomb), else against the member's compressed size.
      const consumed = w.compressedRead ? Math.min(w.compressedRead(), w.compressedBytes ?? Infinity) : w.compressedBytes;
      const broken = limitBroken(w.budget, bytes, consumed);
      if (broken) return done(new LimitBroken(broken));
      hash.update(chunk);
      if (w.expected) crc = crc32(chunk, crc);
      if (head.length < 8) head = Buffer.concat([head, chunk.subarray(0, 8 - head.length)]);
      done(null, chunk);
    },
  });
  const discard = async (why: 'limit' | 'cancelled' | 'damaged' | 'unwritable', reason: string): Promise<MemberWritten> => {
    await handle.close().catch(() => undefined);
    await rm(w.target, { force: true });
    w.budget.writtenBytes -= bytes;
    return { ok: false, why, reason };
  };
  if (early) return discard('damaged', (early as Error).message);
  try {
    await pipeline(w.source, meter, handle.createWriteStream(), w.signal ? { signal: w.signal } : {});
  } catch (e) {
    if (e instanceof LimitBroken) return discard('limit', e.message);
    if (w.signal?.aborted || (e as Error).name === 'AbortError') return discard('cancelled', 'cancelled');
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EIO' || code === 'EDQUOT') return discard('unwritable', `cannot be written to the case folder (${code})`);
    return discard('damaged', (e as Error).message);
  }
  if (early) return discard('damaged', (early as Error).message);
  if (w.expected && (bytes !== w.expected.bytes || crc >>> 0 !== w.expected.crc32 >>> 0)) {
    const what = bytes !== w.expected.bytes ? `${bytes} bytes instead of ${w.expected.bytes}` : 'its CRC-32 does not match the archive';
    return discard('damaged', `extracted content is wrong (${what})`);
  }
  return { ok: true, bytes, sha256: hash.digest('hex'), head };
}
