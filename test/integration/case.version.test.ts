/** A case written by a newer Leakscope is refused with a clear message, never an INTERNAL error or a silent upgrade. */
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEvidence } from '../../electron/engine/importCase.js';
import { SCHEMA_VERSION } from '../../electron/engine/store/migrate.js';

async function caseWithEvidence(): Promise<{ caseDir: string; evidence: string }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-version-'));
  const evidence = path.join(root, 'in');
  mkdirSync(evidence);
  writeFileSync(path.join(evidence, 'Login-2025-07-26.csv'), '"EVENT_TYPE","TIMESTAMP","USER_ID"\n"Login","20250726222419.439","0055j000000utlP"\n');
  const caseDir = path.join(root, 'case');
  expect((await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'tester' })).ok).toBe(true);
  return { caseDir, evidence };
}

describe('case versions', () => {
  it('refuses a case database from a newer schema', async () => {
    const { caseDir, evidence } = await caseWithEvidence();
    const instance = await DuckDBInstance.create(path.join(caseDir, 'case.duckdb'));
    const c = await instance.connect();
    await c.run(`INSERT INTO schema_version VALUES (${SCHEMA_VERSION + 5})`);
    c.closeSync();
    instance.closeSync();
    const r = await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'tester' });
    expect(r).toEqual({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining(`newer Leakscope (schema ${SCHEMA_VERSION + 5}`) } });
  });

  it('refuses a custody log from a newer schema', async () => {
    const { caseDir, evidence } = await caseWithEvidence();
    const db = new Database(path.join(caseDir, 'custody.sqlite'));
    db.pragma('user_version = 9');
    db.close();
    const r = await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'tester' });
    expect(r).toEqual({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringContaining('newer Leakscope (schema 9;') } });
  });
});
