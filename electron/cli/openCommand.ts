/** `leakscope open`: where an investigation stands, read from the case folder. */
import type { Command } from 'commander';
import path from 'node:path';
import { outputsStaleness, type CaseStatus } from '../../shared/caseStatus.js';
import { readCaseStatus } from '../engine/caseStatus.js';
import { exitFor } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

const count = (n: number): string => n.toLocaleString('en-US');

/** Adds the open command to the program. */
export function addOpenCommand(program: Command): void {
  program
    .command('open')
    .description('Show where an investigation stands: evidence, runs, exports, affected people, duties, notes and the custody chain head.')
    .argument('<case>', 'case folder')
    .option('--json', 'print JSON')
    .action(async (caseDir: string, opts: { json?: boolean }) => {
      const status = await readCaseStatus(path.resolve(caseDir));
      if (!status.ok) {
        process.stderr.write(`leakscope: ${terminalSafe(status.error.message)}\n`);
        process.exitCode = exitFor(status.error.code);
        return;
      }
      process.stdout.write((opts.json ? JSON.stringify(status.value, null, 2) : formatStatus(status.value)) + '\n');
    });
}

/** The status as the terminal shows it. */
export function formatStatus(s: CaseStatus): string {
  const lines: string[] = [`Case ${s.caseDir}`, `  opened ${s.createdAt ?? '?'} by ${s.investigators.join('; ') || '?'}`];
  if (s.evidence) {
    const e = s.evidence;
    lines.push(`Evidence:     ${count(e.sources)} file(s), ${count(Math.round(e.bytes / 1024))} KiB, ${count(e.events)} log row(s), ${count(e.quarantined)} quarantined`);
    lines.push(`              snapshots: ${e.snapshots.join(', ') || 'none'}`);
    lines.push(`              orgs: ${e.orgs.map((o) => `${o.name ?? '?'} (${o.id})`).join(', ') || 'none named yet'}`);
  } else lines.push('Evidence:     none taken in yet');
  const li = s.lastInvestigation;
  if (li) {
    lines.push(`Last investigation: ${li.at} (${li.outcome ?? 'unfinished'})${li.outDir ? `, outputs in ${li.outDir}` : ''}`);
    if (li.exports) lines.push(`  exports:    ${count(li.exports.total)}, ${count(li.exports.suspicious)} flagged suspicious, ${count(li.exports.inScope)} in scope`);
    if (li.people !== null) lines.push(`  affected:   ${count(li.people)} people in ${count(li.jurisdictions ?? 0)} jurisdiction(s)`);
    if (li.duties) lines.push(`  duties:     ${count(li.duties.total)} (${count(li.duties.required)} required, ${count(li.duties.toAssess)} to assess)${li.duties.earliestDue ? `, earliest due ${li.duties.earliestDue}` : ''}`);
  } else lines.push('Last investigation: none yet (`leakscope investigate <evidence> --case <this case> --out <dir>`)');
  if (s.outputs) lines.push(`Outputs:      written ${s.outputs.at}${s.outputs.outDir ? ` to ${s.outputs.outDir}` : ''}`);
  const stale = outputsStaleness(s.outputs);
  if (stale) lines.push(`              ${stale}`);
  if (s.interrupted) lines.push(`Interrupted runs: ${s.interrupted} (their outputs are incomplete; \`leakscope verify\` names them)`);
  lines.push('Runs (latest last):');
  for (const r of s.runs) lines.push(`  ${r.startedAt}  ${r.kind.padEnd(13)} ${r.outcome ?? 'unfinished'}  ${r.actor}`);
  lines.push(`Notes:        ${count(s.notes.total)} (${count(s.notes.privileged)} privileged, ${count(s.notes.bookmarks)} bookmarks); mapping decisions: ${count(s.mappingDecisions)}`);
  lines.push(`Custody:      ${count(s.custody.entries)} entries, head ${s.custody.head ?? 'none'}`);
  return lines.map(terminalSafe).join('\n');
}
