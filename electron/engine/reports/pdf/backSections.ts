/**
 * The second half of report.pdf: integrations and origins, scope (people by tier, jurisdiction, data category),
 * notification duties, methodology and limitations, verification, and the bounded appendices (sources, people).
 */
import type { ReportFacts } from './facts.js';
import { headInTwo } from './frontSections.js';
import { SOURCE_ROWS } from './evidenceFacts.js';
import type { ReportLayout } from './layout.js';
import { DUTY_ROWS, PEOPLE_ROWS } from './scopeFacts.js';
import { clip, count, utc } from './text.js';
import { REDACTED } from '../affectedFiles.js';

const TIER_WORDS: Record<string, string> = {
  confirmed: 'the logs name the record id (RTEM Records, Bulk results) or a canary record proves it',
  replayed: 'the logged query, re-run over the snapshot as of its time, selects the record',
  possible: 'the record may have been returned (e.g. a LIMIT without ORDER BY, or a count that only bounds it)',
};

/** A recipient code in words ("consumer_reporting_agencies" → "consumer reporting agencies"), so it wraps between words. */
const words = (code: string): string => code.replaceAll('_', ' ');

/** The integrations the flagged exports came through and the networks they came from. */
export function integrationsAndOrigins(out: ReportLayout, f: ReportFacts): void {
  out.heading('4. Integrations and origins');
  const i = f.incident;
  if (!i.integrations.length) {
    out.para('No flagged export, so no integration is implicated.');
    return;
  }
  out.table([{ title: 'Integration', width: 0.3 }, { title: 'App id', width: 0.2, mono: true }, { title: 'Users', width: 0.3 }, { title: 'Exports', width: 0.1, align: 'right' }, { title: 'Rows', width: 0.1, align: 'right' }],
    i.integrations.map((a) => [a.appName ?? '(no connected app)', a.appId ?? '—', clip(a.user ?? '—', 300), count(a.exports), count(a.rows)]));
  out.table([{ title: 'Source IP', width: 0.22, mono: true }, { title: 'Country', width: 0.1 }, { title: 'Network owner', width: 0.33 }, { title: 'Block', width: 0.23, mono: true }, { title: 'Exports', width: 0.12, align: 'right' }],
    i.origins.map((o) => [o.ip ?? '—', o.country ?? '—', o.owner ?? '—', o.network ?? '—', count(o.exports)]));
  if (i.originCount > i.origins.length) out.para(`… and ${count(i.originCount - i.origins.length)} more addresses, see exports.json${f.outputHash('exports.json')}.`, { grey: true });
}

/** Affected people by confidence tier, by jurisdiction (with the CSV that lists them) and by data category. */
export function scope(out: ReportLayout, f: ReportFacts): void {
  const s = f.scope;
  out.heading('5. Scope: who is affected');
  out.para(`${count(s.people)} people (Contacts, Leads, person Accounts, Users) and ${count(s.otherRecords)} other records are exposed by the exports in scope.`);
  out.subheading('By confidence tier');
  out.table([{ title: 'Tier', width: 0.14 }, { title: 'People', width: 0.1, align: 'right' }, { title: 'Other records', width: 0.12, align: 'right' }, { title: 'What the tier means', width: 0.64 }],
    s.tiers.map((t) => [t.confidence, count(t.people), count(t.otherRecords), TIER_WORDS[t.confidence] ?? '']));
  out.subheading('By jurisdiction');
  if (!s.jurisdictions.length) out.para('No affected person, so no jurisdiction.');
  else {
    out.table([{ title: 'Code', width: 0.09 }, { title: 'Jurisdiction', width: 0.3 }, { title: 'People', width: 0.1, align: 'right' }, { title: 'Confirmed or replayed', width: 0.14, align: 'right' }, { title: 'List (SHA-256)', width: 0.37, mono: true }],
      s.jurisdictions.map((j) => [j.code, f.jurisdictionName(j.code), count(j.people), count(j.sure), f.listFile(j.code)]));
  }
  out.subheading('By data category');
  out.table([{ title: 'Data category', width: 0.4 }, { title: 'People whose exposed fields hold it', width: 0.3, align: 'right' }],
    s.categories.length ? s.categories.map((c) => [c.category, count(c.people)]) : [['(no categorised field exposed)', '0']]);
  if (s.otherByObject.length) {
    out.subheading('Other records by object');
    out.table([{ title: 'Object', width: 0.4 }, { title: 'Records', width: 0.2, align: 'right' }], s.otherByObject.map((o) => [o.object, count(o.records)]));
  }
}

