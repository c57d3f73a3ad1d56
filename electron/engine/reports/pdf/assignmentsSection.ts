/** report.pdf's list of the jurisdictions investigators assigned by hand, each with who, when, why and its custody entry. */
import { ASSIGNMENT_ROWS } from './assignmentFacts.js';
import type { ReportFacts } from './facts.js';
import type { ReportLayout } from './layout.js';
import { clip, count, utc } from './text.js';

/** The end of section 5: every hand-made jurisdiction assignment in force at the custody head, or that none was made. */
export function assignmentsSection(out: ReportLayout, f: ReportFacts): void {
  const a = f.assignments;
  out.subheading('Jurisdictions assigned by hand');
  const takenBack = a.takenBack
    ? ` ${count(a.takenBack)} record${a.takenBack === 1 ? ' was' : 's were'} assigned by hand and given back the jurisdiction the address gave (custody \`jurisdiction.unassigned\`); not listed.`
    : '';
  if (!a.total) {
    out.para(`None: no jurisdiction was assigned by hand up to the custody head of this report; every record is placed where its address put it.${takenBack}`);
    return;
  }
  out.para(`${count(a.total)} record${a.total === 1 ? ' was' : 's were'} given a jurisdiction by an investigator instead of the one the address gave (ZZ: unresolved); the counts above and the duties below include them. Each decision is the custody entry named (\`jurisdiction.assigned\`).${takenBack}`);
  out.table([
    { title: 'Record', width: 0.22, mono: true }, { title: 'Assigned', width: 0.16 }, { title: 'Address gave', width: 0.08 }, { title: 'By, when', width: 0.18 },
    { title: 'Reason', width: 0.28 }, { title: 'Custody', width: 0.08, align: 'right' },
  ], a.assignments.map((x) => [
    `${x.object} ${x.recordId}${x.orgId ? `\norg ${x.orgId}` : ''}`,
    `${x.jurisdiction}\n${f.jurisdictionName(x.jurisdiction)}`,
    x.previous ?? '—',
    `${clip(x.by, 60)}\n${utc(x.at)}`,
    // The reason is free text that may name the person or their address: the redacted variant leaves it out.
    f.redacted ? '[redacted: see the full report]' : clip(x.reason, 400),
    `#${x.custodySeq}`,
  ]), { size: 6.5 });
  if (a.total > ASSIGNMENT_ROWS) out.para(`… and ${count(a.total - ASSIGNMENT_ROWS)} more, see \`leakscope jurisdiction <case>\`.`, { bold: true });
}
