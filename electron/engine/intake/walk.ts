/** Expands the evidence paths an investigator gives into the list of files to take in. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export interface FoundFile {
  path: string; // absolute
  bytes: number;
  modifiedAt: string;
}

export interface WalkResult {
  files: FoundFile[];
  problems: string[];
}

/** Lists every regular file under the given files/folders (sorted, hidden entries skipped). */
export async function walkEvidence(paths: readonly string[]): Promise<WalkResult> {
  const files: FoundFile[] = [];
  const problems: string[] = [];
  const visit = async (p: string): Promise<void> => {
    let st;
    try {
      st = await stat(p);
    } catch (e) {
      problems.push(`${p}: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    if (st.isDirectory()) {
      const entries = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
      for (const name of entries) await visit(path.join(p, name));
    } else if (st.isFile()) {
      files.push({ path: p, bytes: st.size, modifiedAt: st.mtime.toISOString() });
    }
  };
  for (const p of paths) await visit(path.resolve(p));
  const seen = new Set<string>();
  return { files: files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true))), problems };
}
