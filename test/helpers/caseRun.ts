/** Test plumbing for imports through the real engine: a fresh evidence folder, an import that must succeed, a read-only look into the case. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importEvidence, type ImportOutcome } from '../../electron/engine/importCase.js';
import { CaseDb } from '../../electron/engine/store/duck.js';

/** An empty evidence folder and a case folder beside it, under a new temporary folder. */
export function fresh(prefix = 'ls-case-'): { dir: string; caseDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dir = path.join(root, 'evidence');
  mkdirSync(dir);
  return { dir, caseDir: path.join(root, 'case') };
}

/** Imports the paths into the case; a failed import fails the test with its message. */
export async function run(paths: string[], caseDir: string): Promise<ImportOutcome> {
  const r = await importEvidence({ evidencePaths: paths, caseDir });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Runs `f` on the case database opened read-only, and closes it. */
export async function withCase<T>(caseDir: string, f: (db: CaseDb) => Promise<T>): Promise<T> {
  const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
  try {
    return await f(db);
  } finally {
    db.close();
  }
}
