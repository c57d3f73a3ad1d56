/**
 * Notes on a case as the app and the CLI take them: the target checked against the case's tables,
 * the note and its custody entry written together, privileged notes marked (and left out when a
 * shareable list is asked for).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Note, NoteInput } from '../../shared/notes.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { CustodyLog } from './casestore/custody.js';
import { addNote, listNotes, retractNote, type NoteQuery } from './casestore/notes.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { checkNoteTarget } from './queries/noteTargets.js';
import { withCaseDb } from './queries/openCase.js';

/** Adds a note to a case after checking that its target exists there. */
export async function addCaseNote(caseDir: string, input: NoteInput, author: string): Promise<Result<Note>> {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir} (no ${CUSTODY_DB})`);
  let target = input.target;
  if (target.kind !== 'case') {
    const checked = await withCaseDb(path.join(caseDir, CASE_DB), (db) => checkNoteTarget(db, target));
    if (checked === null) return fail('NOT_FOUND', `No evidence database in ${caseDir}: import or investigate first`);
    if (!checked.ok) return fail('BAD_INPUT', checked.message);
    target = checked.target;
  }
  const log = CustodyLog.open(custodyPath);
  try {
    return ok(addNote(log, { ...input, target }, author));
  } finally {
    log.close();
  }
}

/** Retracts a note (the note stays, marked, with the reason). */
export function retractCaseNote(caseDir: string, noteId: string, reason: string, author: string): Result<Note> {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir} (no ${CUSTODY_DB})`);
  const log = CustodyLog.open(custodyPath);
  try {
    const note = retractNote(log, noteId, reason, author);
    if (note === null) return fail('NOT_FOUND', `No note ${noteId} in ${caseDir}`);
    if (note === 'already retracted') return fail('BAD_INPUT', `Note ${noteId} is already retracted`);
    return ok(note);
  } finally {
    log.close();
  }
}

/** The notes of a case, oldest first; null when there is no case. */
export function readCaseNotes(caseDir: string, query: NoteQuery = {}): Note[] | null {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return null;
  const log = CustodyLog.open(custodyPath, { key: null });
  try {
    return listNotes(log.store(), query);
  } finally {
    log.close();
  }
}
