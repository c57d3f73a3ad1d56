/** `leakscope verify`: re-hashes a case's sources and its custody chain and names what changed. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CustodyLog } from './casestore/custody.js';
import { describeUnfinished, unfinishedRuns } from './casestore/runs.js';
import { sha256File } from './intake/hash.js';
import { CUSTODY_DB } from './caseLayout.js';

export interface VerifyFinding {
  ok: boolean;
  message: string;
  /** Not a failed check but something to know (an earlier run that was interrupted). */
  note?: boolean;
}

/** Checks every imported source against the hash recorded at import, and the custody chain. */
export async function verifyCase(caseDir: string): Promise<VerifyFinding[]> {
  const file = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(file)) return [{ ok: false, message: `No custody log at ${file}` }];
  const log = CustodyLog.open(file);
  try {
    const findings: VerifyFinding[] = [];
    const broken = log.verifyChain();
    findings.push(broken.length ? { ok: false, message: `Custody chain broken at entr${broken.length > 1 ? 'ies' : 'y'} ${broken.join(', ')}` } : { ok: true, message: 'Custody chain intact' });
    for (const run of unfinishedRuns(log)) findings.push({ ok: true, note: true, message: describeUnfinished(run) });
    const latest = new Map<string, { sha256: string }>();
    for (const e of log.entries()) {
      if (e.action === 'source.imported') {
        const d = e.detail as { path: string; sha256: string };
        latest.set(d.path, d);
      }
      if (e.action === 'source.copied') {
        const d = e.detail as { to: string; sha256: string };
        latest.set(d.to, d);
      }
    }
    for (const [p, d] of latest) {
      if (!existsSync(p)) findings.push({ ok: false, message: `Missing source: ${p}` });
      else {
        const now = await sha256File(p);
        findings.push(now === d.sha256 ? { ok: true, message: `Unchanged: ${p}` } : { ok: false, message: `CHANGED: ${p} (recorded ${d.sha256}, now ${now})` });
      }
    }
    return findings;
  } finally {
    log.close();
  }
}
