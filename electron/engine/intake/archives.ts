/**
 * Takes evidence out of .zip and .gz archives (nested ones too) into the case folder. Sources are
 * only read. Unsafe names (zip-slip), symbolic links, bombs and damage become problems naming the
 * archive and the member; every member that came out complete and correct is kept, with the
 * SHA-256 of its bytes computed while it was written.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertNever } from '../../../shared/result.js';
import { DEFAULT_ARCHIVE_LIMITS, formatBytes, limitBroken, type ArchiveLimits, type ExtractionBudget } from './archiveLimits.js';
import type { ArchiveMember } from './archiveMember.js';
import { readMemberName, targetInside, unusedTarget } from './archiveNames.js';
import { archiveTypeByHead, archiveTypeByName, readHead, type ArchiveType } from './archiveSniff.js';
import { gzipMembers } from './gzip.js';
import { writeMember } from './memberWriter.js';
import { zipDeclaredBytes, zipMembers } from './zip.js';

export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archiveLimits.js';
export { isArchive } from './archiveSniff.js';

export interface ExtractedMember {
  /** Where the member was written (inside extractDir). */
  path: string;
  bytes: number;
  /** The member's own modified time as the archive records it. */
  modifiedAt: string;
  /** The outermost source file on disk. */
  archivePath: string;
  /** The member's path inside the archive; nested archives are chained: "logs/inner.zip!/x.csv". */
  memberPath: string;
  /** SHA-256 of the extracted bytes. */
  sha256: string;
}

export interface ArchiveProblem {
  /** The archive ("/evidence/a.zip") or the member ("/evidence/a.zip!/../evil.csv") concerned. */
  path: string;
  reason: string;
}

export interface ArchiveOutcome {
  members: ExtractedMember[];
  problems: ArchiveProblem[];
}

interface Extraction {
  archivePath: string;
  budget: ExtractionBudget;
  signal: AbortSignal | undefined;
  taken: Set<string>;
  stopped: boolean;
  /** The member bound was already reported from a zip directory's count. */
  overflowAnnounced: boolean;
  outcome: ArchiveOutcome;
}

/** One archive being read: the outermost, or one nested inside it. */
interface Level {
  file: string; // on disk
  type: ArchiveType;
  name: string; // the archive's own name, for naming a .gz member
  chain: string; // memberPath prefix: "" for the outermost, "logs/inner.zip!/" inside it
  folder: string; // where its members are written
  depth: number; // 1 for the outermost
}

/** Extracts every member of the archive at `archivePath` into a new folder of `extractDir`; never throws for bad input. */
export async function extractArchive(
  archivePath: string,
  extractDir: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  signal?: AbortSignal,
): Promise<ArchiveOutcome> {
  const x: Extraction = {
    archivePath, budget: { limits, writtenBytes: 0, entries: 0 }, signal, taken: new Set(), stopped: false, overflowAnnounced: false,
    outcome: { members: [], problems: [] },
  };
  const source = path.resolve(archivePath);
  try {
    const info = await stat(source).catch((e: NodeJS.ErrnoException) => e);
    if (info instanceof Error) return problem(x, archivePath, `cannot be read (${info.code ?? info.message})`), x.outcome;
    if (!info.isFile()) return problem(x, archivePath, 'is not a file'), x.outcome;
    const type = archiveTypeByHead(readHead(source));
    if (!type) return problem(x, archivePath, 'is not a zip or gzip archive (its first bytes are neither); nothing extracted'), x.outcome;
    if (signal?.aborted) return cancel(x), x.outcome;
    const folder = await claimFolder(extractDir, source);
    await extractLevel(x, { file: source, type, name: path.basename(source), chain: '', folder, depth: 1 });
  } catch (e) {
    problem(x, archivePath, `could not be extracted (${(e as Error).message})`);
  }
  return x.outcome;
}

/** Reads one archive's members in order, writing each before the next is read. */
async function extractLevel(x: Extraction, level: Level): Promise<void> {
  const label = levelLabel(x, level);
  // The member bound is decided from the zip's directory before anything is written: the first members
  // within it are extracted, and the rest are named as not extracted, up front.
  const onCount = (count: number): void => {
    const room = Math.max(x.budget.limits.maxEntries - x.budget.entries, 0);
    if (count <= room) return;
    x.overflowAnnounced = true;
    problem(x, label, `has ${count} members, more than the ${x.budget.limits.maxEntries} one extraction takes (nested archives included): the first ${room} were extracted, the other ${count - room} were not`);
  };
  if (level.type === 'zip') await announceDeclaredTotal(x, level, label);
  const members = level.type === 'zip'
    ? zipMembers(level.file, (reason, entry) => problem(x, entry === undefined ? label : memberLabel(x, level, entry), reason), onCount)
    : gzipMembers(level.file, level.name);
  try {
    for await (const member of members) {
      if (x.signal?.aborted) cancel(x);
      if (x.stopped) break;
      await takeMember(x, level, member);
      if (x.stopped) break;
    }
  } catch (e) {
    problem(x, label, `could not be read to the end (${(e as Error).message})`);
  }
}

