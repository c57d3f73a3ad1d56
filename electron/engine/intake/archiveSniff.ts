/** Recognises evidence archives by name and by their first bytes, so a misnamed file is never trusted. */
import { closeSync, openSync, readSync } from 'node:fs';

export type ArchiveType = 'zip' | 'gzip';

/** The archive type a file name promises (.zip, or .gz as in Login-2025-07-26.csv.gz), or null. */
export function archiveTypeByName(name: string): ArchiveType | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.gz')) return 'gzip';
  return null;
}

/** The archive type the first bytes show (zip local header or empty-zip end record; gzip magic), or null. */
export function archiveTypeByHead(head: Uint8Array): ArchiveType | null {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b) {
    if ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06)) return 'zip';
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return null;
}

/** The first bytes of a file (fewer if it is short; none if it cannot be read). */
export function readHead(filePath: string, length = 4): Buffer {
  let fd: number | null = null;
  try {
    fd = openSync(filePath, 'r');
    const buffer = Buffer.alloc(length);
    const got = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, got);
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** Tells intake a file is an archive to open: its name says .zip/.gz AND its first bytes agree. */
export function isArchive(filePath: string): boolean {
  const byName = archiveTypeByName(filePath);
  return byName !== null && archiveTypeByHead(readHead(filePath)) === byName;
}
