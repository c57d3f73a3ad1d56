/**
 * `leakscope jurisdiction` (assign a jurisdiction by hand to an affected record, take it back, list the assignments)
 * and `leakscope profile` (the organisation profile kept in the case: show, preview, set from a file, unset). Both
 * change the case at once — custody entry, `affected`, duties recomputed — the same engine calls the app makes.
 */
import type { Command } from 'commander';
import path from 'node:path';
import { toId18 } from '../../shared/ids.js';
import type { DutyKey, ProfilePreview, ProfileView } from '../../shared/decisions.js';
import type { Result } from '../../shared/result.js';
import { actorLabel } from '../engine/casestore/custody.js';
import { assignCaseJurisdiction, changeCaseProfile, findAffectedRecords, previewCaseProfile, readCaseAssignments, readCaseProfile } from '../engine/caseJurisdictions.js';
import { loadProfile } from '../engine/duties/loadRegimes.js';
import { loadJurisdictionData } from '../engine/jurisdiction/loadTables.js';
import { resourcesDir } from '../engine/paths.js';
import { EXIT, exitFor } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

/** Adds the jurisdiction and profile commands to the program. */
export function addDecisionCommands(program: Command): void {
  program
    .command('jurisdiction')
    .description('Assign a jurisdiction by hand to an affected record whose address placed it nowhere (recorded in custody; affected and duties recomputed at once), take it back, or list the assignments.')
    .argument('<case>', 'case folder')
    .option('--record <id>', 'the record (15 or 18 characters)')
    .option('--assign <code>', 'the jurisdiction code (US-CA, CA-QC, DE, GB …)')
    .option('--unassign', 'take the assignment of --record back (its address decides again)')
    .option('--org <id>', 'the org of the record, when two orgs of the case share the id')
    .option('--reason <why>', 'why (required; recorded in custody)')
    .option('--investigator <name>', 'your name, named in the record\'s basis and recorded in the custody log')
    .option('--json', 'print JSON')
    .action(async (caseDir: string, opts: { record?: string; assign?: string; unassign?: boolean; org?: string; reason?: string; investigator?: string; json?: boolean }) => {
      const dir = path.resolve(caseDir);
      if (opts.assign === undefined && !opts.unassign) {
        const list = readCaseAssignments(dir);
        if (!list.ok) return failWith(list.error);
        if (opts.json) return out(JSON.stringify({ assignments: list.value }, null, 2));
        if (list.value.length === 0) return out('No jurisdiction assigned by hand in this case.');
        return out(list.value.map((a) => terminalSafe(`${a.object} ${a.recordId} → ${a.jurisdiction}   (was ${a.previous ?? '?'}; ${a.at}, ${a.by}: ${a.reason})`)).join('\n'));
      }
      if (opts.assign !== undefined && opts.unassign) return usage('give --assign <code> or --unassign, not both');
      const id = opts.record ? toId18(opts.record.trim()) : null;
      if (!id) return usage('--record expects a 15- or 18-character record id');
      if (!opts.reason?.trim()) return usage('--reason "why" is required (it is recorded in the custody log)');
      const found = await findAffectedRecords(dir, id);
      if (!found.ok) return failWith(found.error);
      const org = opts.org ? toId18(opts.org.trim()) : null;
      const matches = found.value.filter((r) => org === null || r.orgId === org);
      if (matches.length === 0) return failWith({ code: 'NOT_FOUND', message: `${id} is not among the affected records of the case${org ? ` in org ${org}` : ''}` });
      if (matches.length > 1) return usage(`${id} is affected in ${matches.length} orgs (${matches.map((m) => m.orgId ?? 'unknown').join(', ')}): name one with --org`);
      const record = matches[0]!;
      const geo = loadJurisdictionData(path.join(resourcesDir(), 'jurisdictions'));
      if (!geo.ok) return failWith(geo.error);
      const done = await assignCaseJurisdiction({
        caseDir: dir, orgId: record.orgId, object: record.object, recordId: record.recordId, jurisdiction: opts.unassign ? null : opts.assign!.trim().toUpperCase(),
        reason: opts.reason.trim(), investigator: opts.investigator, actor: actorLabel(opts.investigator),
      }, geo.value, resourcesDir());
      if (!done.ok) return failWith(done.error);
      if (opts.json) return out(JSON.stringify({ assignments: done.value }, null, 2));
      out(opts.unassign
        ? `${record.object} ${record.recordId}: the assignment is taken back; its address decides its jurisdiction again. Duties recomputed.`
        : `${record.object} ${record.recordId}: ${record.jurisdiction} → ${opts.assign!.trim().toUpperCase()} (assigned by hand). Duties recomputed; \`leakscope report\` and the next \`investigate\` use it.`);
    });

  program
    .command('profile')
    .description('Show, preview or change the organisation profile kept in the case (the regimes it brings: GDPR one-stop shop, NIS2, DORA, SEC, HIPAA, GLBA, NYDFS, CERT-In, DIFC/ADGM); duties are recomputed at once and used by later runs.')
    .argument('<case>', 'case folder')
    .option('--set <file>', 'the profile, a JSON file as --profile takes it (docs/OUTPUTS.md)')
    .option('--preview', 'with --set: list the duties it would add, remove or change, and change nothing')
    .option('--unset', 'remove the case profile (no organisation regime from the next evaluation on)')
    .option('--reason <why>', 'why (required with --set and --unset; recorded in custody)')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--json', 'print JSON')
    .action(async (caseDir: string, opts: { set?: string; preview?: boolean; unset?: boolean; reason?: string; investigator?: string; json?: boolean }) => {
      const dir = path.resolve(caseDir);
      const geo = loadJurisdictionData(path.join(resourcesDir(), 'jurisdictions'));
      if (!geo.ok) return failWith(geo.error);
      if (opts.set !== undefined) {
        const profile = loadProfile(opts.set);
        if (!profile.ok) return failWith(profile.error);
        if (opts.preview) {
          const preview = await previewCaseProfile(dir, profile.value, geo.value, resourcesDir());
          if (!preview.ok) return failWith(preview.error);
          return out(opts.json ? JSON.stringify(preview.value, null, 2) : formatProfilePreview(preview.value));
        }
        if (!opts.reason?.trim()) return usage('--set needs --reason "why" (it is recorded in the custody log)');
        return shown(await changeCaseProfile(dir, profile.value, opts.reason.trim(), actorLabel(opts.investigator), geo.value, resourcesDir()), opts.json, 'Profile kept in the case; duties recomputed.');
      }
      if (opts.unset) {
        if (!opts.reason?.trim()) return usage('--unset needs --reason "why"');
        return shown(await changeCaseProfile(dir, null, opts.reason.trim(), actorLabel(opts.investigator), geo.value, resourcesDir()), opts.json, 'Case profile removed; duties recomputed.');
      }
      return shown(await readCaseProfile(dir, resourcesDir()), opts.json, null);
    });
}

