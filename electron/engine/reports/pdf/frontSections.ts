/**
 * The first half of report.pdf: title page, executive summary, incident timeline and the suspicious exports with
 * their evidence references. Every figure comes from the facts read from the case tables; wording only here.
 */
import path from 'node:path';
import type { IncidentReport } from '../incident.js';
import { timelineChart } from './chart.js';
import type { ReportFacts } from './facts.js';
import { EXPORT_ROWS } from './incidentFacts.js';
import type { ReportLayout } from './layout.js';
import { clip, count, hours, shaPrefix, utc } from './text.js';

/** `<seq>:<hash>` broken in the middle of the hash on purpose (it does not fit one line), rather than wherever it overflows. */
export function headInTwo(head: { seq: number; hash: string }): string {
  return `${head.seq}:${head.hash.slice(0, 32)}\n${head.hash.slice(32)}`;
}

/** The title page: case, orgs, awareness time, the custody head it was generated from, the marking. */
export function titlePage(out: ReportLayout, f: ReportFacts): void {
  out.doc.moveDown(4);
  out.para(f.marking, { bold: true, size: 11 });
  out.doc.moveDown(1);
  out.para('Salesforce data-leak investigation', { bold: true, size: 22 });
  out.para(`Case ${clip(f.caseName, 120)}`, { size: 14 });
  if (f.redacted) out.para('REDACTED for wider circulation: the affected people\'s names, emails and street addresses are masked ([redacted]); record ids, jurisdictions and every figure are kept; notes are listed without their words.', { bold: true });
  out.doc.moveDown(1.5);
  const orgs = f.incident.orgs.map((o) => `${o.name ?? '(name not in the evidence)'} (${o.orgId ?? 'org id not logged'})`);
  if (f.incident.orgCount > f.incident.orgs.length) orgs.push(`… and ${count(f.incident.orgCount - f.incident.orgs.length)} more orgs`);
  out.facts([
    ['Case id', f.custody.caseId],
    ['Orgs', orgs.length ? orgs.join('\n') : 'No export in the evidence names an org.'],
    ['Awareness time', f.scope.context?.awareAt ? `${utc(f.scope.context.awareAt)} (${f.scope.context.awareAtSource === 'aware-at' ? 'given with --aware-at' : 'not given: the start of the run was used'})` : 'not recorded (no duties computed)'],
    ['Generated from', f.custody.head ? `custody chain head ${headInTwo(f.custody.head)}` : 'an empty custody log'],
    ['Signed by', f.custody.signer ? `investigator key ${f.custody.signer}` : 'no signature on the head entry'],
    ['Case as of', utc(f.custody.head?.at)],
    ['Tool', `${f.tool.name} ${f.tool.version}`],
  ]);
  out.doc.moveDown(2);
  out.para('Every figure in this report is counted from the case database and traces to source lines whose files are listed, with their SHA-256, in Appendix A. Section 8 says how to check that nothing has changed since.', { grey: true });
}

/** What was taken, through which integration, when, from where, how many people where, and the duties due. */
export function executiveSummary(out: ReportLayout, f: ReportFacts): void {
  const i = f.incident;
  out.heading('1. Executive summary');
  if (i.flagged === 0) {
    out.para(`No export is flagged suspicious among the ${count(i.exportsTotal)} exports reconstructed from the evidence. This is a finding about the evidence present; Section 7 says what evidence was missing.`, { bold: true });
  } else {
    const objects = i.objects.map((o) => `${o.object ?? '(object not logged)'} ${count(o.rows)} rows`).join('; ');
    out.para(`What was taken: ${count(i.flagged)} suspicious exports (of ${count(i.exportsTotal)} reconstructed) returned ${count(i.flaggedRows)} rows: ${objects}.`);
    const apps = i.integrations.map((a) => `${a.appName ?? a.appId ?? 'no connected app'} (user ${a.user ?? 'unknown'}; ${count(a.exports)} exports)`).join('; ');
    out.para(`Through: ${apps}.`);
    out.para(`When: from ${utc(f.timeline.firstSuspiciousEvent?.at)} to ${utc(f.timeline.lastSuspiciousEvent?.at)}${f.timeline.exposureWindow ? ` (${hours(f.timeline.exposureWindow.hours)})` : ''}.`);
    const origins = i.origins.map((o) => `${o.ip ?? 'IP not logged'} (${o.country ?? 'country unknown'}, ${o.owner ?? 'network unknown'})`).join('; ');
    out.para(`From where: ${origins}${i.originCount > i.origins.length ? `; … and ${count(i.originCount - i.origins.length)} more addresses` : ''}.`);
  }
  const s = f.scope;
  const top = s.jurisdictions.slice(0, 12).map((j) => `${f.jurisdictionName(j.code)} ${count(j.people)}`).join(', ');
  const more = s.jurisdictions.length > 12 ? `, and ${count(s.jurisdictions.length - 12)} more jurisdictions` : '';
  out.para(s.people === 0
    ? 'People affected: none found exposed in the evidence (Section 5).'
    : `People affected: ${count(s.people)} in ${count(s.jurisdictions.length)} jurisdictions — ${top}${more}. Other records exposed: ${count(s.otherRecords)}.`);
  if (f.evidence.secrets !== null) {
    out.para(f.evidence.secrets === 0 ? 'Secrets: the scan of the exposed records found none.' : `Secrets: ${count(f.evidence.secrets)} found in the exposed records — rotate them (listed, masked, in secrets.json).`, { bold: f.evidence.secrets > 0 });
  }
  const due = s.duties.filter((d) => d.required !== 'no');
  const yes = due.filter((d) => d.required === 'yes').length;
  const dated = due.filter((d) => d.due !== null);
  const earliest = dated.slice(0, 6).map((d) => `${d.jurisdiction} ${d.recipient} by ${utc(d.due)}`).join('; ');
  out.para(s.dutyCount === 0
    ? 'Notification duties: none computed for this case.'
    : `Notification duties: ${count(yes)} required and ${count(due.length - yes)} to assess, of ${count(s.dutyCount)} evaluated. ${dated.length ? `Earliest due: ${earliest}.` : 'None has a fixed due date.'} (Section 6)`, { bold: true });
}

