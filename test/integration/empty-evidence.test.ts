/** An empty evidence folder is said to be empty where the result is, never an import that silently holds nothing. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEvidence } from '../../electron/engine/importCase.js';

describe('an empty evidence folder', () => {
  it('says that no evidence file was found, instead of an import that silently holds nothing', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ls-empty-'));
    const evidence = path.join(root, 'in');
    mkdirSync(evidence);
    const r = await importEvidence({ evidencePaths: [evidence], caseDir: path.join(root, 'case'), actor: 'tester' });
    expect(r.ok && r.value.sources).toEqual([]);
    expect(r.ok && r.value.warnings).toContain(`No evidence file was found in ${evidence}: nothing was imported, so every result below is empty for that reason.`);
  });
});
