/** SHA-256 of a source file, streamed so large evidence never sits in memory. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Hashes a file's bytes exactly as they are on disk. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { flags: 'r', highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