/**
 * The total-size bound, decided from the zip's directory before anything is written: when the sizes it
 * declares exceed what the extraction may still write, say so up front (members are then taken in order
 * while their recorded sizes fit, and each one refused is named).
 */
async function announceDeclaredTotal(x: Extraction, level: Level, label: string): Promise<void> {
  const { limits } = x.budget;
  const declared = await zipDeclaredBytes(level.file, Math.max(limits.maxEntries - x.budget.entries, 0));
  const room = limits.maxTotalBytes - x.budget.writtenBytes;
  if (declared === null || declared <= room) return;
  problem(x, label, `declares ${formatBytes(declared)} of members, more than the ${formatBytes(limits.maxTotalBytes)} one extraction may write: members are extracted in order while they fit, the others are not`);
}

/** Writes one member, or records why it was not written; a member that is itself an archive is opened in turn. */
async function takeMember(x: Extraction, level: Level, member: ArchiveMember): Promise<void> {
  const { limits } = x.budget;
  const memberPath = `${level.chain}${member.name}`;
  const where = memberLabel(x, level, member.name);
  const named = readMemberName(member.name);
  switch (named.kind) {
    case 'noise':
    case 'folder':
      return;
    case 'refused':
      return problem(x, where, `${named.reason}; not extracted`);
    case 'file':
      break;
    default:
      assertNever(named);
  }
  if (member.isSymlink) return problem(x, where, 'is a symbolic link; not followed or extracted');
  if (++x.budget.entries > limits.maxEntries) {
    x.stopped = true;
    if (x.overflowAnnounced) return;
    return problem(x, levelLabel(x, level), `has more than ${limits.maxEntries} members in all; extraction stopped here`);
  }
  if (member.unreadable) return problem(x, where, member.unreadable);
  if (member.expected) {
    const declared = member.expected.bytes;
    const broken = limitBroken({ ...x.budget, writtenBytes: x.budget.writtenBytes + declared }, declared, member.compressedBytes);
    if (broken) return problem(x, where, `${broken} by its recorded size; not extracted`);
  }
  const inside = targetInside(level.folder, named.segments);
  if (!inside) return problem(x, where, 'would be written outside its folder; not extracted');
  const target = unusedTarget(inside, x.taken);
  let source;
  try {
    source = await member.open();
  } catch (e) {
    return problem(x, where, `cannot be read, the archive is damaged (${(e as Error).message}); not extracted`);
  }
  const written = await writeMember({
    source, target, compressedBytes: member.compressedBytes, compressedRead: member.compressedRead, expected: member.expected, budget: x.budget, signal: x.signal,
  });
  if (!written.ok) {
    switch (written.why) {
      case 'cancelled':
        return cancel(x);
      case 'limit':
        return problem(x, where, `${written.reason}; stopped and deleted`);
      case 'damaged':
        return problem(x, where, `is damaged (${written.reason}); the partial file was deleted`);
      case 'unwritable':
        return problem(x, where, written.reason);
      default:
        return assertNever(written.why);
    }
  }
  const nested = archiveTypeByName(member.name);
  if (nested && archiveTypeByHead(written.head) === nested) {
    // The intermediate archive is a container, not evidence: only its members are passed on.
    if (level.depth >= limits.maxDepth) {
      await rm(target, { force: true });
      return problem(x, where, `is an archive nested more than ${limits.maxDepth} deep; not extracted`);
    }
    const folder = nested === 'zip' ? `${target}!` : path.dirname(target);
    await extractLevel(x, { file: target, type: nested, name: member.name, chain: `${memberPath}!/`, folder, depth: level.depth + 1 });
    await rm(target, { force: true });
    return;
  }
  x.outcome.members.push({
    path: target, bytes: written.bytes, modifiedAt: member.modifiedAt, archivePath: x.archivePath, memberPath, sha256: written.sha256,
  });
}

/** Makes a new folder for one archive: 8 hex digits of its path's hash, with "-2", "-3"… if extracted before. */
async function claimFolder(extractDir: string, source: string): Promise<string> {
  await mkdir(extractDir, { recursive: true });
  const stem = path.join(path.resolve(extractDir), createHash('sha256').update(source).digest('hex').slice(0, 8));
  for (let n = 1; ; n++) {
    const folder = n === 1 ? stem : `${stem}-${n}`;
    try {
      await mkdir(folder);
      return folder;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

function problem(x: Extraction, where: string, reason: string): void {
  x.outcome.problems.push({ path: where, reason });
}

function cancel(x: Extraction): void {
  if (!x.outcome.problems.some((p) => p.reason === 'cancelled')) problem(x, x.archivePath, 'cancelled');
  x.stopped = true;
}

function levelLabel(x: Extraction, level: Level): string {
  return level.chain === '' ? x.archivePath : `${x.archivePath}!/${level.chain.slice(0, -2)}`;
}

function memberLabel(x: Extraction, level: Level, name: string): string {
  return `${x.archivePath}!/${level.chain}${name}`;
}
