/**
 * Notes, bookmarks and tags an investigator or reviewer puts on anything in a case: the case
 * itself, a source file, an event, an export, a record, a jurisdiction or an integration. A note
 * marked privileged (attorney work product) is left out of shareable outputs unless chosen, and is
 * always shown as privileged. Notes are never edited or deleted: a retraction is a new entry.
 */
import { z } from 'zod';

export const NOTE_TARGET_KINDS = ['case', 'source', 'event', 'export', 'record', 'jurisdiction', 'integration'] as const;
export type NoteTargetKind = (typeof NOTE_TARGET_KINDS)[number];
export const NOTE_KINDS = ['note', 'bookmark'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

export const noteTargetSchema = z
  .object({
    kind: z.enum(NOTE_TARGET_KINDS),
    /** The export id (X-…), event id, record id (15 or 18 characters), jurisdiction code (US-CA), source id, app id or name; empty for the case. */
    id: z.string().trim().max(200).default(''),
  })
  .strict();
export type NoteTarget = z.output<typeof noteTargetSchema>;

const tag = z.string().trim().min(1).max(60).regex(/^[^\s,][^,]*$/, 'a tag is a word or phrase without commas');

export const noteInputSchema = z
  .object({
    kind: z.enum(NOTE_KINDS).default('note'),
    target: noteTargetSchema,
    text: z.string().max(20_000).default(''),
    tags: z.array(tag).max(20).default([]),
    privileged: z.boolean().default(false),
  })
  .strict()
  .refine((n) => n.kind === 'bookmark' || n.text.trim().length > 0, { message: 'a note needs text (a bookmark may have none)', path: ['text'] });
export type NoteInput = z.output<typeof noteInputSchema>;

/** A stored note as every reader sees it. */
export interface Note {
  /** N-<n>, numbered in the order notes were taken in this case. */
  id: string;
  at: string;
  author: string;
  kind: NoteKind;
  target: NoteTarget;
  text: string;
  tags: string[];
  privileged: boolean;
  /** Set when a later entry retracted this one: when, by whom, why. */
  retracted: { at: string; author: string; reason: string } | null;
  /** The custody log entry that recorded it. */
  custodySeq: number;
}

/** Parses `export:X-abc`, `record:003…`, `jurisdiction:US-CA`, `case` as typed on the command line. */
export function parseNoteTarget(text: string): NoteTarget | null {
  const i = text.indexOf(':');
  const kind = (i < 0 ? text : text.slice(0, i)).trim().toLowerCase();
  const id = i < 0 ? '' : text.slice(i + 1).trim();
  const parsed = noteTargetSchema.safeParse({ kind, id });
  if (!parsed.success) return null;
  if (parsed.data.kind !== 'case' && parsed.data.id === '') return null;
  return parsed.data;
}

/** `export:X-abc` — the one way a target is written in outputs and on the terminal. */
export function formatNoteTarget(target: NoteTarget): string {
  return target.kind === 'case' ? 'case' : `${target.kind}:${target.id}`;
}
