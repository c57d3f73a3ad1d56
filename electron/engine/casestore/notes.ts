/**
 * Notes, bookmarks and tags kept in the case store (custody.sqlite) beside the custody chain. Each
 * note is written in the same transaction as the custody entry that records it (`note.added`: its
 * id, target, kind, tags, privileged mark and the SHA-256 of its text — never the text, so the
 * custody log, which reports quote, does not carry privileged words). Notes are append-only: a
 * retraction is a new entry (`note.retracted`) and the note stays, marked retracted.
 */
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { formatNoteTarget, type Note, type NoteInput, type NoteKind, type NoteTargetKind } from '../../../shared/notes.js';
import type { CustodyLog } from './custody.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS notes (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, author TEXT NOT NULL,
    kind TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT NOT NULL, text TEXT NOT NULL,
    tags TEXT NOT NULL, privileged INTEGER NOT NULL, retracts TEXT, custody_seq INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS notes_target ON notes (target_kind, target_id);
  CREATE TRIGGER IF NOT EXISTS notes_no_update BEFORE UPDATE ON notes BEGIN SELECT RAISE(ABORT, 'notes are append-only: retract instead'); END;
  CREATE TRIGGER IF NOT EXISTS notes_no_delete BEFORE DELETE ON notes BEGIN SELECT RAISE(ABORT, 'notes are append-only: retract instead'); END;`;

interface NoteRow {
  n: number; id: string; at: string; author: string; kind: string; target_kind: string; target_id: string;
  text: string; tags: string; privileged: number; retracts: string | null; custody_seq: number;
}

/** SHA-256 of a note's text as the custody entry records it. */
export function noteTextHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Makes sure the notes table exists (a case written before notes simply has none yet). */
export function ensureNotesTable(store: Database.Database): void {
  store.exec(SCHEMA);
}

/** Adds a note (or bookmark) in the same transaction as its custody entry; the target must already be checked. */
export function addNote(log: CustodyLog, input: NoteInput, author: string): Note {
  ensureNotesTable(log.store());
  const n = nextNumber(log.store());
  const id = `N-${n}`;
  const detail = {
    note: id, kind: input.kind, target: formatNoteTarget(input.target), tags: input.tags, privileged: input.privileged, textSha256: noteTextHash(input.text),
  };
  const entry = log.appendWith('note.added', detail, author, (store, e) => {
    store
      .prepare('INSERT INTO notes (n, id, at, author, kind, target_kind, target_id, text, tags, privileged, retracts, custody_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)')
      .run(n, id, e.at, author, input.kind, input.target.kind, input.target.id, input.text, JSON.stringify(input.tags), input.privileged ? 1 : 0, e.seq);
  });
  return { id, at: entry.at, author, kind: input.kind, target: input.target, text: input.text, tags: input.tags, privileged: input.privileged, retracted: null, custodySeq: entry.seq };
}

/** Retracts a note: a new entry saying when, by whom and why; the note itself stays. Null when there is no such note. */
export function retractNote(log: CustodyLog, noteId: string, reason: string, author: string): Note | 'already retracted' | null {
  ensureNotesTable(log.store());
  const target = log.store().prepare("SELECT * FROM notes WHERE id = ? AND kind <> 'retraction'").get(noteId) as NoteRow | undefined;
  if (!target) return null;
  if (log.store().prepare('SELECT 1 FROM notes WHERE retracts = ?').get(noteId)) return 'already retracted';
  const n = nextNumber(log.store());
  const id = `N-${n}`;
  log.appendWith('note.retracted', { note: id, retracts: noteId, reasonSha256: noteTextHash(reason) }, author, (store, e) => {
    store
      .prepare("INSERT INTO notes (n, id, at, author, kind, target_kind, target_id, text, tags, privileged, retracts, custody_seq) VALUES (?, ?, ?, ?, 'retraction', ?, ?, ?, '[]', ?, ?, ?)")
      .run(n, id, e.at, author, target.target_kind, target.target_id, reason, target.privileged, noteId, e.seq);
  });
  return listNotes(log.store(), { includeRetracted: true }).find((x) => x.id === noteId) ?? null;
}

export interface NoteQuery {
  target?: { kind: NoteTargetKind; id: string };
  includePrivileged?: boolean;
  includeRetracted?: boolean;
  tag?: string;
}

/** The notes of a case (a case holds hundreds, not millions), oldest first, with their retractions folded in. */
export function listNotes(store: Database.Database, query: NoteQuery = {}): Note[] {
  ensureNotesTable(store);
  const where: string[] = ["n.kind <> 'retraction'"];
  const values: (string | number)[] = [];
  if (query.target) {
    where.push('n.target_kind = ? AND n.target_id = ?');
    values.push(query.target.kind, query.target.id);
  }
  if (query.includePrivileged === false) where.push('n.privileged = 0');
  if (!query.includeRetracted) where.push('r.id IS NULL');
  const rows = store
    .prepare(
      `SELECT n.*, r.at AS r_at, r.author AS r_author, r.text AS r_text FROM notes n LEFT JOIN notes r ON r.retracts = n.id
       WHERE ${where.join(' AND ')} ORDER BY n.n`,
    )
    .all(...values) as (NoteRow & { r_at: string | null; r_author: string | null; r_text: string | null })[];
  const notes = rows.map((r) => ({
    id: r.id, at: r.at, author: r.author, kind: r.kind as NoteKind,
    target: { kind: r.target_kind as NoteTargetKind, id: r.target_id }, text: r.text, tags: JSON.parse(r.tags) as string[],
    privileged: r.privileged === 1, retracted: r.r_at === null ? null : { at: r.r_at, author: r.r_author ?? '', reason: r.r_text ?? '' }, custodySeq: r.custody_seq,
  }));
  return query.tag === undefined ? notes : notes.filter((x) => x.tags.some((t) => t.toLowerCase() === query.tag!.toLowerCase()));
}

/** Every notes row against the custody entry that recorded it: a note edited, removed or slipped in by hand is named. */
export function checkNotes(store: Database.Database, custody: readonly { seq: number; action: string; detail: unknown }[]): string[] {
  const exists = store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'").get();
  const recorded = custody.filter((e) => e.action === 'note.added' || e.action === 'note.retracted');
  if (!exists) return recorded.length ? [`the custody log records ${recorded.length} note entries but the case store has no notes table (removed)`] : [];
  const rows = store.prepare('SELECT * FROM notes ORDER BY n').all() as NoteRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const e of recorded) {
    const d = e.detail as { note?: string; target?: string; textSha256?: string; reasonSha256?: string; privileged?: boolean; retracts?: string };
    const row = d.note === undefined ? undefined : byId.get(d.note);
    if (!row) {
      problems.push(`note ${d.note ?? '?'} recorded by custody entry ${e.seq} is missing from the case store`);
      continue;
    }
    seen.add(row.id);
    const hash = noteTextHash(row.text);
    const expectedHash = e.action === 'note.added' ? d.textSha256 : d.reasonSha256;
    if (row.custody_seq !== e.seq) problems.push(`note ${row.id} claims custody entry ${row.custody_seq}, but entry ${e.seq} recorded it`);
    if (hash !== expectedHash) problems.push(`note ${row.id}'s text differs from what custody entry ${e.seq} recorded (edited after it was taken)`);
    if (e.action === 'note.added' && (formatNoteTarget({ kind: row.target_kind as NoteTargetKind, id: row.target_id }) !== d.target || (row.privileged === 1) !== d.privileged)) {
      problems.push(`note ${row.id}'s target or privileged mark differs from custody entry ${e.seq}`);
    }
    if (e.action === 'note.retracted' && row.retracts !== d.retracts) problems.push(`retraction ${row.id} points at another note than custody entry ${e.seq} recorded`);
  }
  for (const r of rows) if (!seen.has(r.id)) problems.push(`note ${r.id} is in the case store but no custody entry recorded it (added by hand)`);
  return problems;
}

function nextNumber(store: Database.Database): number {
  const row = store.prepare('SELECT coalesce(max(n), 0) + 1 AS n FROM notes').get() as { n: number };
  return row.n;
}
