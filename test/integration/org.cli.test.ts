/**
 * `leakscope import … --org <id>`: a Contact export beside no Organization export, in a case whose log rows name two
 * orgs, is unassigned without `--org` (a warning naming the file) and taken as the org given with it (15 characters
 * in, 18 recorded, basis `option`); an `--org` that is not an org id is bad usage (exit 2).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { toId18 } from '../../shared/ids.js';
import { elfRow, writeCsv } from '../helpers/evidence.js';

const run = promisify(execFile);
const cli = path.resolve(__dirname, '../..', 'bin', 'leakscope.js');
const ORG_A = '00D5j000000AlFa';
const ORG_B = '00D8d000000BeTa';

function evidence(): { ev: string; caseDir: string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-org-cli-'));
  const ev = path.join(root, 'evidence');
  writeCsv(path.join(ev, 'URI.csv'), [
    elfRow('URI', '2025-07-03T09:00:00.000Z', { REQUEST_ID: 'U1', ORGANIZATION_ID: ORG_A, USER_ID: '0055j00000UsrAa', SESSION_KEY: 'SA', URI: '/003/o' }),
    elfRow('URI', '2025-07-03T09:01:00.000Z', { REQUEST_ID: 'U2', ORGANIZATION_ID: ORG_B, USER_ID: '0058d00000UsrBb', SESSION_KEY: 'SB', URI: '/003/o' }),
  ]);
  writeCsv(path.join(ev, 'Contact.csv'), [{ Id: '0035j00000Ct001', LastName: 'One', MailingCountry: 'US' }]);
  return { ev, caseDir: path.join(root, 'case') };
}

async function contactOrg(caseDir: string): Promise<{ org_id: string | null; org_basis: string }[]> {
  const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
  try {
    return await db.all(sql`SELECT org_id, org_basis FROM source_orgs WHERE object = 'Contact'`);
  } finally {
    db.close();
  }
}

describe('leakscope import --org', () => {
  it('leaves the Contact export unassigned without --org, and takes it as the org given with it', async () => {
    const { ev, caseDir } = evidence();
    const first = await run(process.execPath, [cli, 'import', ev, '--case', caseDir, '--json']);
    const warnings = (JSON.parse(first.stdout) as { warnings: string[] }).warnings;
    expect(warnings.filter((w) => w.includes(path.join(ev, 'Contact.csv')) && w.includes('--org'))).toHaveLength(1);
    expect(await contactOrg(caseDir)).toEqual([{ org_id: null, org_basis: 'unassigned' }]);
    await run(process.execPath, [cli, 'import', path.join(ev, 'Contact.csv'), '--case', caseDir, '--org', ORG_B]);
    expect(await contactOrg(caseDir)).toEqual([{ org_id: toId18(ORG_B), org_basis: 'option' }]);
  }, 120_000);

  it('refuses an --org that is not an org id', async () => {
    const { ev, caseDir } = evidence();
    const r = await run(process.execPath, [cli, 'import', ev, '--case', caseDir, '--org', '0055j00000UsrAa']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(r?.code).toBe(2);
    expect(r?.stderr).toMatch(/expected an org id/);
  }, 60_000);
});
