/**
 * Lists the members of a zip through yauzl's central directory. Names are decoded here but never
 * trusted (the caller refuses zip-slip names); a zip whose central directory is gone (cut short)
 * falls back to reading its local headers so members before the damage are still recovered.
 */
import { stat } from 'node:fs/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { ArchiveMember, ReportDamage } from './archiveMember.js';
import { recoverZipMembers } from './zipRecover.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Every member of the zip at `file`, one at a time (the next is read only after the caller took the last); `onCount` hears the directory's member count first. */
export async function* zipMembers(file: string, report: ReportDamage, onCount?: (members: number) => void): AsyncGenerator<ArchiveMember> {
  let zip: ZipFile;
  try {
    // decodeStrings off: yauzl would stop the whole archive at the first unsafe name; we refuse such
    // names one by one instead, after decoding them exactly as yauzl does.
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    report(`the zip's directory cannot be read (${(e as Error).message}); the file is cut short or damaged, members are recovered from their own headers`);
    yield* recoverZipMembers(file, report);
    return;
  }
  onCount?.(zip.entryCount); // from the end-of-directory record, before any member is read
  const fallbackDate = (await stat(file)).mtime.toISOString();
  let last: string | null = null;
  try {
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
      last = name;
      yield {
        name,
        isSymlink: ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK,
        unreadable: unreadableReason(entry),
        modifiedAt: modifiedAt(entry, fallbackDate),
        compressedBytes: entry.compressedSize,
        expected: { crc32: entry.crc32, bytes: entry.uncompressedSize },
        open: () => zip.openReadStreamPromise(entry),
      };
    }
  } catch (e) {
    const where = last === null ? 'before its first member' : `after member "${last}"`;
    report(`the zip's directory is damaged ${where} (${(e as Error).message}); later members could not be listed`);
  } finally {
    zip.close();
  }
}

/** Why a zip entry cannot be extracted at all, or null. */
function unreadableReason(entry: Entry): string | null {
  if (entry.isEncrypted()) return 'is encrypted (password-protected); not extracted';
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    return `uses compression method ${entry.compressionMethod}, which cannot be read (only stored and deflate); not extracted`;
  }
  return null;
}

/** The entry's modified time (UTC when the zip records it, otherwise the DOS time read as local time). */
function modifiedAt(entry: Entry, fallback: string): string {
  try {
    const date = entry.getLastModDate();
    return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
  } catch {
    return fallback;
  }
}

/** The sizes the zip's directory declares for its first `upTo` members, added up (null when the directory cannot be read). */
export async function zipDeclaredBytes(file: string, upTo: number): Promise<number | null> {
  let zip: ZipFile | null = null;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: false });
    let total = 0;
    let seen = 0;
    for await (const entry of zip.eachEntry()) {
      if (seen++ >= upTo) break;
      total += entry.uncompressedSize;
    }
    return total;
  } catch {
    return null; // a damaged directory: members are then checked one by one as they are read
  } finally {
    zip?.close();
  }
}
