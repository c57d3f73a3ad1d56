/** When the duties of a case were last evaluated and from which awareness time, from the custody log (`duties.evaluated`). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CustodyLog } from './casestore/custody.js';
import { CUSTODY_DB } from './caseLayout.js';

/** The last `duties.evaluated` entry: its time and the awareness time deadlines ran from; null when none. */
export function lastEvaluation(caseDir: string): { at: string; awareAt: string | null } | null {
  const file = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(file)) return null;
  const log = CustodyLog.open(file, { key: null });
  try {
    const entry = log.entries().filter((e) => e.action === 'duties.evaluated').pop();
    if (!entry) return null;
    const awareAt = (entry.detail as { awareAt?: string } | null)?.awareAt ?? null;
    return { at: entry.at, awareAt };
  } finally {
    log.close();
  }
}
