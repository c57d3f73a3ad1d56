/** Chain of custody: who imported what, when, with which hash; copies verified; tampering named. */
import Database from 'better-sqlite3';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { importEvidence } from '../../electron/engine/importCase.js';
import { verifyCase } from '../../electron/engine/verify.js';

describe('custody', () => {
  it('records importer, hashes and copies, verifies them, and names what was tampered with', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ls-custody-'));
    const evidence = path.join(root, 'evidence-in');
    mkdirSync(evidence);
    const file = path.join(evidence, 'Login-2025-07-26.csv');
    writeFileSync(file, '"EVENT_TYPE","TIMESTAMP","USER_ID"\n"Login","20250726222419.439","0055j000000utlP"\n');
    const caseDir = path.join(root, 'case');
    const r = await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'Dana Investigator (OS user examiner)', copyEvidence: true });
    expect(r.ok).toBe(true);

    const log = CustodyLog.open(path.join(caseDir, 'custody.sqlite'));
    const entries = log.entries();
    log.close();
    const imported = entries.find((e) => e.action === 'source.imported')!;
    expect(imported.actor).toBe('Dana Investigator (OS user examiner)');
    expect(imported.detail).toMatchObject({ path: file, bytes: 82, kind: 'elf', detail: 'Login' });
    expect((imported.detail as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(imported.at)).toBeGreaterThan(Date.now() - 60_000);
    const copy = (entries.find((e) => e.action === 'source.copied')!.detail as { to: string; matches: boolean });
    expect(copy.matches).toBe(true);
    expect((await verifyCase(caseDir)).every((f) => f.ok)).toBe(true);

    // The copy is altered: verify names it.
    chmodSync(copy.to, 0o644);
    writeFileSync(copy.to, 'tampered');
    const afterCopy = await verifyCase(caseDir);
    expect(afterCopy.find((f) => !f.ok)?.message).toContain(`CHANGED: ${copy.to}`);

    // A custody entry is rewritten behind the log's back: the chain breaks at that entry.
    const db = new Database(path.join(caseDir, 'custody.sqlite'));
    db.exec('DROP TRIGGER custody_no_update');
    db.prepare("UPDATE custody SET actor = 'someone else' WHERE seq = 1").run();
    db.close();
    const afterEdit = await verifyCase(caseDir);
    expect(afterEdit[0]).toEqual({ ok: false, message: expect.stringContaining('Custody chain broken at entry 1') });
  });

  it('refuses to edit or delete custody entries', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-custody-ro-'));
    const log = CustodyLog.open(path.join(dir, 'custody.sqlite'));
    log.append('case.created', { note: 'x' }, 'tester');
    log.close();
    const db = new Database(path.join(dir, 'custody.sqlite'));
    expect(() => db.prepare("UPDATE custody SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM custody').run()).toThrow(/append-only/);
    db.close();
  });
});
