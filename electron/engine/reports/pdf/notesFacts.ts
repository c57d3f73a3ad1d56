/**
 * The notes, bookmarks and tags report.pdf lists, read from the case store up to the findings head the report is
 * anchored to (a note taken later is in the next report): privileged notes (attorney work product) only when asked
 * for, and then each marked; retracted notes left out, and counted.
 */
import Database from 'better-sqlite3';
import { formatNoteTarget, type Note } from '../../../../shared/notes.js';
import { listNotes } from '../../casestore/notes.js';

/** At most this many notes are printed (a case holds hundreds); the rest are counted, `leakscope notes` lists them all. */
export const NOTE_ROWS = 300;

export interface ReportNote {
  id: string;
  kind: Note['kind'];
  target: string;
  at: string;
  author: string;
  tags: string[];
  text: string;
  privileged: boolean;
}

export interface NoteFacts {
  /** By target (kind, then id), then in the order they were taken. */
  notes: ReportNote[];
  /** Notes and bookmarks the report covers (printed or not). */
  total: number;
  /** Privileged notes left out (not chosen with --include-privileged). */
  privilegedLeftOut: number;
  /** Privileged notes printed (each marked). */
  privilegedIncluded: number;
  retracted: number;
  /** Every tag with how many notes carry it and on which targets. */
  tags: { tag: string; notes: number; targets: string[] }[];
}

/** Reads the notes up to custody entry `upToSeq`; privileged ones only when `includePrivileged`. */
export function readNoteFacts(custodyPath: string, upToSeq: number, includePrivileged: boolean): NoteFacts {
  const store = new Database(custodyPath, { readonly: true, fileMustExist: true });
  let all: Note[];
  try {
    const hasNotes = store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'notes'").get();
    // A retraction after the head does not count yet: read with retracted ones, fold the retraction in by its entry.
    all = hasNotes ? listNotes(store, { includeRetracted: true }).filter((n) => n.custodySeq <= upToSeq) : [];
    if (hasNotes) {
      const retractedBy = new Map((store.prepare("SELECT retracts, custody_seq AS seq FROM notes WHERE kind = 'retraction'").all() as { retracts: string; seq: number }[]).map((r) => [r.retracts, r.seq]));
      all = all.map((n) => ({ ...n, retracted: (retractedBy.get(n.id) ?? Infinity) <= upToSeq ? n.retracted : null }));
    }
  } finally {
    store.close();
  }
  const live = all.filter((n) => n.retracted === null);
  const shown = live.filter((n) => includePrivileged || !n.privileged);
  const notes = shown.map((n) => ({
    id: n.id, kind: n.kind, target: formatNoteTarget(n.target), at: n.at, author: n.author, tags: n.tags, text: n.text, privileged: n.privileged,
  })).sort((a, b) => compareTargets(a.target, b.target) || noteNumber(a.id) - noteNumber(b.id));
  const tags = new Map<string, { notes: number; targets: Set<string> }>();
  for (const n of notes) {
    for (const t of n.tags) {
      const entry = tags.get(t) ?? { notes: 0, targets: new Set<string>() };
      entry.notes++;
      entry.targets.add(n.target);
      tags.set(t, entry);
    }
  }
  return {
    notes: notes.slice(0, NOTE_ROWS),
    total: notes.length,
    privilegedLeftOut: live.length - shown.length,
    privilegedIncluded: notes.filter((n) => n.privileged).length,
    retracted: all.length - live.length,
    tags: [...tags].map(([tag, e]) => ({ tag, notes: e.notes, targets: [...e.targets].sort(compareTargets) })).sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0)),
  };
}

/** The case first, then targets by kind and id, in code-point order (the same on every machine). */
function compareTargets(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'case') return -1;
  if (b === 'case') return 1;
  return a < b ? -1 : 1;
}

function noteNumber(id: string): number {
  return Number(id.replace(/^N-/, ''));
}
