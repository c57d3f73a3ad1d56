/** `leakscope mapping`: the case's field → data-category decisions: list, preview, set, remove. */
import type { Command } from 'commander';
import path from 'node:path';
import { DATA_CATEGORIES } from '../../shared/categories/categories.js';
import { parseCategories } from '../engine/casestore/categoryOverrides.js';
import { actorLabel } from '../engine/casestore/custody.js';
import { changeCaseMapping, previewCaseMapping, readCaseMapping } from '../engine/caseMapping.js';
import type { MappingPreview } from '../engine/queries/mappingPreview.js';
import { EXIT, exitFor } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

/** Adds the mapping command to the program. */
export function addMappingCommand(program: Command): void {
  program
    .command('mapping')
    .description('Show or change which data categories exposed fields hold (saved in the case, recorded in custody, applied by the next `investigate`).')
    .argument('<case>', 'case folder')
    .option('--set <Object.Field=categories>', `map a field (Object.Field, or *.Field for every object) to categories, comma-separated, or none; categories: ${DATA_CATEGORIES.join(', ')}`)
    .option('--unset <Object.Field>', 'remove a decision (the bundled mapping applies again)')
    .option('--reason <why>', 'why (required with --set and --unset; recorded in custody)')
    .option('--preview', 'with --set: show what the change would do to the affected people, and change nothing')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--json', 'print JSON')
    .action(async (caseDir: string, opts: { set?: string; unset?: string; reason?: string; preview?: boolean; investigator?: string; json?: boolean }) => {
      const dir = path.resolve(caseDir);
      if (opts.set !== undefined) {
        const eq = opts.set.indexOf('=');
        if (eq < 1) return usage('--set expects Object.Field=categories (e.g. Contact.Notes__c=health)');
        const key = opts.set.slice(0, eq).trim();
        const parsed = parseCategories(opts.set.slice(eq + 1));
        if (!parsed.ok) return usage(`"${parsed.unknown}" is not a data category (${DATA_CATEGORIES.join(', ')}, or none)`);
        const preview = await previewCaseMapping(dir, key, parsed.categories);
        if (opts.preview) {
          if (!preview.ok) return failWith(preview.error);
          return out(opts.json ? JSON.stringify(preview.value, null, 2) : formatPreview(preview.value));
        }
        if (!opts.reason) return usage('--set needs --reason "why" (it is recorded in the custody log)');
        const changed = changeCaseMapping(dir, key, parsed.categories, opts.reason, actorLabel(opts.investigator));
        if (!changed.ok) return failWith(changed.error);
        const effect = preview.ok ? `\n${formatPreview(preview.value)}` : '';
        return out(opts.json ? JSON.stringify({ decisions: changed.value }, null, 2) : `Recorded: ${key} → ${parsed.categories.join(', ') || 'none'}. Run \`leakscope investigate\` on the case again to apply it.${effect}`);
      }
      if (opts.unset !== undefined) {
        if (!opts.reason) return usage('--unset needs --reason "why"');
        const changed = changeCaseMapping(dir, opts.unset.trim(), null, opts.reason, actorLabel(opts.investigator));
        if (!changed.ok) return failWith(changed.error);
        return out(opts.json ? JSON.stringify({ decisions: changed.value }, null, 2) : `Removed the decision on ${opts.unset}; the bundled mapping applies to it from the next run.`);
      }
      const mapping = await readCaseMapping(dir);
      if (!mapping.ok) return failWith(mapping.error);
      if (opts.json) return out(JSON.stringify(mapping.value, null, 2));
      const lines: string[] = [];
      lines.push(mapping.value.decisions.length ? 'Decisions in force (investigator overrides):' : 'No investigator decisions: the bundled mapping applies to every field.');
      for (const d of mapping.value.decisions) lines.push(`  ${d.key} → ${d.categories.join(', ') || 'none'}   (${d.at}, ${d.author}: ${d.reason})`);
      if (mapping.value.exposedFields === null) lines.push('No scoped results yet: run `leakscope investigate` to see the exposed fields.');
      else {
        lines.push('Exposed fields of the last run (people exposed):');
        for (const f of mapping.value.exposedFields) lines.push(`  ${f.object}.${f.field} → ${f.categories.join(', ') || '(no category)'}   ${f.people}`);
      }
      out(lines.map((l) => terminalSafe(l)).join('\n'));
    });
}

/** The preview as the terminal shows it. */
export function formatPreview(p: MappingPreview): string {
  const head = `${p.key}: ${p.before.join(', ') || 'no category'} → ${p.after.join(', ') || 'none'}; ${p.people} affected ${p.people === 1 ? 'person' : 'people'} exposed through it`;
  if (p.changes.length === 0) return `${head}; nobody's categories change.`;
  return [head + ':', ...p.changes.map((c) => `  ${c.jurisdiction}  ${c.category}  ${c.gained ? `+${c.gained}` : ''}${c.gained && c.lost ? ' ' : ''}${c.lost ? `−${c.lost}` : ''}`)].join('\n');
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
