/** report.pdf's section on the investigators' notes, bookmarks and tags, by target; privileged ones marked (and only when chosen). */
import type { ReportFacts } from './facts.js';
import type { ReportLayout } from './layout.js';
import { NOTE_ROWS } from './notesFacts.js';
import { clip, count, utc } from './text.js';

/** The word every privileged note carries in the report, wherever it is printed. */
export const PRIVILEGED_NOTE = 'PRIVILEGED';

/** 9. Notes, bookmarks and tags: every live note up to the findings head, grouped by what it is on. */
export function notesSection(out: ReportLayout, f: ReportFacts): void {
  const n = f.notes;
  out.heading('9. Notes, bookmarks and tags');
  const withheld = n.privilegedLeftOut
    ? ` ${count(n.privilegedLeftOut)} privileged note${n.privilegedLeftOut === 1 ? ' is' : 's are'} left out of this report (attorney work product; \`leakscope report --include-privileged\` writes them in, marked).`
    : '';
  const marked = n.privilegedIncluded ? ` ${count(n.privilegedIncluded)} privileged note${n.privilegedIncluded === 1 ? ' is' : 's are'} included, each marked ${PRIVILEGED_NOTE}.` : '';
  const retracted = n.retracted ? ` ${count(n.retracted)} retracted note${n.retracted === 1 ? ' is' : 's are'} not listed (\`leakscope notes --retracted\`).` : '';
  if (!n.total) {
    out.para(`No note or bookmark is on the case up to the custody head of this report.${withheld}${retracted}`);
    return;
  }
  out.para(`${count(n.total)} notes and bookmarks taken by the investigators, by what they are on (the case, an export, an event, a record, a jurisdiction, a source or an integration); each is recorded in the custody log by its SHA-256.${marked}${withheld}${retracted}`);
  out.table([{ title: 'On', width: 0.18, mono: true }, { title: 'Note', width: 0.13 }, { title: 'Text', width: 0.39 }, { title: 'Tags', width: 0.14 }, { title: 'By, when', width: 0.16 }],
    n.notes.map((x) => [
      x.target,
      `${x.id}${x.kind === 'bookmark' ? ' bookmark' : ''}${x.privileged ? ` ${PRIVILEGED_NOTE}` : ''}`,
      // Notes are free text that may name people: the redacted variant keeps what they are on and their tags only.
      f.redacted ? (x.text ? '[redacted: see the full report]' : '(bookmark)') : `${x.privileged ? `[${PRIVILEGED_NOTE}] ` : ''}${clip(x.text || '(bookmark)', 600)}`,
      x.tags.join(', ') || '—',
      `${clip(x.author, 60)}, ${utc(x.at)}`,
    ]));
  if (n.total > NOTE_ROWS) out.para(`… and ${count(n.total - NOTE_ROWS)} more, see \`leakscope notes <case>\`.`, { bold: true });
  if (n.tags.length) {
    out.subheading('Tags');
    out.table([{ title: 'Tag', width: 0.25 }, { title: 'Notes', width: 0.1, align: 'right' }, { title: 'On', width: 0.65, mono: true }],
      n.tags.map((t) => [t.tag, count(t.notes), clip(t.targets.join(', '), 400)]));
  }
}
