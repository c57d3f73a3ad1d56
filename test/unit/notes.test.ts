/**
 * Notes, bookmarks and tags on a real case (investigated from evidence written here): targets are
 * checked against the case's tables, privileged notes stay out of shareable lists and their words
 * out of the custody log, retractions keep the note, and `verify` names a note edited, removed or
 * added by hand. The CLI commands are driven as a user would, through bin/leakscope.js.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { addCaseNote, readCaseNotes, retractCaseNote } from '../../electron/engine/caseNotes.js';
import { CUSTODY_DB } from '../../electron/engine/caseLayout.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { verifyCase } from '../../electron/engine/verify.js';
import { noteInputSchema, type NoteInput } from '../../shared/notes.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'bin', 'leakscope.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-notes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two Contacts the attacker's query returned (18-character ids; the 15-character form of the first is used below).
const ANNA = '0035j000001eXoqAAE';
const BEN = '0035j000001eXorAAE';
const APP = '0H45j00000AppX0CAJ';
const SECRET_WORDS = 'counsel thinks the vendor knew on 24 July';

const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
let caseDir: string;
let exportId: string;

const input = (v: unknown): NoteInput => noteInputSchema.parse(v);

beforeAll(async () => {
  const evidence = path.join(root, 'evidence');
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  mkdirSync(path.join(evidence, 'snapshots'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '2', JSON.stringify([ANNA, BEN]), APP, 'R1'],
  ]));
  writeFileSync(path.join(evidence, 'snapshots', 'Contact.csv'), csv([
    ['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingCountry'],
    [ANNA, 'Anna', 'Becker', 'anna@example.de', 'Berlin', '', 'Deutschland'],
    [BEN, 'Ben', 'Cole', 'ben@example.com', 'Austin', 'TX', 'USA'],
  ]));
  const out = path.join(root, 'out');
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  caseDir = r.value.caseDir;
  const exportsJson = JSON.parse(readFileSync(path.join(out, 'exports.json'), 'utf8')) as { exports: { id: string }[] };
  expect(exportsJson.exports).toHaveLength(1);
  exportId = exportsJson.exports[0]!.id;
}, 120_000);

describe('notes on a case', () => {
  it('puts notes on an export, a record (15 characters taken, 18 kept), a jurisdiction, an integration and the case', async () => {
    const onExport = await addCaseNote(caseDir, input({ target: { kind: 'export', id: exportId }, text: 'The attacker\'s Contact pull', tags: ['incident', 'contact'] }), 'Ines Investigator');
    expect(onExport.ok && onExport.value).toMatchObject({ id: 'N-1', kind: 'note', target: { kind: 'export', id: exportId }, privileged: false, author: 'Ines Investigator' });
    const onRecord = await addCaseNote(caseDir, input({ target: { kind: 'record', id: ANNA.slice(0, 15) }, text: 'Called her on 28 July' }), 'Ines Investigator');
    expect(onRecord.ok && onRecord.value.target).toEqual({ kind: 'record', id: ANNA });
    const onJurisdiction = await addCaseNote(caseDir, input({ target: { kind: 'jurisdiction', id: 'us-tx' }, text: 'Texas AG portal account requested' }), 'Ines Investigator');
    expect(onJurisdiction.ok && onJurisdiction.value.target).toEqual({ kind: 'jurisdiction', id: 'US-TX' });
    const onApp = await addCaseNote(caseDir, input({ kind: 'bookmark', target: { kind: 'integration', id: APP.slice(0, 15) }, tags: ['vendor'] }), 'Ines Investigator');
    expect(onApp.ok && onApp.value.target).toEqual({ kind: 'integration', id: APP });
    const privileged = await addCaseNote(caseDir, input({ target: { kind: 'case', id: '' }, text: SECRET_WORDS, privileged: true }), 'Carla Counsel');
    expect(privileged.ok && privileged.value).toMatchObject({ id: 'N-5', privileged: true });
  });

  it('refuses a note on something the case does not hold, saying what was wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: 'export', id: 'X-000000000000' }, /No export X-000000000000/],
      [{ kind: 'record', id: 'not-an-id' }, /not a Salesforce record id/],
      [{ kind: 'record', id: '0035j000001eXosAAE' }, /was not exposed/],
      [{ kind: 'jurisdiction', id: 'FR' }, /No affected person or duty in jurisdiction FR/],
      [{ kind: 'event', id: '12x' }, /event id is a number/],
      [{ kind: 'integration', id: 'Nobody App' }, /No integration/],
    ];
    for (const [target, message] of cases) {
      const r = await addCaseNote(caseDir, input({ target, text: 'x' }), 'Ines');
      expect(r.ok, JSON.stringify(target)).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
    }
    expect(() => input({ target: { kind: 'case', id: '' }, text: '   ' })).toThrow(/needs text/);
  });

  it('lists by target and tag, and leaves privileged notes out of a shareable list', () => {
    expect(readCaseNotes(caseDir)!.map((n) => n.id)).toEqual(['N-1', 'N-2', 'N-3', 'N-4', 'N-5']);
    expect(readCaseNotes(caseDir, { target: { kind: 'export', id: exportId } })!.map((n) => n.id)).toEqual(['N-1']);
    expect(readCaseNotes(caseDir, { tag: 'VENDOR' })!.map((n) => n.id)).toEqual(['N-4']);
    expect(readCaseNotes(caseDir, { includePrivileged: false })!.map((n) => n.id)).toEqual(['N-1', 'N-2', 'N-3', 'N-4']);
  });

  it('records each note in the custody log by its hash, never its words', () => {
    const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
    try {
      const entries = log.entries().filter((e) => e.action === 'note.added');
      expect(entries.map((e) => (e.detail as { note: string }).note)).toEqual(['N-1', 'N-2', 'N-3', 'N-4', 'N-5']);
      expect(JSON.stringify(log.entries())).not.toContain('vendor knew');
      expect(entries[4]!.actor).toBe('Carla Counsel');
    } finally {
      log.close();
    }
  });

  it('retracts a note without removing it, once', () => {
    const r = retractCaseNote(caseDir, 'N-3', 'Wrong state: Ben moved to Oklahoma', 'Ines');
    expect(r.ok && r.value.retracted).toMatchObject({ author: 'Ines', reason: 'Wrong state: Ben moved to Oklahoma' });
    expect(readCaseNotes(caseDir)!.map((n) => n.id)).toEqual(['N-1', 'N-2', 'N-4', 'N-5']);
    expect(readCaseNotes(caseDir, { includeRetracted: true })!.find((n) => n.id === 'N-3')!.retracted).not.toBeNull();
    const again = retractCaseNote(caseDir, 'N-3', 'again', 'Ines');
    expect(!again.ok && again.error.message).toMatch(/already retracted/);
    const missing = retractCaseNote(caseDir, 'N-99', 'x', 'Ines');
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('the CLI adds and lists notes as the engine does, marking privileged ones', async () => {
    const run = promisify(execFile);
    const added = await run(process.execPath, [CLI, 'note', caseDir, `export:${exportId}`, 'Second look: 2 rows', '--tag', 'review', '--investigator', 'Ines', '--json']);
    const note = JSON.parse(added.stdout) as { id: string; author: string };
    expect(note.id).toBe('N-7');
    expect(note.author).toMatch(/^Ines \(OS user /);
    const listed = await run(process.execPath, [CLI, 'notes', caseDir]);
    expect(listed.stdout).toContain('[PRIVILEGED]');
    expect(listed.stdout).toContain(SECRET_WORDS);
    const shareable = await run(process.execPath, [CLI, 'notes', caseDir, '--shareable']);
    expect(shareable.stdout).not.toContain(SECRET_WORDS);
    expect(shareable.stdout).toContain('Second look: 2 rows');
    const refused = await run(process.execPath, [CLI, 'note', caseDir, 'export:X-000000000000', 'nothing']).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(refused?.code).toBe(2); // BAD_INPUT: the documented usage exit code
    expect(refused?.stderr).toMatch(/No export X-000000000000/);
  }, 60_000);

  it('verify finds the notes as recorded, then names a note edited, removed or slipped in by hand', async () => {
    const clean = await verifyCase(caseDir);
    expect(clean.filter((f) => !f.ok)).toEqual([]);
    expect(clean.map((f) => f.message)).toContain('7 note entries match what the custody log recorded');
    const db = new Database(path.join(caseDir, CUSTODY_DB));
    try {
      db.exec('DROP TRIGGER notes_no_update; DROP TRIGGER notes_no_delete;');
      db.prepare("UPDATE notes SET text = 'Nothing to see' WHERE id = 'N-1'").run();
      db.prepare("DELETE FROM notes WHERE id = 'N-2'").run();
      db.prepare("INSERT INTO notes (n, id, at, author, kind, target_kind, target_id, text, tags, privileged, retracts, custody_seq) VALUES (100, 'N-100', '2025-08-01T00:00:00Z', 'x', 'note', 'case', '', 'forged', '[]', 0, NULL, 1)").run();
    } finally {
      db.close();
    }
    const failed = (await verifyCase(caseDir)).filter((f) => !f.ok).map((f) => f.message);
    expect(failed).toEqual([
      expect.stringMatching(/note N-1's text differs/),
      expect.stringMatching(/note N-2 recorded by custody entry \d+ is missing/),
      expect.stringMatching(/note N-100 is in the case store but no custody entry recorded it/),
    ]);
  });
});
