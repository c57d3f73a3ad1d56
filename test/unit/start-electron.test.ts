/**
 * `npm start` on a machine without the Electron binary (this one): a plain explanation and the
 * browser alternative, exit code 1, and no attempt to download anything.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

it('explains the missing Electron binary, points at npm run serve and exits 1', () => {
  const emptyDist = mkdtempSync(path.join(tmpdir(), 'leakscope-no-electron-'));
  try {
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/start-electron.mjs')], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('No Electron binary is installed on this machine');
    expect(run.stderr).toContain('npx install-electron');
    expect(run.stderr).toContain('npm run serve');
    expect(run.stdout).not.toContain('Downloading');
  } finally {
    rmSync(emptyDist, { recursive: true, force: true });
  }
});
