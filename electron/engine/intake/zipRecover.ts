/**
 * Reads a zip whose central directory is missing (a download cut short) member by member from
 * its local headers. Each member is still checked against its recorded size and CRC-32 when it is
 * written, so only members that are complete and correct come out; reading stops at the damage.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import yauzl, { type ExtraField } from 'yauzl';
import type { ArchiveMember, ReportDamage } from './archiveMember.js';

const LOCAL_HEADER = 0x04034b50;
const DIRECTORY_SIGNATURES = new Set([0x02014b50, 0x06054b50, 0x06064b50, 0x07064b50]);
const DESCRIPTOR = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const U32_MAX = 0xffffffff;

/** The members that can still be read from a damaged zip, in file order, up to the damage. */
export async function* recoverZipMembers(file: string, report: ReportDamage): AsyncGenerator<ArchiveMember> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    let offset = 0;
    for (;;) {
      const fixed = await readAt(handle, offset, 30);
      if (fixed.length === 0) return report(`the zip ends at byte ${offset} without its directory; every member before that was read`);
      const signature = fixed.length >= 4 ? fixed.readUInt32LE(0) : -1;
      if (DIRECTORY_SIGNATURES.has(signature)) return; // all members were read; only the directory is damaged
      if (signature !== LOCAL_HEADER) return report(`no member header at byte ${offset}; the rest of the zip cannot be read`);
      if (fixed.length < 30) return report(`the zip is cut off inside a member header at byte ${offset}`);
      const flags = fixed.readUInt16LE(6);
      const method = fixed.readUInt16LE(8);
      let crc32 = fixed.readUInt32LE(14);
      let compressed = fixed.readUInt32LE(18);
      let bytes = fixed.readUInt32LE(22);
      const nameLength = fixed.readUInt16LE(26);
      const extraLength = fixed.readUInt16LE(28);
      const variable = await readAt(handle, offset + 30, nameLength + extraLength);
      if (variable.length < nameLength + extraLength) return report(`the zip is cut off inside a member header at byte ${offset}`);
      let extraFields: ExtraField[] = [];
      try {
        extraFields = yauzl.parseExtraFields(variable.subarray(nameLength));
      } catch {
        // a damaged extra field only loses the UTF-8 name and zip64 sizes; both are handled below
      }
      const name = yauzl.getFileNameLowLevel(flags, variable.subarray(0, nameLength), extraFields, false);
      const zip64 = extraFields.find((f) => f.id === 0x0001)?.data;
      if (zip64) {
        let at = 0;
        if (bytes === U32_MAX && zip64.length >= at + 8) {
          bytes = Number(zip64.readBigUInt64LE(at));
          at += 8;
        }
        if (compressed === U32_MAX && zip64.length >= at + 8) compressed = Number(zip64.readBigUInt64LE(at));
      }
      const dataStart = offset + 30 + nameLength + extraLength;
      let descriptorBytes = 0;
      if (flags & 0x8) {
        const found = method === 8 ? await findDescriptor(handle, dataStart, size) : null;
        if (!found) return report('is cut off (the end of its data was not found)', name);
        ({ crc32, compressed, bytes, descriptorBytes } = found);
      }
      if (dataStart + compressed > size) return report(`is cut off (${size - dataStart} of ${compressed} compressed bytes present)`, name);
      const encrypted = (flags & 0x1) !== 0;
      yield {
        name,
        isSymlink: false, // a local header does not record file modes
        unreadable: encrypted
          ? 'is encrypted (password-protected); not extracted'
          : method !== 0 && method !== 8
            ? `uses compression method ${method}, which cannot be read (only stored and deflate); not extracted`
            : null,
        modifiedAt: dosTime(fixed.readUInt16LE(12), fixed.readUInt16LE(10)),
        compressedBytes: compressed,
        expected: { crc32, bytes },
        open: async () => rangeStream(file, dataStart, compressed, method === 8),
      };
      offset = dataStart + compressed + descriptorBytes;
    }
  } finally {
    await handle.close();
  }
}

/** The bytes [start, start+length) of a file, inflated when the member is deflated. */
function rangeStream(file: string, start: number, length: number, deflated: boolean): Readable {
  const raw = length === 0 ? Readable.from([]) : createReadStream(file, { start, end: start + length - 1 });
  if (!deflated) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (e: Error) => inflate.destroy(e));
  inflate.on('close', () => raw.destroy());
  return raw.pipe(inflate);
}

/** Finds the data descriptor written after a streamed member: the first "PK\7\8" whose size field matches its distance. */
async function findDescriptor(handle: FileHandle, dataStart: number, size: number) {
  const chunk = 1024 * 1024;
  for (let at = dataStart; at < size; at += chunk) {
    const buffer = await readAt(handle, at, chunk + 24);
    for (let i = buffer.indexOf(DESCRIPTOR); i !== -1 && i < chunk; i = buffer.indexOf(DESCRIPTOR, i + 1)) {
      const compressed = at + i - dataStart;
      if (i + 16 <= buffer.length && buffer.readUInt32LE(i + 8) === compressed) {
        return { crc32: buffer.readUInt32LE(i + 4), compressed, bytes: buffer.readUInt32LE(i + 12), descriptorBytes: 16 };
      }
      if (i + 24 <= buffer.length && Number(buffer.readBigUInt64LE(i + 8)) === compressed) {
        return { crc32: buffer.readUInt32LE(i + 4), compressed, bytes: Number(buffer.readBigUInt64LE(i + 16)), descriptorBytes: 24 };
      }
    }
  }
  return null;
}

/** Up to `length` bytes at `position` (fewer at the end of the file). */
async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** A DOS date and time (local time, two-second resolution) as ISO 8601. */
function dosTime(date: number, time: number): string {
  const d = new Date((date >> 9) + 1980, ((date >> 5) & 0xf) - 1, date & 0x1f, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}
