/**
 * `leakscope verify`: re-hashes a case's sources (every hash ever recorded, not only the latest per
 * path), re-computes its custody chain and signatures, and checks the chain against an anchor held
 * outside the case (a report's manifest, or the head the investigator noted), naming what changed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkNotes } from './casestore/notes.js';
import { CustodyLog, type ChainHead } from './casestore/custody.js';
import { investigatorKey, keyDirectory } from './casestore/signing.js';
import { describeUnfinished, unfinishedRuns } from './casestore/runs.js';
import { sha256File } from './intake/hash.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { sealFindings } from './caseSeals.js';
import { withCaseDb } from './queries/openCase.js';

export interface VerifyFinding {
  ok: boolean;
  message: string;
  /** Not a failed check but something to know (an earlier run that was interrupted). */
  note?: boolean;
}

export interface VerifyOptions {
  /** The chain head as recorded outside the case (`--head <seq>:<hash>`, or a report's manifest). */
  anchor?: ChainHead;
  /** Compare the signer with this machine's investigator key (default true when one exists). */
  compareLocalKey?: boolean;
}

/** Parses `<seq>:<sha256>` as printed at the end of every run. */
export function parseHead(text: string): ChainHead | null {
  const m = /^(\d+):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : null;
}

/** How a chain head is printed for the investigator's notes. */
export function formatHead(head: ChainHead | null): string {
  return head ? `${head.seq}:${head.hash}` : '(empty)';
}

/** Checks every recorded source hash, the custody chain, its signatures and its anchor. */
export async function verifyCase(caseDir: string, options: VerifyOptions = {}): Promise<VerifyFinding[]> {
  const file = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(file)) return [{ ok: false, message: `No custody log at ${file}` }];
  const log = CustodyLog.open(file, { key: null });
  try {
    const findings: VerifyFinding[] = [];
    const chain = log.check();
    findings.push(chain.broken.length ? { ok: false, message: `Custody chain broken at entr${chain.broken.length > 1 ? 'ies' : 'y'} ${chain.broken.join(', ')}` } : { ok: true, message: 'Custody chain intact' });
    for (const run of unfinishedRuns(log)) findings.push({ ok: true, note: true, message: describeUnfinished(run) });
    if (chain.badSignature.length) findings.push({ ok: false, message: `Custody entr${chain.badSignature.length > 1 ? 'ies' : 'y'} ${list(chain.badSignature)} carr${chain.badSignature.length > 1 ? 'y' : 'ies'} a signature that does not verify (forged or altered)` });
    if (chain.unsigned.length) findings.push({ ok: false, message: `Custody entr${chain.unsigned.length > 1 ? 'ies' : 'y'} ${list(chain.unsigned)} ${chain.unsigned.length > 1 ? 'are' : 'is'} not signed (written by hand, or by a Leakscope before signing)` });
    findings.push(...signerFindings(chain.signers, options.compareLocalKey ?? true));
    findings.push({ ok: true, message: `Chain head ${formatHead(chain.head)}` });
    if (options.anchor) findings.push(anchorFinding(log, chain.head, options.anchor));
    findings.push(...(await sourceFindings(log)));
    findings.push(...noteFindings(log));
    findings.push(...(await tableSealFindings(caseDir, log)));
    return findings;
  } finally {
    log.close();
  }
}

/** The case database's tables against their last seal, and every earlier finding of a changed table the custody log holds. */
async function tableSealFindings(caseDir: string, log: CustodyLog): Promise<VerifyFinding[]> {
  const entries = log.entries();
  const earlier: VerifyFinding[] = entries
    .filter((e) => e.action === 'case.seal_broken')
    .flatMap((e) => {
      const d = e.detail as { problems?: string[]; interruptedRuns?: number[] };
      const why = d.interruptedRuns?.length ? ` (a run started at custody entry ${d.interruptedRuns[0]} was interrupted before it; it may explain this)` : '';
      return (d.problems ?? []).map((p) => ({ ok: false, message: `Case database was changed outside Leakscope (found by the run of custody entry ${e.seq}): ${p}${why}` }));
    });
  const dbPath = path.join(caseDir, CASE_DB);
  if (!existsSync(dbPath)) return earlier;
  const now = await withCaseDb(dbPath, (db) => sealFindings(db, entries));
  if (!now) return earlier;
  if (now.note) return [...earlier, { ok: true, note: true, message: `Case database: ${now.note}` }];
  if (now.problems.length) return [...earlier, ...now.problems.map((p) => ({ ok: false, message: `Case database changed since its seal (custody entry ${now.sealedAt}): ${p}` }))];
  return [...earlier, { ok: true, message: `Case database tables match their seal (custody entry ${now.sealedAt})` }];
}

