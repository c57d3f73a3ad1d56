/**
 * The secrets scan over hand-made Case and Task snapshots: each kind of secret claimed is found where it was written
 * (expected findings written out by hand below), ordinary text that merely mentions passwords, Salesforce ids,
 * UUIDs and hashes gives none, a record the attacker did not export is never reported, an export's exposed fields
 * limit what it is blamed for, 15-character snapshot ids meet 18-character exposures, and no full secret reaches
 * the table.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSecretsJson } from '../../electron/engine/reports/secrets.js';
import { scanExposedSecrets, type SecretsScan } from '../../electron/engine/scoping/secretsScan.js';
import type { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { id15, id18, orgDb } from '../helpers/soqlOrg.js';

const RESOURCES = path.resolve(__dirname, '../../resources');

// Secrets as an engineer would paste them into a support case (made up; the shapes are the providers').
// Masks by hand: the first min(4, length / 4) and last min(2, length / 8) characters (rounded down).
export const PLANTED = {
  aws: 'AKIAQ4NSBIXUXLRS7JTM',
  github: 'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngPurp0s3s12',
  slack: 'xoxb-2048163540123-4096327081234-Zq8LmN3vRt6YpW1sKd9XcF2B',
  snowflake: 'Sn0wP4ss!word',
  password: 'Winter2025!x',
  postgres: 'S3cr3tPg99x',
  privateKey: `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw\n7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFc\n-----END RSA PRIVATE KEY-----`,
} as const;

const C = (n: number): string => id15('500', n);
const T = (n: number): string => id15('00T', n);

let db: CaseDb;
let scan: SecretsScan;
beforeAll(async () => {
  db = await orgDb({
    Case: {
      columns: ['Id', 'Subject', 'Description', 'AccountId', 'CreatedDate'],
      // Ids as exports write them: 15 characters, except case 2 (18 characters); exposures always carry 18.
      rows: [
        [C(1), 'S3 upload failing', `Customer pasted their deploy creds: ${PLANTED.aws} and asked us to fix the bucket policy.`, id15('001', 1), '2025-01-02T00:00:00Z'],
        [id18('500', 2), 'CI broken', `Build uses token ${PLANTED.github} in the workflow; also Slack bot ${PLANTED.slack} posts results.`, null, '2025-01-02T00:00:00Z'],
        [C(3), 'Warehouse login', `Connect with snowflake://svc_etl:${PLANTED.snowflake}@acme-xy12345.snowflakecomputing.com/analytics`, null, '2025-01-02T00:00:00Z'],
        [C(4), 'Portal access', `The password for jdoe@acme.example is ${PLANTED.password} until Friday.`, null, '2025-01-02T00:00:00Z'],
        [C(5), 'Key for SFTP', `Here is the key:\n${PLANTED.privateKey}\nthanks`, null, '2025-01-02T00:00:00Z'],
        // Ordinary text: none of these is a secret.
        [C(6), 'Password reset', 'Please reset my password, I forgot it. The password is required to log in to the portal.', null, '2025-01-02T00:00:00Z'],
        [C(7), 'Linked records', `Record 0015g00000AbCdEAAZ was linked to case 5005g00000XyZ12AAC by the access team.`, null, '2025-01-02T00:00:00Z'],
        [C(8), 'Request failed', 'Request id 123e4567-e89b-12d3-a456-426614174000 failed; attachment SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 verified.', null, '2025-01-02T00:00:00Z'],
        [C(9), 'Promo', 'The AKIAWESOME promo gives access to the token shop; use the token from your authenticator app.', null, '2025-01-02T00:00:00Z'],
        // Not exported by anyone: its key must never be reported.
        [C(10), 'Not taken', `Old key ${PLANTED.aws.replace('Q4N', 'Z7P')} (never exported).`, null, '2025-01-02T00:00:00Z'],
      ],
    },
    Task: {
      columns: ['Id', 'Subject', 'Description', 'WhatId', 'ActivityDate'],
      rows: [
        [T(1), 'Call back', `DB is postgres://app:${PLANTED.postgres}@db.internal.example:5432/prod — rotate after the call.`, C(1), '2025-01-03'],
      ],
    },
  });
  await db.run(sql`CREATE TABLE exposures (export_id VARCHAR NOT NULL, org_id VARCHAR, object VARCHAR NOT NULL, record_id VARCHAR NOT NULL,
    tier VARCHAR NOT NULL, reason VARCHAR NOT NULL, fields VARCHAR[] NOT NULL)`);
  const expose = async (exportId: string, object: string, n: number, prefix: string, fields: string[]): Promise<void> =>
    db.run(sql`INSERT INTO exposures VALUES (${exportId}, '00D000000000001AAA', ${object}, ${id18(prefix, n)}, 'replayed', 'selected by the replayed query',
      from_json(${JSON.stringify(fields)}, '["VARCHAR"]'))`);
  // X-all: logged ids, fields unknown (every text field); X-subj: a query that selected only Subject and Id.
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) await expose('X-all', 'Case', n, '500', []);
  for (const n of [1, 2]) await expose('X-subj', 'Case', n, '500', ['Id', 'Subject']);
  await expose('X-desc', 'Case', 4, '500', ['Id', 'Description']);
  await expose('X-task', 'Task', 1, '00T', []);
  scan = await scanExposedSecrets(db, RESOURCES);
});
afterAll(() => db?.close());

type Finding = { export_id: string; object: string; record_id: string; field: string; rule_id: string; masked: string; secret_length: number; record: number };

describe('secrets in exposed records', () => {
  it('finds each planted kind in the record and field it was written in, masked', async () => {
    const rows = await db.all<Finding>(sql`SELECT export_id, object, record_id, field, rule_id, masked, secret_length, record FROM exposed_secrets ORDER BY ALL`);
    const got = rows.map((r) => `${r.export_id} ${r.object} ${r.record_id.slice(0, 15)} ${r.field} ${r.rule_id} ${r.masked} ${r.secret_length}`).sort();
    const want = [
      `X-all Case ${C(1)} Description aws-access-token AKIA…TM 20`,
      `X-all Case ${C(2)} Description github-pat ghp_…12 40`,
      `X-all Case ${C(2)} Description slack-bot-token xoxb…2B 57`,
      `X-all Case ${C(3)} Description snowflake-connection-url Sn0…d 13`,
      `X-all Case ${C(4)} Description generic-password-in-text Win…x 12`,
      `X-desc Case ${C(4)} Description generic-password-in-text Win…x 12`,
      `X-all Case ${C(5)} Description private-key ----…-- ${PLANTED.privateKey.length}`,
      `X-task Task ${T(1)} Description database-connection-string S3…x 11`,
    ].sort();
    expect(got).toEqual(want);
    // Evidence: the snapshot record each finding came from (Case rows in the order written above).
    expect(rows.find((r) => r.rule_id === 'aws-access-token')?.record).toBe(1);
    expect(rows.find((r) => r.rule_id === 'private-key')?.record).toBe(5);
  });

  it('gives no finding in ordinary text: passwords mentioned, Salesforce ids, a UUID, a SHA-256, AKIA as a word', async () => {
    const falsePositives = await db.all(sql`SELECT * FROM exposed_secrets WHERE record_id IN (${id18('500', 6)}, ${id18('500', 7)}, ${id18('500', 8)}, ${id18('500', 9)})`);
    expect(falsePositives.length).toBe(0);
  });

  it('never reports a record no export exposed, nor a field the export did not hand back', async () => {
    expect((await db.all(sql`SELECT * FROM exposed_secrets WHERE record_id = ${id18('500', 10)}`)).length).toBe(0);
    expect((await db.all(sql`SELECT * FROM exposed_secrets WHERE export_id = 'X-subj'`)).length).toBe(0);
  });

  it('keeps no full secret in the table', async () => {
    const text = JSON.stringify(await db.all(sql`SELECT * FROM exposed_secrets`));
    for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
    for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret.slice(0, 8));
  });

  it('counts what it read and says what it found', () => {
    expect(scan.records).toBe(6);
    expect(scan.scannedRecords).toBe(10);
    // Case: 9 records × Subject and Description; Task: Subject and Description (WhatId is a reference, ActivityDate a date).
    expect(scan.scannedFields).toBe(20);
    expect(scan.summary).toMatch(/^6 exposed record\(s\) contain secrets of 7 kind\(s\): .*aws-access-token \(1\).*; rotate them/);
    expect(scan.cancelled).toBe(false);
  });

  it('writes secrets.json: counts per rule and export, records in order with masked findings, no full secret', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-secrets-out-'));
    await writeSecretsJson(db, dir, { schemaVersion: 1, tool: { name: 'leakscope', version: 'test' }, caseDir: 'case' }, scan);
    const text = readFileSync(path.join(dir, 'secrets.json'), 'utf8');
    for (const secret of Object.values(PLANTED)) expect(text).not.toContain(secret);
    const doc = JSON.parse(text) as { schemaVersion: number; summary: { records: number; kinds: number }; byRule: { ruleId: string; records: number; exports: number }[];
      byExport: { exportId: string; records: number; rules: string[] }[]; records: { object: string; recordId: string; exports: string[]; findings: { field: string; ruleId: string; masked: string; exports: string[] }[] }[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.summary).toMatchObject({ records: 6, kinds: 7 });
    expect(doc.byRule.find((r) => r.ruleId === 'generic-password-in-text')).toMatchObject({ records: 1, exports: 2 });
    expect(doc.byExport.map((x) => [x.exportId, x.records])).toEqual([['X-all', 5], ['X-desc', 1], ['X-task', 1]]);
    expect(doc.records.map((r) => `${r.object} ${r.recordId.slice(0, 15)}`)).toEqual([1, 2, 3, 4, 5].map((n) => `Case ${C(n)}`).concat([`Task ${T(1)}`]));
    expect(doc.records[1]?.findings.map((f) => f.ruleId)).toEqual(['github-pat', 'slack-bot-token']);
    expect(doc.records[3]?.exports).toEqual(['X-all', 'X-desc']);
  });
});

describe('an empty result says why', () => {
  it('no secret among the exposed text fields', async () => {
    const clean = await orgDb({ Case: { columns: ['Id', 'Subject', 'Description'], rows: [[C(1), 'Hello', 'The password is required.'], [C(2), 'Bye', null]] } });
    try {
      await clean.run(sql`CREATE TABLE exposures (export_id VARCHAR, org_id VARCHAR, object VARCHAR, record_id VARCHAR, tier VARCHAR, reason VARCHAR, fields VARCHAR[])`);
      await clean.run(sql`INSERT INTO exposures VALUES ('X-1', NULL, 'Case', ${id18('500', 1)}, 'confirmed', 'logged', []), ('X-1', NULL, 'Case', ${id18('500', 2)}, 'confirmed', 'logged', [])`);
      const r = await scanExposedSecrets(clean, RESOURCES);
      expect(r.records).toBe(0);
      expect(r.summary).toBe('No secrets found in 3 exposed text field(s) of 2 record(s).');
    } finally {
      clean.close();
    }
  });

  it('no snapshot of an exposed object: nothing to read', async () => {
    const none = await orgDb({ Contact: { columns: ['Id', 'Email'], rows: [[id15('003', 1), 'a@example.com']] } });
    try {
      await none.run(sql`CREATE TABLE exposures (export_id VARCHAR, org_id VARCHAR, object VARCHAR, record_id VARCHAR, tier VARCHAR, reason VARCHAR, fields VARCHAR[])`);
      await none.run(sql`INSERT INTO exposures VALUES ('X-1', NULL, 'Case', ${id18('500', 1)}, 'confirmed', 'logged', [])`);
      const r = await scanExposedSecrets(none, RESOURCES);
      expect(r.summary).toMatch(/had nothing to read/);
      expect((await none.all(sql`SELECT * FROM exposed_secrets`)).length).toBe(0);
    } finally {
      none.close();
    }
  });

  it('a cancelled scan says so and leaves no work table behind', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await scanExposedSecrets(db, RESOURCES, { signal: controller.signal });
    expect(r.cancelled).toBe(true);
    expect(r.summary).toMatch(/cancelled/);
    expect((await db.all(sql`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'ls_secret_cells%'`)).length).toBe(0);
  });
});

