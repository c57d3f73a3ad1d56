/** The entries a case's custody log holds, read as a test (or a tamperer) reads them: straight from custody.sqlite. */
import Database from 'better-sqlite3';
import path from 'node:path';

export interface CustodyRow { actor: string; action: string; detail: string }

/** Every custody entry of the case in `caseDir`, in order, with who made it and its detail (JSON text). */
export function custodyEntries(caseDir: string): CustodyRow[] {
  const db = new Database(path.join(caseDir, 'custody.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT actor, action, detail FROM custody ORDER BY seq').all() as CustodyRow[];
  } finally {
    db.close();
  }
}

/** Reads a figure as displayed ("1,234") back into a number. */
export function figure(text: string | null): number {
  const n = Number((text ?? '').replace(/[,\s]/g, ''));
  if (!Number.isFinite(n)) throw new Error(`Not a number on screen: ${JSON.stringify(text)}`);
  return n;
}
