/** `leakscope note` and `leakscope notes`: annotate a case and list its notes, through the same engine calls as the app. */
import { InvalidArgumentError, type Command } from 'commander';
import path from 'node:path';
import { formatNoteTarget, noteInputSchema, parseNoteTarget, type Note, type NoteTarget } from '../../shared/notes.js';
import { actorLabel } from '../engine/casestore/custody.js';
import { addCaseNote, readCaseNotes, retractCaseNote } from '../engine/caseNotes.js';
import { EXIT, exitFor } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const target = (value: string): NoteTarget => {
  const t = parseNoteTarget(value);
  if (!t) throw new InvalidArgumentError('expected case, export:<id>, event:<id>, record:<id>, jurisdiction:<code>, source:<id> or integration:<id-or-name>');
  return t;
};

/** Adds the note commands to the program. */
export function addNoteCommands(program: Command): void {
  program
    .command('note')
    .description('Put a note (or a bookmark, with tags) on the case or anything in it; recorded in the custody log. `--retract N-3` withdraws one.')
    .argument('<case>', 'case folder')
    .argument('[on]', 'what the note is on: case, export:X-…, event:<id>, record:<15/18-char id>, jurisdiction:US-CA, source:<id>, integration:<id-or-name>', target)
    .argument('[text]', 'the note')
    .option('--tag <tag>', 'a tag; repeatable', collect, [])
    .option('--bookmark', 'a bookmark (text optional)')
    .option('--privileged', 'attorney work product: left out of shareable outputs unless chosen, always marked')
    .option('--retract <note-id>', 'withdraw note N-… (it stays in the case, marked, with --reason)')
    .option('--reason <why>', 'why a note is withdrawn')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--json', 'print the note as JSON')
    .action(async (caseDir: string, on: NoteTarget | undefined, text: string | undefined, opts: { tag: string[]; bookmark?: boolean; privileged?: boolean; retract?: string; reason?: string; investigator?: string; json?: boolean }) => {
      const dir = path.resolve(caseDir);
      const author = actorLabel(opts.investigator);
      if (opts.retract !== undefined) {
        if (!opts.reason) return usage('--retract needs --reason "why"');
        const result = retractCaseNote(dir, opts.retract, opts.reason, author);
        if (!result.ok) return failWith(result.error);
        return print(result.value, opts.json);
      }
      if (!on) return usage('say what the note is on (e.g. export:X-1a2b3c4d5e6f, or case)');
      const input = noteInputSchema.safeParse({ kind: opts.bookmark ? 'bookmark' : 'note', target: on, text: text ?? '', tags: opts.tag, privileged: Boolean(opts.privileged) });
      if (!input.success) return usage(input.error.issues.map((i) => i.message).join('; '));
      const result = await addCaseNote(dir, input.data, author);
      if (!result.ok) return failWith(result.error);
      print(result.value, opts.json);
    });

  program
    .command('notes')
    .description('List the notes and bookmarks of a case, oldest first.')
    .argument('<case>', 'case folder')
    .option('--on <target>', 'only notes on this (export:X-…, record:…, jurisdiction:US-CA, case …)', target)
    .option('--tag <tag>', 'only notes with this tag')
    .option('--shareable', 'leave out privileged notes (for a list that leaves the legal team)')
    .option('--retracted', 'also list withdrawn notes')
    .option('--json', 'print the notes as JSON')
    .action((caseDir: string, opts: { on?: NoteTarget; tag?: string; shareable?: boolean; retracted?: boolean; json?: boolean }) => {
      const notes = readCaseNotes(path.resolve(caseDir), { target: opts.on, tag: opts.tag, includePrivileged: !opts.shareable, includeRetracted: Boolean(opts.retracted) });
      if (notes === null) return failWith({ code: 'NOT_FOUND', message: `No case in ${caseDir}` });
      if (opts.json) {
        process.stdout.write(JSON.stringify({ notes }, null, 2) + '\n');
        return;
      }
      if (notes.length === 0) process.stdout.write(`No notes${opts.on ? ` on ${formatNoteTarget(opts.on)}` : ''}${opts.tag ? ` tagged ${opts.tag}` : ''} in this case${opts.shareable ? ' outside the privileged ones' : ''}.\n`);
      for (const n of notes) process.stdout.write(formatNote(n) + '\n');
    });
}

/** One note as the terminal shows it. */
export function formatNote(n: Note): string {
  const marks = [n.kind === 'bookmark' ? 'bookmark' : null, n.privileged ? 'PRIVILEGED' : null, n.retracted ? `RETRACTED ${n.retracted.at} by ${n.retracted.author}: ${n.retracted.reason}` : null].filter(Boolean);
  const head = `${n.id}  ${n.at}  ${formatNoteTarget(n.target)}  ${n.author}${marks.length ? `  [${marks.join('; ')}]` : ''}${n.tags.length ? `  #${n.tags.join(' #')}` : ''}`;
  return terminalSafe(head) + (n.text ? n.text.split('\n').map((line) => `\n    ${terminalSafe(line)}`).join('') : '');
}

function print(note: Note, json: boolean | undefined): void {
  process.stdout.write((json ? JSON.stringify(note, null, 2) : formatNote(note)) + '\n');
}

function usage(message: string): void {
  process.stderr.write(`leakscope: ${message}\n`);
  process.exitCode = EXIT.usage;
}

function failWith(error: { code: string; message: string }): void {
  process.stderr.write(`leakscope: ${terminalSafe(error.message)}\n`);
  process.exitCode = exitFor(error.code);
}
