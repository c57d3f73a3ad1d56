/** A tamperer who can edit the case folder: every kind of custody forgery is named by `verify`. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { investigatorKey } from '../../electron/engine/casestore/signing.js';
import { importEvidence } from '../../electron/engine/importCase.js';
import { parseHead, verifyCase, formatHead } from '../../electron/engine/verify.js';

const LOGIN = '"EVENT_TYPE","TIMESTAMP","USER_ID"\n"Login","20250726222419.439","0055j000000utlP"\n';

/** The chain hash exactly as the format in docs/DATA_MODEL.md defines it (written here apart from the code). */
const chainHash = (seq: number, at: string, actor: string, action: string, detail: string, prev: string): string =>
  createHash('sha256').update([seq, at, actor, action, detail, prev].join('\u001f')).digest('hex');

async function freshCase(): Promise<{ caseDir: string; file: string; evidence: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-tamper-'));
  const evidence = path.join(root, 'in');
  mkdirSync(evidence);
  const file = path.join(evidence, 'Login-2025-07-26.csv');
  writeFileSync(file, LOGIN);
  const caseDir = path.join(root, 'case');
  const r = await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'tester' });
  expect(r.ok).toBe(true);
  return { caseDir, file, evidence };
}

function head(caseDir: string): { seq: number; hash: string } {
  const log = CustodyLog.open(path.join(caseDir, 'custody.sqlite'), { key: null });
  const h = log.head()!;
  log.close();
  return h;
}

function rawDb(caseDir: string): Database.Database {
  const db = new Database(path.join(caseDir, 'custody.sqlite'));
  db.exec('DROP TRIGGER IF EXISTS custody_no_update; DROP TRIGGER IF EXISTS custody_no_delete; DROP TRIGGER IF EXISTS custody_signatures_no_update; DROP TRIGGER IF EXISTS custody_signatures_no_delete;');
  return db;
}

const failures = (f: { ok: boolean; message: string }[]): string[] => f.filter((x) => !x.ok).map((x) => x.message);

describe('custody against a tamperer', () => {
  it('an untouched case verifies, signed by this machine\'s investigator key, against its own head', async () => {
    const { caseDir } = await freshCase();
    const anchor = head(caseDir);
    expect(parseHead(formatHead(anchor))).toEqual(anchor);
    const findings = await verifyCase(caseDir, { anchor });
    expect(failures(findings)).toEqual([]);
    expect(findings.map((f) => f.message)).toContain(`${anchor.seq} entr${anchor.seq > 1 ? 'ies' : 'y'} signed by key ${investigatorKey().fingerprint} (this machine's investigator key)`);
  });

  it('deleting the last record is named against the anchor', async () => {
    const { caseDir } = await freshCase();
    const anchor = head(caseDir);
    const db = rawDb(caseDir);
    db.prepare('DELETE FROM custody WHERE seq = ?').run(anchor.seq);
    db.prepare('DELETE FROM custody_signatures WHERE seq = ?').run(anchor.seq);
    db.close();
    const f = failures(await verifyCase(caseDir, { anchor }));
    expect(f).toEqual([`Custody chain truncated: the anchor names entry ${anchor.seq}, the log ends at ${anchor.seq - 1}`]);
  });

  it('a forged record appended with a correctly recomputed hash fails its signature', async () => {
    const { caseDir } = await freshCase();
    const prev = head(caseDir);
    const db = rawDb(caseDir);
    const seq = prev.seq + 1;
    const at = '2025-08-01T00:00:00.000Z';
    const detail = JSON.stringify({ note: 'nothing to see' });
    const hash = chainHash(seq, at, 'mallory', 'note.added', detail, prev.hash);
    db.prepare('INSERT INTO custody VALUES (?, ?, ?, ?, ?, ?, ?)').run(seq, at, 'mallory', 'note.added', detail, prev.hash, hash);
    db.close();
    // The forged entry claims a note was taken: the notes check names that no such note exists, too.
    const noNote = 'Notes: the custody log records 1 note entries but the case store has no notes table (removed)';
    expect(failures(await verifyCase(caseDir))).toEqual([`Custody entry ${seq} is not signed (written by hand, or by a Leakscope before signing)`, noNote]);
    // Re-using a genuine signature of another entry does not help either.
    const db2 = rawDb(caseDir);
    const sig = db2.prepare('SELECT public_key, signature FROM custody_signatures WHERE seq = 1').get() as { public_key: string; signature: string };
    db2.prepare('INSERT INTO custody_signatures VALUES (?, ?, ?)').run(seq, sig.public_key, sig.signature);
    db2.close();
    expect(failures(await verifyCase(caseDir))).toEqual([`Custody entry ${seq} carries a signature that does not verify (forged or altered)`, noNote]);
  });

  it('recomputing the whole chain after editing a source is named (source, signatures, anchor)', async () => {
    const { caseDir, file } = await freshCase();
    const anchor = head(caseDir);
    writeFileSync(file, LOGIN.replace('0055j000000utlP', '0055j000000XXXX'));
    const newSha = createHash('sha256').update(LOGIN.replace('0055j000000utlP', '0055j000000XXXX')).digest('hex');
    const db = rawDb(caseDir);
    const rows = db.prepare('SELECT * FROM custody ORDER BY seq').all() as { seq: number; at: string; actor: string; action: string; detail: string }[];
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const d = JSON.parse(r.detail) as { sha256?: string };
      if (r.action === 'source.imported') d.sha256 = newSha;
      const detail = JSON.stringify(d);
      const hash = chainHash(r.seq, r.at, r.actor, r.action, detail, prev);
      db.prepare('UPDATE custody SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(detail, prev, hash, r.seq);
      prev = hash;
    }
    db.close();
    const f = failures(await verifyCase(caseDir, { anchor }));
    expect(f.some((m) => /signature that does not verify/.test(m))).toBe(true);
    expect(f.some((m) => m.startsWith(`Custody entry ${anchor.seq} differs from the anchor`))).toBe(true);
    // The chain itself is consistent again, which is exactly why the signatures and the anchor matter.
    expect(f.some((m) => m.startsWith('Custody chain broken'))).toBe(false);
  });

  it('re-importing a modified source at the same path: the first import\'s hash is still checked', async () => {
    const { caseDir, file, evidence } = await freshCase();
    const firstSha = createHash('sha256').update(LOGIN).digest('hex');
    const changed = LOGIN.replace('222419.439', '222420.000');
    writeFileSync(file, changed);
    expect((await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'tester' })).ok).toBe(true);
    const f = failures(await verifyCase(caseDir));
    expect(f).toEqual([`CHANGED: ${file} (source 1: recorded ${firstSha}, now ${createHash('sha256').update(changed).digest('hex')})`]);
  });
});