/** Every note against the custody entry that recorded it (only when the case has notes or records any). */
function noteFindings(log: CustodyLog): VerifyFinding[] {
  const problems = checkNotes(log.store(), log.entries());
  if (problems.length) return problems.map((message) => ({ ok: false, message: `Notes: ${message}` }));
  const count = (log.store().prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'notes'").get() as { n: number }).n
    ? (log.store().prepare('SELECT count(*) AS n FROM notes').get() as { n: number }).n
    : 0;
  return count ? [{ ok: true, message: `${count} note entr${count > 1 ? 'ies' : 'y'} match what the custody log recorded` }] : [];
}

/** Every signer is named; a signer other than this machine's investigator key is pointed out (not a failure). */
function signerFindings(signers: { fingerprint: string; entries: number }[], compareLocal: boolean): VerifyFinding[] {
  const local = compareLocal && existsSync(path.join(keyDirectory(), 'investigator-ed25519.pem')) ? investigatorKey().fingerprint : null;
  return signers.map((s) => ({
    ok: true,
    message: `${s.entries} entr${s.entries > 1 ? 'ies' : 'y'} signed by key ${s.fingerprint}${local === null ? '' : local === s.fingerprint ? " (this machine's investigator key)" : ' (not this machine\'s investigator key: compare with your notes)'}`,
  }));
}

/** The chain must still hold the anchored entry, unchanged: a truncated or rewritten chain fails here. */
function anchorFinding(log: CustodyLog, head: ChainHead | null, anchor: ChainHead): VerifyFinding {
  const entry = log.entries().find((e) => e.seq === anchor.seq);
  if (!entry) return { ok: false, message: `Custody chain truncated: the anchor names entry ${anchor.seq}, the log ends at ${head?.seq ?? 0}` };
  if (entry.hash !== anchor.hash) return { ok: false, message: `Custody entry ${anchor.seq} differs from the anchor (anchor ${anchor.hash}, log ${entry.hash}): the chain was rewritten` };
  return { ok: true, message: `Custody chain holds the anchored entry ${anchor.seq} unchanged${head && head.seq > anchor.seq ? ` (${head.seq - anchor.seq} entr${head.seq - anchor.seq > 1 ? 'ies' : 'y'} since)` : ''}` };
}

/** Every (path, SHA-256) ever recorded for a source or a verified copy is checked against the file now there. */
async function sourceFindings(log: CustodyLog): Promise<VerifyFinding[]> {
  const recorded = new Map<string, { path: string; sha256: string; what: string }>();
  for (const e of log.entries()) {
    if (e.action === 'source.imported') {
      const d = e.detail as { path: string; sha256: string; sourceId?: number };
      recorded.set(`${d.path}\u0000${d.sha256}`, { path: d.path, sha256: d.sha256, what: `source ${d.sourceId ?? '?'}` });
    }
    if (e.action === 'source.copied') {
      const d = e.detail as { to: string; sha256: string; sourceId?: number };
      recorded.set(`${d.to}\u0000${d.sha256}`, { path: d.to, sha256: d.sha256, what: `copy of source ${d.sourceId ?? '?'}` });
    }
  }
  const findings: VerifyFinding[] = [];
  const now = new Map<string, string | null>();
  for (const d of recorded.values()) {
    if (!now.has(d.path)) now.set(d.path, existsSync(d.path) ? await sha256File(d.path) : null);
    const current = now.get(d.path)!;
    if (current === null) findings.push({ ok: false, message: `Missing source: ${d.path} (${d.what})` });
    else if (current === d.sha256) findings.push({ ok: true, message: `Unchanged: ${d.path}` });
    else findings.push({ ok: false, message: `CHANGED: ${d.path} (${d.what}: recorded ${d.sha256}, now ${current})` });
  }
  return findings;
}

function list(seqs: number[]): string {
  return seqs.length > 10 ? `${seqs.slice(0, 10).join(', ')} … (${seqs.length} in all)` : seqs.join(', ');
}

interface ManifestView {
  caseDir?: string;
  custody?: { head: string | null; signer: string | null } | null;
  outputs?: { file: string; sha256: string }[];
}

/**
 * Verifies a report folder: every output file against the manifest's SHA-256, then the case it came from
 * (`caseDir`, else the manifest's) against the custody head the manifest recorded, so a changed output, a
 * truncated or rewritten chain and a changed source are each named.
 */
export async function verifyReport(reportDir: string, caseDir?: string): Promise<VerifyFinding[]> {
  const manifestFile = path.join(reportDir, 'manifest.json');
  if (!existsSync(manifestFile)) return [{ ok: false, message: `No manifest.json in ${reportDir}` }];
  let manifest: ManifestView;
  try {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as ManifestView;
  } catch (e) {
    return [{ ok: false, message: `${manifestFile}: not valid JSON (${e instanceof Error ? e.message : String(e)})` }];
  }
  const findings: VerifyFinding[] = [];
  for (const o of manifest.outputs ?? []) {
    const file = path.join(reportDir, ...o.file.split('/'));
    if (!existsSync(file)) findings.push({ ok: false, message: `Missing output: ${o.file}` });
    else {
      const now = await sha256File(file);
      findings.push(now === o.sha256 ? { ok: true, message: `Unchanged output: ${o.file}` } : { ok: false, message: `CHANGED output: ${o.file} (manifest ${o.sha256}, now ${now})` });
    }
  }
  const anchor = manifest.custody?.head ? parseHead(manifest.custody.head) : null;
  if (!anchor) findings.push({ ok: false, message: 'The manifest records no custody chain head: the report cannot be tied to the case' });
  // The manifest names the case relative to the report folder (older manifests: an absolute path).
  const dir = caseDir ?? (manifest.caseDir ? path.resolve(reportDir, manifest.caseDir) : undefined);
  if (!dir) return [...findings, { ok: false, message: 'The manifest names no case folder: give it with --case' }];
  return [...findings, ...(await verifyCase(dir, anchor ? { anchor } : {}))];
}