/** Every notification duty: recipient, required or not and why, due date, citation. */
export function duties(out: ReportLayout, f: ReportFacts): void {
  const s = f.scope;
  out.heading('6. Notification duties');
  const ctx = s.context;
  out.para(ctx ? `Deadlines run from the awareness time ${utc(ctx.awareAt)} (${ctx.awareAtSource ?? 'source not recorded'}); organisation profile: ${ctx.profileSource ? 'given' : 'none given (no organisation-level regime assumed)'}. Not legal advice: rules marked unverified must be checked before they are relied on.` : 'No duties were computed for this case.');
  const open = s.duties.filter((d) => d.required !== 'no');
  const closed = s.duties.filter((d) => d.required === 'no');
  if (open.length) {
    out.subheading(`Required or to assess (${count(open.length)})`);
    out.table([{ title: 'Jurisdiction', width: 0.1 }, { title: 'Recipient', width: 0.15 }, { title: 'Required', width: 0.08 }, { title: 'Why', width: 0.34 }, { title: 'Due', width: 0.12 }, { title: 'Citation', width: 0.21 }],
      open.map((d) => [d.jurisdiction, `${words(d.recipient)}${d.step ? ` (${d.step})` : ''}${d.authority ? `\n${d.authority}` : ''}`, d.required, d.why ?? '', d.due ? utc(d.due) : (d.dueReason ?? 'no fixed period'), `${d.law ?? ''}\n${d.citation ?? ''}\n${d.verification ?? ''}`]), { size: 6.5 });
  }
  if (closed.length) {
    out.subheading(`Not required (${count(closed.length)})`);
    out.table([{ title: 'Jurisdiction', width: 0.1 }, { title: 'Recipient', width: 0.18 }, { title: 'Why not', width: 0.5 }, { title: 'Citation', width: 0.22 }],
      closed.map((d) => [d.jurisdiction, words(d.recipient), d.why ?? '', d.citation ?? '']), { size: 6.5 });
  }
  if (s.dutyCount > DUTY_ROWS) out.para(`… and ${count(s.dutyCount - DUTY_ROWS)} more duties, see duties.json${f.outputHash('duties.json')}.`, { bold: true });
}

