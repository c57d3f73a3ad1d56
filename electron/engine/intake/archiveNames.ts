/**
 * Where an archive member may be written. Names come from the archive, so they are untrusted:
 * a name that climbs out of its folder or is absolute is refused (zip-slip), and the rest are
 * made safe for every desktop file system before they touch the disk.
 */
import path from 'node:path';

export type MemberName =
  | { kind: 'file'; segments: string[] }
  | { kind: 'noise' } // macOS metadata: skipped without a word
  | { kind: 'folder' }
  | { kind: 'refused'; reason: string };

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Classifies a member name as written in the archive (backslashes already turned into slashes). */
export function readMemberName(name: string): MemberName {
  if (name.includes('\0')) return { kind: 'refused', reason: 'its name contains a NUL character' };
  if (/^[/\\]{2}/.test(name)) return { kind: 'refused', reason: 'its name is a network (UNC) path' };
  if (/^[a-zA-Z]:/.test(name)) return { kind: 'refused', reason: 'its name is an absolute Windows path (drive letter)' };
  if (/^[/\\]/.test(name)) return { kind: 'refused', reason: 'its name is an absolute path' };
  const parts = name.split(/[/\\]/);
  if (parts.includes('..')) return { kind: 'refused', reason: 'its name climbs out of its folder (../)' };
  if (parts.includes('__MACOSX') || parts.at(-1) === '.DS_Store') return { kind: 'noise' };
  if (name.endsWith('/') || name.endsWith('\\')) return { kind: 'folder' };
  const segments = parts.filter((p) => p !== '' && p !== '.').map(safeSegment);
  if (segments.length === 0) return { kind: 'refused', reason: 'its name is empty' };
  return { kind: 'file', segments };
}

/** One path segment made writable on Windows, macOS and Linux alike (no stream colons, devices or trailing dots). */
function safeSegment(segment: string): string {
  let s = [...segment].map((c) => (c.charCodeAt(0) < 0x20 || '<>:"|?*'.includes(c) ? '_' : c)).join('');
  s = s.replace(/[. ]+$/, (tail) => '_'.repeat(tail.length));
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  return s;
}

/** The absolute target inside `folder`, or null if it would land outside it (checked after normalisation). */
export function targetInside(folder: string, segments: readonly string[]): string | null {
  const root = path.resolve(folder);
  const target = path.resolve(root, ...segments);
  return target.startsWith(root + path.sep) ? target : null;
}

/** A target no earlier member of this extraction has taken ("x.csv", then "x (2).csv"), compared case-insensitively. */
export function unusedTarget(target: string, taken: Set<string>): string {
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  let candidate = target;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
