/**
 * A .gz file holds one member: the file named without its .gz suffix (Login-2025-07-26.csv.gz
 * holds Login-2025-07-26.csv). Concatenated gzip members are read as one file, as gunzip does;
 * zlib checks each member's CRC-32 and length, so a file missing its tail is reported as damaged.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import type { ArchiveMember } from './archiveMember.js';
import { readHead } from './archiveSniff.js';

/** The single member of the gzip file at `file`, whose own name (as the investigator knows it) is `name`. */
export async function* gzipMembers(file: string, name: string): AsyncGenerator<ArchiveMember> {
  const info = await stat(file);
  const head = readHead(file, 10);
  const mtime = head.length === 10 ? head.readUInt32LE(4) : 0;
  const base = path.basename(name.replaceAll('\\', '/'));
  let raw: ReturnType<typeof createReadStream> | null = null;
  yield {
    name: /\.gz$/i.test(base) && base.length > 3 ? base.slice(0, -3) : base,
    isSymlink: false,
    unreadable: null,
    modifiedAt: (mtime > 0 ? new Date(mtime * 1000) : info.mtime).toISOString(),
    compressedBytes: info.size,
    compressedRead: () => raw?.bytesRead ?? 0,
    expected: null,
    open: async () => {
      raw = createReadStream(file);
      const gunzip = createGunzip();
      const input = raw;
      input.on('error', (e) => gunzip.destroy(e));
      gunzip.on('close', () => input.destroy());
      return input.pipe(gunzip);
    },
  };
}