/** What evidence was present and missing: coverage gaps, quarantined lines, unassigned snapshots, counts. */
export function methodology(out: ReportLayout, f: ReportFacts): void {
  const e = f.evidence;
  out.heading('7. Methodology and limitations');
  out.para('Method: every source file was SHA-256 hashed into a signed custody chain and loaded into DuckDB; events were normalised, tied to connected apps (by app id, request id or session), merged into logical exports and flagged by the SQL rule pack; the logged queries were re-run over the record snapshots as of their time to find the records exposed; each person was placed in a jurisdiction from their address and each law\'s notice evaluated.');
  out.subheading('Evidence present');
  out.table([{ title: 'Kind', width: 0.3 }, { title: 'Files', width: 0.2, align: 'right' }, { title: 'Rows loaded', width: 0.2, align: 'right' }], e.byKind.map((k) => [k.kind, count(k.files), count(k.rows)]));
  out.subheading('Log coverage: nothing logged versus nothing happened');
  if (f.coverage) {
    out.para(f.coverage.summary);
    const gaps = f.coverage.types.filter((t) => t.hours.missing + t.hours.beyond_retention + t.hours.not_licensed > 0).slice(0, 40);
    if (gaps.length) {
      out.table([{ title: 'Event type', width: 0.24 }, { title: 'Hours with events', width: 0.13, align: 'right' }, { title: 'Logged, none', width: 0.13, align: 'right' }, { title: 'Missing', width: 0.12, align: 'right' }, { title: 'Listed, not imported', width: 0.14, align: 'right' }, { title: 'Beyond retention', width: 0.12, align: 'right' }, { title: 'Not licensed', width: 0.12, align: 'right' }],
        gaps.map((t) => [t.eventType, count(t.hours.present), count(t.hours.empty), count(t.hours.missing), count(t.listedNotImported), count(t.hours.beyond_retention), count(t.hours.not_licensed)]));
    }
  } else out.para('Coverage was not computed for this case.', { bold: true });
  out.subheading('Quarantined lines');
  if (e.quarantined === 0) out.para('No line was quarantined: every record of every readable CSV was loaded.');
  else {
    out.para(`${count(e.quarantined)} malformed lines in ${count(e.quarantineSources)} files were set aside (kept with file, line and reason in quarantine.csv${f.outputHash('quarantine.csv')}); the good rows around them were loaded.`);
    out.table([{ title: 'File', width: 0.45 }, { title: 'Lines', width: 0.1, align: 'right' }, { title: 'First line', width: 0.12, align: 'right' }, { title: 'Most frequent reason', width: 0.33 }],
      e.quarantineBySource.map((q) => [q.name ?? `source ${q.sourceId}`, count(q.lines), count(q.firstLine), q.reason ?? '']));
    if (e.quarantineSources > e.quarantineBySource.length) out.para(`… and ${count(e.quarantineSources - e.quarantineBySource.length)} more files with quarantined lines, see quarantine.csv.`, { grey: true });
  }
  const limits: string[] = [];
  if (e.unassignedSnapshots.length) limits.push(`The case holds ${count(f.incident.orgCount)} orgs and these snapshots are not assigned to an org, so each was read for the exports of every org: ${e.unassignedSnapshots.join(', ')}.`);
  if (e.countMismatches.length) limits.push(`Record counts that do not add up (records seen ≠ loaded + quarantined): ${e.countMismatches.map((m) => `${m.name}${m.note ? ` (${m.note})` : ''}`).join('; ')}.`);
  if (e.notLoadedCount) limits.push(`${count(e.notLoadedCount)} files were hashed but not loaded (not recognised or unreadable): ${e.notLoaded.map((s) => s.name).join(', ')}${e.notLoadedCount > e.notLoaded.length ? ', …' : ''}.`);
  if (e.reconstructionWarnings) limits.push(`${count(e.reconstructionWarnings)} log rows were left out of every export (no usable time, dated before 2000, or org not told); table reconstruction_warnings.`);
  if (!e.snapshots.length) limits.push('No record snapshot is in the evidence: exposed records come only from record ids named in the logs.');
  const unverified = f.scope.duties.filter((d) => d.verification !== null && !/^verified/i.test(d.verification)).length;
  if (unverified) limits.push(`${count(unverified)} duties rest on rules not marked verified (column Citation).`);
  if (e.secrets === null) limits.push('The exposed records were not scanned for secrets (keys, tokens, passwords) in this case.');
  limits.push('Salesforce logs no Tooling API or mobile-app call, and only the parent of a composite request; an export through those channels would not appear here.');
  out.subheading('Limitations');
  out.bullets(limits);
}

