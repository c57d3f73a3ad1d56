/** `leakscope people`: "was this person affected?" — search the case's affected people by id, name or email. */
import { InvalidArgumentError, type Command } from 'commander';
import path from 'node:path';
import { readAffectedPage } from '../engine/caseQueries.js';
import { CASE_DB } from '../engine/caseLayout.js';
import { EXIT } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

const count = (min: number) => (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
  return Number(value);
};

/** Adds the people command to the program. */
export function addPeopleCommand(program: Command): void {
  program
    .command('people')
    .description('Search the affected people of a case (after `investigate`): a record id (15 or 18 characters), or words of a name or email.')
    .argument('<case>', 'case folder')
    .argument('[search]', 'record id, or words found in the name or email (all must match)')
    .option('--jurisdiction <code>', 'only people placed in this jurisdiction (US-CA, DE, ZZ …)')
    .option('--limit <n>', 'people per page (at most 1,000)', count(1), 50)
    .option('--offset <n>', 'skip this many', count(0), 0)
    .option('--json', 'print the page as JSON')
    .action(async (caseDir: string, search: string | undefined, opts: { jurisdiction?: string; limit: number; offset: number; json?: boolean }) => {
      const page = await readAffectedPage(path.join(path.resolve(caseDir), CASE_DB), opts.jurisdiction?.toUpperCase() ?? null, opts.offset, Math.min(opts.limit, 1000), search ?? '');
      if (page === null) {
        process.stderr.write(`leakscope: No case database in ${terminalSafe(caseDir)} (run \`leakscope investigate\` first)\n`);
        process.exitCode = EXIT.notFound;
        return;
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(page, null, 2) + '\n');
        return;
      }
      const what = [search ? `matching "${search}"` : null, opts.jurisdiction ? `in ${opts.jurisdiction.toUpperCase()}` : null].filter(Boolean).join(' ');
      if (page.total === 0) {
        process.stdout.write(`No affected person ${what || 'in this case'}: not exposed by any export in scope (or not a person).\n`);
        return;
      }
      process.stdout.write(`${page.total.toLocaleString('en-US')} affected ${page.total === 1 ? 'person' : 'people'} ${what}`.trimEnd() + (page.total > page.records.length ? ` (showing ${page.offset + 1}–${page.offset + page.records.length})` : '') + '\n');
      for (const r of page.records) {
        const lines = [
          `${r.id}  ${r.object}  ${r.name ?? '(no name)'}  ${r.email ?? ''}`.trimEnd(),
          `    ${r.jurisdiction.code} (${r.jurisdiction.confidence}: ${r.jurisdiction.basis}); ${r.confidence}`,
          `    exposed ${r.exposedFields.join(', ') || '(fields unknown)'} by ${r.exportIds.join(', ')}`,
        ];
        process.stdout.write(lines.map(terminalSafe).join('\n') + '\n');
      }
    });
}
