/**
 * A new case folder for the Cases screen: created (or an empty folder taken), its custody log
 * started with `case.created` and the name given, so evidence can be imported into it. A folder
 * that already holds files, or is already a case, is refused with what to do instead.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/result.js';
import { CUSTODY_DB } from './caseLayout.js';
import { CustodyLog } from './casestore/custody.js';

/** Creates the case in `caseDir` (which must be absent or empty) and records it in custody. */
export async function createCase(caseDir: string, name: string | null, actor: string): Promise<Result<{ caseDir: string; seq: number }>> {
  const dir = path.resolve(caseDir);
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) return fail('BAD_INPUT', `${dir} is a file, not a folder: choose a new or empty folder for the case`);
  if (info) {
    if (existsSync(path.join(dir, CUSTODY_DB))) return fail('BAD_INPUT', `${dir} is already a case: open it instead of creating it`);
    const entries = await readdir(dir);
    if (entries.length) return fail('BAD_INPUT', `${dir} already holds files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): a case needs a new or empty folder, nothing was written`);
  }
  await mkdir(dir, { recursive: true });
  const log = CustodyLog.open(path.join(dir, CUSTODY_DB));
  try {
    const entry = log.append('case.created', { caseDir: dir, name }, actor);
    return ok({ caseDir: dir, seq: entry.seq });
  } finally {
    log.close();
  }
}

/** The name the case was created with (null for a case made by `investigate` or `import`). */
export function caseName(caseDir: string): string | null {
  const file = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(file)) return null;
  const log = CustodyLog.open(file, { key: null });
  try {
    const created = log.entries().find((e) => e.action === 'case.created');
    const name = (created?.detail as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' ? name : null;
  } finally {
    log.close();
  }
}