/** The preview as the terminal shows it: one line per duty that would appear, disappear or change. */
export function formatProfilePreview(p: ProfilePreview): string {
  const duty = (d: DutyKey): string => `${d.jurisdiction} ${d.recipient}${d.step ? ` (${d.step})` : ''}: ${d.required}${d.due ? `, due ${d.due}` : ''}`;
  return [
    `Regimes now: ${p.regimesNow.map((r) => r.id).join(', ') || 'none'} → with this profile: ${p.regimes.map((r) => r.id).join(', ') || 'none'}`,
    ...p.appear.map((d) => `  + ${duty(d)}`),
    ...p.disappear.map((d) => `  - ${duty(d)}`),
    ...p.change.map((c) => `  ~ ${duty(c.before)} → ${c.after.required}${c.after.due ? `, due ${c.after.due}` : ''}`),
    p.appear.length + p.disappear.length + p.change.length === 0 ? '  no duty would change' : `  ${p.unchanged} other duties unchanged`,
  ].map((l) => terminalSafe(l)).join('\n');
}

function shown(view: Result<ProfileView>, json: boolean | undefined, done: string | null): void {
  if (!view.ok) return failWith(view.error);
  if (json) return out(JSON.stringify(view.value, null, 2));
  const v = view.value;
  const lines = [
    ...(done ? [done] : []),
    v.stored ? `Case profile (since ${v.stored.at}, ${v.stored.author}: ${v.stored.reason}):` : 'No profile kept in the case.',
    ...(v.stored ? Object.entries(v.stored.profile).filter(([k]) => k !== 'schemaVersion').map(([k, val]) => `  ${k}: ${JSON.stringify(val)}`) : []),
    `Duties last evaluated with: ${v.inForce ? (v.inForce.source ?? 'no profile') : 'not evaluated yet'}`,
  ];
  out(lines.map((l) => terminalSafe(l)).join('\n'));
}

function out(text: string): void {
  process.stdout.write(text + '\n');
}

function usage(message: string): void {
  process.stderr.write(`leakscope: ${message}\n`);
  process.exitCode = EXIT.usage;
}

function failWith(error: { code: string; message: string }): void {
  process.stderr.write(`leakscope: ${terminalSafe(error.message)}\n`);
  process.exitCode = exitFor(error.code);
}
