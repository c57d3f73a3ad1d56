/**
 * The case database is sealed between runs: a table edited inside case.duckdb by anything but
 * Leakscope (here: one person's state changed in the Contact snapshot, a row deleted from the
 * affected table, a table dropped) is named by `verify`, and the next run says so at the top of its
 * warnings and records it in custody, so `verify` keeps naming it after the re-run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { CASE_DB } from '../../electron/engine/caseLayout.js';
import { verifyCase } from '../../electron/engine/verify.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { ident, sql } from '../../electron/engine/store/sql.js';
import { computeSeals, computeSealsRemembered, duckdbVersion, fileState, rememberSeals } from '../../electron/engine/store/seals.js';
import { FILE_STATE_ACTION, sealFindings } from '../../electron/engine/caseSeals.js';
import { CustodyLog, type CustodyEntry } from '../../electron/engine/casestore/custody.js';
import { CUSTODY_DB } from '../../electron/engine/caseLayout.js';
import { execFileSync } from 'node:child_process';

const REPO = path.resolve(import.meta.dirname, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-seals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
const ids = ['0035j000001eXoqAAE', '0035j000001eXorAAE', '0035j000001eXosAAE'];
const evidence = path.join(root, 'evidence');
const out = path.join(root, 'out');
let caseDir: string;

async function run(): Promise<string[]> {
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  caseDir = r.value.caseDir;
  return r.value.warnings;
}

async function tamper(f: (db: CaseDb) => Promise<void>): Promise<void> {
  const db = await CaseDb.open(path.join(caseDir, CASE_DB));
  try {
    await f(db);
  } finally {
    db.close();
  }
}

/** The warnings `case.results` gives in a new Node process (the built engine, through the dispatcher as the hosts call it). */
function resultsWarningsInNewProcess(): string[] {
  const script = `
    import { createHandlers } from ${JSON.stringify(path.join(REPO, 'dist/electron/engine/handlers.js'))};
    import { dispatch } from ${JSON.stringify(path.join(REPO, 'dist/electron/engine/dispatch.js'))};
    const h = createHandlers({ host: 'web', version: 'test', configDir: ${JSON.stringify(path.join(root, 'config'))} });
    const r = await dispatch(h, 'case.results', { caseDir: ${JSON.stringify(caseDir)} });
    if (!r.ok) throw new Error(r.error.message);
    process.stdout.write(JSON.stringify(r.value.warnings));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
}

const failures = async (): Promise<string[]> => (await verifyCase(caseDir)).filter((f) => !f.ok).map((f) => f.message);

beforeAll(async () => {
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '3', JSON.stringify(ids), '0H45j00000AppX0CAJ', 'R1'],
  ]));
  writeFileSync(path.join(evidence, 'Contact.csv'), csv([
    ['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingCountry'],
    [ids[0]!, 'Anna', 'Becker', 'anna@example.com', 'Fresno', 'CA', 'USA'],
    [ids[1]!, 'Ben', 'Cole', 'ben@example.com', 'San Diego', 'CA', 'USA'],
    [ids[2]!, 'Cleo', 'Diaz', 'cleo@example.com', 'Austin', 'TX', 'USA'],
  ]));
  expect(await run()).not.toContainEqual(expect.stringMatching(/changed outside Leakscope/));
}, 120_000);

describe('case database seals', () => {
  it('a finished run leaves every table matching its seal', async () => {
    const findings = await verifyCase(caseDir);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^Case database tables match their seal \(custody entry \d+\)$/));
  });

  it('custody records the closed file beside the seal; a new process reopening the case trusts it only while the file is unchanged', async () => {
    const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
    const entries = log.entries();
    log.close();
    const sealed = entries.filter((e) => e.action === 'case.sealed').pop()!;
    const closed = entries.filter((e) => e.action === FILE_STATE_ACTION).pop()!;
    expect(closed.seq).toBeGreaterThan(sealed.seq);
    expect(closed.detail).toEqual({ sealedAt: sealed.seq, state: fileState(path.join(caseDir, CASE_DB)) });
    // A new process (nothing remembered in memory) reopening the case, as the app's Investigation screen does.
    expect(resultsWarningsInNewProcess()).not.toContainEqual(expect.stringMatching(/seal/));
  }, 120_000);

  it('names a snapshot edited in place (same rows, different contents), and the next run says so at the top', async () => {
    const table = await tamper(async (db) => {
      const t = (await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE object = 'Contact'`))!.table_name;
      const state = (await db.columns(t)).find((c) => c === 'MailingState')!;
      await db.run(sql`UPDATE ${ident(t)} SET ${ident(state)} = 'TX' WHERE ${ident(state)} = 'CA'`);
    }).then(async () => {
      const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
      try {
        return (await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE object = 'Contact'`))!.table_name;
      } finally {
        db.close();
      }
    });
    expect(await failures()).toEqual([expect.stringContaining(`table ${table} changed: same 3 rows, different contents`)]);
    // The edit moved the file's state: a new process reopening the case hashes the tables and names the change.
    expect(resultsWarningsInNewProcess()).toContainEqual(expect.stringMatching(new RegExp(`^Case database changed since its seal \\(custody entry \\d+\\): table ${table} changed: same 3 rows, different contents`)));
    const warnings = await run();
    expect(warnings[0]).toMatch(new RegExp(`^Case database changed outside Leakscope since custody entry \\d+: table ${table} changed`));
    // The re-run sealed the tables as they are now, but the finding stays in custody for verify.
    const after = await failures();
    expect(after).toEqual([expect.stringMatching(new RegExp(`^Case database was changed outside Leakscope \\(found by the run of custody entry \\d+\\): table ${table} changed`))]);
  }, 120_000);

  it('names a row deleted from a stage table and a table dropped', async () => {
    await tamper(async (db) => {
      await db.run(sql`DELETE FROM affected WHERE state = 'TX' AND id = ${ids[2]!}`);
      await db.run(sql`DROP TABLE duties`);
    });
    const now = (await failures()).filter((m) => m.startsWith('Case database changed since its seal'));
    expect(now).toEqual([
      expect.stringMatching(/table affected changed: 3 rows when sealed, 2 now$/),
      expect.stringMatching(/table duties \(\d+ rows when sealed\) is gone$/),
    ]);
  });
});

describe('seals remembered by the process that took them (reopening a case)', () => {
  it('a recorded closed-file state answers a reopening without hashing only while it is the file\'s state now', async () => {
    const file = path.join(root, 'recorded.duckdb');
    let db = await CaseDb.open(file);
    await db.run(sql`CREATE TABLE t AS SELECT range AS i FROM range(10)`);
    const version = await duckdbVersion(db);
    db.close();
    // Seals no hash gives: the table "differs" from them unless the recorded file state spares the hashing.
    const entry = (seq: number, action: string, detail: unknown): CustodyEntry => ({ seq, at: '', actor: '', action, detail, prevHash: '', hash: '' });
    const entries = [entry(1, 'case.sealed', { duckdb: version, tables: [{ table: 't', rows: 10, seal: 'recorded' }] }), entry(2, FILE_STATE_ACTION, { sealedAt: 1, state: fileState(file) })];
    db = await CaseDb.open(file, { readOnly: true });
    expect((await sealFindings(db, entries, { remembered: true })).problems).toEqual([]);
    // verify (not `remembered`) always hashes.
    expect((await sealFindings(db, entries)).problems).toEqual(['table t changed: same 10 rows, different contents']);
    // A state recorded for another seal, or a later seal without a recorded state, is not trusted.
    expect((await sealFindings(db, [entries[0]!, entry(2, FILE_STATE_ACTION, { sealedAt: 0, state: fileState(file) })], { remembered: true })).problems).toHaveLength(1);
    expect((await sealFindings(db, [...entries, entry(3, 'case.sealed', entries[0]!.detail)], { remembered: true })).problems).toHaveLength(1);
    db.close();
    db = await CaseDb.open(file);
    await db.run(sql`UPDATE t SET i = i + 100 WHERE i = 3`);
    db.close();
    db = await CaseDb.open(file, { readOnly: true });
    expect((await sealFindings(db, entries, { remembered: true })).problems).toEqual(['table t changed: same 10 rows, different contents']);
    db.close();
  });

  it('are answered from memory only while the database file is unchanged, and hashed again once it changes', async () => {
    const file = path.join(root, 'remembered.duckdb');
    const open = (readOnly: boolean): Promise<CaseDb> => CaseDb.open(file, { readOnly });
    let db = await open(false);
    await db.run(sql`CREATE TABLE t AS SELECT range AS i FROM range(10)`);
    const real = await computeSeals(db);
    db.close();
    // A recorded value no hash gives: returned only because the file is as it was when remembered.
    const marked = [{ table: 't', rows: 10, seal: 'remembered' }];
    rememberSeals(file, marked);
    db = await open(true);
    expect(await computeSealsRemembered(db)).toEqual(marked);
    db.close();
    db = await open(false);
    await db.run(sql`UPDATE t SET i = i + 100 WHERE i = 3`);
    db.close();
    db = await open(true);
    const now = await computeSealsRemembered(db);
    expect(now).toEqual([{ table: 't', rows: 10, seal: expect.not.stringMatching(new RegExp(`^(remembered|${real[0]!.seal})$`)) }]);
    expect(await computeSeals(db)).toEqual(now);
    db.close();
  });
});