/** How to check the report and the case: the custody head, its signer and the verify commands. */
export function verification(out: ReportLayout, f: ReportFacts): void {
  const c = f.custody;
  out.heading('8. Verification');
  out.facts([
    ['Custody chain head', c.head ? headInTwo(c.head) : '(empty)'],
    ['Head entry', c.head ? `${c.head.action} at ${utc(c.head.at)}` : '—'],
    ['Signer (key fingerprint)', c.signer ?? 'not signed'],
    ['Entries', `${count(c.entries)} since ${utc(c.startedAt)}, by ${c.actors.join(', ') || '—'}`],
    ['Chain check at writing', c.broken.length + c.unsigned.length + c.badSignature.length === 0 ? 'every entry links and is signed' : `broken ${c.broken.join(', ') || 'none'}; unsigned ${c.unsigned.join(', ') || 'none'}; bad signature ${c.badSignature.join(', ') || 'none'}`],
  ]);
  out.para('To check that the evidence, the custody log and this report are unchanged, on a machine with Leakscope:');
  out.para(`leakscope verify <case folder> --head ${c.head ? `${c.head.seq}:${c.head.hash}` : '<seq>:<hash>'}`, { mono: true });
  out.para('leakscope verify <report folder>', { mono: true });
  out.para('The first re-hashes every source (every SHA-256 ever recorded), recomputes the custody chain and its Ed25519 signatures and checks that the chain still holds the head above; the second checks every output file against manifest.json and the case against the head the manifest recorded. Either names anything that changed. Writing this report again from the same case gives the same PDF, byte for byte.');
}

/** Appendix A: every source file with its SHA-256 and record counts (bounded). */
export function sourcesAppendix(out: ReportLayout, f: ReportFacts): void {
  const e = f.evidence;
  out.heading('Appendix A. Sources');
  out.para(`${count(e.sourceCount)} files were taken into the case.`);
  // Each full SHA-256 on one line (64 monospace characters at 6 pt fit the column).
  out.table([{ title: 'Id', width: 0.04, align: 'right' }, { title: 'File', width: 0.2 }, { title: 'Kind', width: 0.11 }, { title: 'Rows', width: 0.06, align: 'right' }, { title: 'Quar.', width: 0.06, align: 'right' }, { title: 'Dup', width: 0.04, align: 'right' }, { title: 'SHA-256', width: 0.49, mono: true }],
    e.sources.map((s) => [String(s.id), s.name, `${s.kind}${s.detail ? ` ${s.detail}` : ''}`, count(s.rows), count(s.rejected), count(s.duplicates), s.sha256]), { size: 6 });
  if (e.sourceCount > SOURCE_ROWS) out.para(`… and ${count(e.sourceCount - SOURCE_ROWS)} more sources, see manifest.json and \`leakscope verify <case>\`.`, { bold: true });
}

/** Appendix B: the first affected people (bounded); each jurisdiction's CSV lists them all. */
export function peopleAppendix(out: ReportLayout, f: ReportFacts): void {
  const s = f.scope;
  out.heading('Appendix B. Affected people (first rows)');
  if (!s.firstPeople.length) {
    out.para('No affected person.');
    return;
  }
  out.table([{ title: 'Code', width: 0.09 }, { title: 'Name', width: 0.22 }, { title: 'Email', width: 0.24 }, { title: 'Record', width: 0.2, mono: true }, { title: 'Tier', width: 0.08 }, { title: 'Categories', width: 0.17 }],
    s.firstPeople.map((p) => [p.jurisdiction ?? 'ZZ', masked(f, p.name, 160), masked(f, p.email, 120), `${p.object} ${p.id}`, p.confidence, p.categories ?? '']), { size: 6.5 });
  if (s.people > PEOPLE_ROWS) out.para(`… and ${count(s.people - PEOPLE_ROWS)} more, see affected/<CODE>${f.redacted ? '.redacted' : ''}.csv (one per jurisdiction; SHA-256 of each in Section 5).`, { bold: true });
}

/** A person's name or email as this report prints it: masked in the redacted variant, clipped otherwise. */
function masked(f: ReportFacts, value: string | null, max: number): string {
  if (!value) return '—';
  return f.redacted ? REDACTED : clip(value, max);
}
