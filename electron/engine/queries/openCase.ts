/** Opens a finished case's DuckDB read-only for one question from the app, and always closes it. */
import { existsSync } from 'node:fs';
import { CaseDb } from '../store/duck.js';

/** Runs `fn` on the case database at `dbPath` opened read-only; null when there is no such database. */
export async function withCaseDb<T>(dbPath: string, fn: (db: CaseDb) => Promise<T>): Promise<T | null> {
  if (!existsSync(dbPath)) return null;
  const db = await CaseDb.open(dbPath, { readOnly: true });
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}