/** The incident as a timeline: first and last suspicious event, containment, time to containment. */
export function timeline(out: ReportLayout, f: ReportFacts): void {
  const t: IncidentReport = f.timeline;
  out.heading('2. Timeline of the incident');
  const ref = (e: IncidentReport['firstSuspiciousEvent']): string =>
    e ? `${utc(e.at)} — ${e.eventType} of ${e.exportId} (${e.file ? path.basename(e.file) : `source ${e.sourceId}`} record ${e.record}, SHA-256 ${shaPrefix(e.sha256)})` : '—';
  out.facts([
    ['First suspicious event', ref(t.firstSuspiciousEvent)],
    ['Last suspicious event', ref(t.lastSuspiciousEvent)],
    ['Exposure window', t.exposureWindow ? `${utc(t.exposureWindow.from)} to ${utc(t.exposureWindow.to)} (${hours(t.exposureWindow.hours)})` : '—'],
    ['Containment', t.timeToContainment ? `${t.timeToContainment.action.kind} at ${utc(t.timeToContainment.action.at)}` : 'no action that cut the flagged integrations\' access is in the evidence'],
    ['Time to containment', t.timeToContainment ? hours(t.timeToContainment.hours) : '—'],
  ]);
  timelineChart(out, f);
  if (t.containment.length) {
    out.subheading('Containment and related actions in the evidence');
    const rows = t.containment.slice(0, 40).map((a) => [utc(a.at), a.kind, a.appName ?? a.appId ?? a.userId ?? '—', clip(a.detail ?? '', 200), a.evidence.sourceId === null ? '—' : `${a.evidence.file ? clip(path.basename(a.evidence.file), 60) : `source ${a.evidence.sourceId}`}\nrecord ${a.evidence.record}\nsha ${shaPrefix(a.evidence.sha256)}`]);
    out.table([{ title: 'Time', width: 0.14 }, { title: 'Action', width: 0.18 }, { title: 'Integration / user', width: 0.17 }, { title: 'Detail', width: 0.31 }, { title: 'Evidence', width: 0.2 }], rows);
    if (t.containment.length > 40) out.para(`… and ${count(t.containment.length - 40)} more actions, see incident.json.`, { grey: true });
  }
  for (const note of t.notes) out.para(note, { grey: true });
}

/** The suspicious exports, each with its evidence reference (source file, line, SHA-256 prefix). */
export function suspiciousExports(out: ReportLayout, f: ReportFacts): void {
  const i = f.incident;
  out.heading('3. Suspicious exports');
  if (i.flagged === 0) {
    out.para('No export is flagged suspicious, so this table is empty.');
    return;
  }
  out.para(`${count(i.flagged)} exports are flagged (rows of a COUNT() query are the count it returned, not records taken; flag codes are explained in docs/OUTPUTS.md, Flags; each flag's sentence and events are in exports.json). Evidence: the source file, the line of the export's first event and the first 12 characters of the file's SHA-256 (full hashes in Appendix A).`);
  const rows = i.exports.map((x) => [
    `${x.exportId}\n${utc(x.start)}`, clip(x.appName ?? x.appId ?? 'no connected app', 60), clip(x.username ?? '—', 60),
    `${x.ip ?? '—'}\n${x.country ?? '??'} · ${clip(x.owner ?? 'unknown network', 40)}`, x.object ?? '—', x.countOnly ? `${count(x.rows)}\nCOUNT()` : count(x.rows), x.flags.split(', ').join('\n'),
    x.file === null ? '—' : `${clip(x.file, 60)}\n${x.lineIsRecord ? 'line' : 'record'} ${x.lineIsRecord ? (x.record ?? 0) + 1 : x.record}\nsha ${shaPrefix(x.sha256)}`,
  ]);
  out.table([
    { title: 'Export, time (UTC)', width: 0.14 }, { title: 'Integration', width: 0.1 }, { title: 'User', width: 0.12 },
    { title: 'IP, country, network', width: 0.13 }, { title: 'Object', width: 0.08 }, { title: 'Rows', width: 0.07, align: 'right' }, { title: 'Flags', width: 0.17 },
    { title: 'Evidence', width: 0.19 },
  ], rows, { size: 6.5 });
  if (i.flagged > EXPORT_ROWS) out.para(`… and ${count(i.flagged - EXPORT_ROWS)} more suspicious exports, see exports.json${f.outputHash('exports.json')}.`, { bold: true });
}
