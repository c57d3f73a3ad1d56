/**
 * Expands the evidence paths an investigator gives into the list of files to take in. Nothing is
 * opened here (only lstat/readdir/realpath), so a FIFO or device can never block the walk. What is
 * not taken in is listed with the reason: special files, hidden entries inside a folder, names that
 * are not valid UTF-8, unreadable folders, symbolic links that leave the evidence or loop.
 */
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import type { SkippedItem } from '../../../shared/domain.js';
import { printableName } from './printableName.js';

export interface FoundFile {
  path: string; // absolute
  /** The path as the investigator gave it, relative: the evidence folder's own name, then the path inside it (a file given alone: its name). */
  rel?: string;
  bytes: number;
  modifiedAt: string;
}

export interface WalkResult {
  files: FoundFile[];
  /** Everything found but not taken in, with the reason. */
  skipped: SkippedItem[];
  /** Symbolic links that were followed (they point inside the evidence): "link → target". */
  followedLinks: string[];
}

/** Lists every regular file under the given files/folders (sorted), and everything it did not take in. */
export async function walkEvidence(paths: readonly string[]): Promise<WalkResult> {
  const roots = await Promise.all(paths.map(async (p) => realpath(path.resolve(p)).catch(() => path.resolve(p))));
  const w: Walk = { roots, files: [], skipped: [], followedLinks: [], seenDirs: new Map(), seenFiles: new Set(), skippedPaths: new Set() };
  for (const p of paths) await visit(w, Buffer.from(path.resolve(p)), true);
  return { files: w.files, skipped: w.skipped, followedLinks: w.followedLinks };
}

interface Walk {
  roots: string[];
  files: FoundFile[];
  skipped: SkippedItem[];
  followedLinks: string[];
  /** Folders already walked, by device and inode: a link back to one of them is a cycle. */
  seenDirs: Map<string, 'direct' | 'link'>;
  seenFiles: Set<string>;
  skippedPaths: Set<string>;
}

async function visit(w: Walk, where: Buffer, explicit: boolean): Promise<void> {
  const shown = printableName(where);
  if (!shown.valid) return skip(w, shown.text, 'name', 'its name is not valid UTF-8 (shown with the bytes escaped); not imported — copy it under a valid name to import it');
  const p = shown.text;
  let st: Stats;
  try {
    st = await lstat(p);
  } catch (e) {
    return skip(w, p, 'unreadable', `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (st.isSymbolicLink()) return visitLink(w, p);
  await visitEntry(w, p, st, explicit, 'direct');
}

async function visitEntry(w: Walk, p: string, st: Stats, explicit: boolean, via: 'direct' | 'link'): Promise<void> {
  if (!explicit && path.basename(p).startsWith('.')) {
    return skip(w, p, 'hidden', `hidden ${st.isDirectory() ? 'folder' : 'file'} (its name starts with "."); not imported — name it on the command line to import it`);
  }
  if (st.isDirectory()) {
    const key = `${st.dev}:${st.ino}`;
    const seen = w.seenDirs.get(key);
    if (seen === 'link') return; // walked already through a link that pointed here
    if (seen) return skip(w, p, 'cycle', 'folder given twice or reached again; walked once');
    w.seenDirs.set(key, via);
    let names: Buffer[];
    try {
      names = await readdir(p, { encoding: 'buffer' });
    } catch (e) {
      return skip(w, p, 'unreadable', `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    names.sort(Buffer.compare);
    const base = Buffer.from(p.endsWith(path.sep) ? p : p + path.sep);
    for (const name of names) await visit(w, Buffer.concat([base, name]), false);
    return;
  }
  if (st.isFile()) {
    const real = await realpath(p).catch(() => p);
    if (w.seenFiles.has(real)) return;
    w.seenFiles.add(real);
    w.files.push({ path: real, rel: relativeName(w.roots, real), bytes: st.size, modifiedAt: st.mtime.toISOString() });
    return;
  }
  skip(w, p, 'special', `is a ${specialKind(st)}, not a regular file; never opened, not imported`);
}

/** A symbolic link is followed only when its final target lies inside one of the evidence roots. */
async function visitLink(w: Walk, p: string): Promise<void> {
  const target = await readlink(p).catch(() => '?');
  let real: string;
  let st: Stats;
  try {
    real = await realpath(p);
    st = await stat(real);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ELOOP' ? 'loops back on itself (a symbolic link cycle)' : `points to ${target}, which cannot be reached (${code ?? 'error'})`;
    return skip(w, p, code === 'ELOOP' ? 'cycle' : 'symlink', `symbolic link that ${why}; not followed`);
  }
  if (!w.roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) {
    return skip(w, p, 'symlink', `symbolic link to ${real}, outside the evidence folders; not followed — name the target on the command line to import it`);
  }
  if (st.isDirectory() && w.seenDirs.has(`${st.dev}:${st.ino}`)) {
    return skip(w, p, 'cycle', `symbolic link to ${real}, a folder already walked (a cycle or a second way in); not followed again`);
  }
  w.followedLinks.push(`${p} → ${real}`);
  await visitEntry(w, real, st, true, 'link');
}

/** `real` named from the evidence root holding it (the root's own name first, `/` separators), never an absolute path. */
function relativeName(roots: readonly string[], real: string): string {
  const root = roots.find((r) => real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep));
  if (!root) return path.basename(real);
  return path.relative(path.dirname(root), real).split(path.sep).join('/');
}

function specialKind(st: Stats): string {
  if (st.isFIFO()) return 'named pipe (FIFO)';
  if (st.isSocket()) return 'socket';
  if (st.isBlockDevice()) return 'block device';
  if (st.isCharacterDevice()) return 'character device';
  return 'special file';
}

function skip(w: Walk, p: string, kind: SkippedItem['kind'], reason: string): void {
  if (w.skippedPaths.has(p)) return; // given twice (by name and inside its folder): listed once
  w.skippedPaths.add(p);
  w.skipped.push({ path: p, kind, reason });
}
