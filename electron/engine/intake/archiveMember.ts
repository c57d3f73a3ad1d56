/** One member as an archive reader offers it, before anything is written. */
import type { Readable } from 'node:stream';

export interface ArchiveMember {
  /** The name as written in the archive (backslashes turned into slashes); untrusted. */
  name: string;
  isSymlink: boolean;
  /** Why this member cannot be read at all (encrypted, unknown compression), or null. */
  unreadable: string | null;
  modifiedAt: string;
  /** Compressed size, for the ratio limit (null when unknown). */
  compressedBytes: number | null;
  /** Compressed bytes read so far, when the reader can tell (gzip): the ratio is then checked against what was
   *  actually consumed while streaming, not against the whole file, so a bomb at the start of a large file stops early. */
  compressedRead?: () => number;
  /** Size and CRC-32 the archive records, checked after extraction (null when the format checks itself). */
  expected: { crc32: number; bytes: number } | null;
  /** The member's decompressed bytes. */
  open(): Promise<Readable>;
}

/** Reports damage found while reading an archive: about one entry (by its name) or the archive as a whole. */
export type ReportDamage = (reason: string, entryName?: string) => void;
