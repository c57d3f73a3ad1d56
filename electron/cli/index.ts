/** The `leakscope` command line: thin commands over the same engine the app uses. */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { scopeSchema } from '../../shared/contract.js';
import { toId18 } from '../../shared/ids.js';
import { importEvidence } from '../engine/importCase.js';
import { investigate } from '../engine/investigate.js';
import { readSourceLine } from '../engine/caseQueries.js';
import { appVersion, resourcesDir } from '../engine/paths.js';
import { EXIT, exitFor } from './exitCodes.js';
import { formatImport, formatSummary } from './print.js';
import { terminalSafe } from './terminal.js';
import { withProgress } from './progress.js';
import { formatHead, parseHead, verifyCase, verifyReport } from '../engine/verify.js';
import { actorLabel, CustodyLog } from '../engine/casestore/custody.js';
import { CUSTODY_DB } from '../engine/caseLayout.js';
import { listExports } from '../engine/exportQueries.js';
import { formatExports } from './printExports.js';
import { addNoteCommands } from './noteCommands.js';
import { addMappingCommand } from './mappingCommand.js';
import { addPeopleCommand } from './peopleCommand.js';
import { addOpenCommand } from './openCommand.js';
import { addCollectCommand } from './collectCommand.js';
import { reportCase } from '../engine/reports/pdf/reportCase.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];
const nonNegativeInt = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};
const positiveInt = (value: string): number => {
  const n = nonNegativeInt(value);
  if (n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
};
const orgId = (value: string): string => {
  const id = toId18(value);
  if (id === null || !/^00D/.test(id)) throw new InvalidArgumentError('expected an org id (15 or 18 characters, starting 00D)');
  return id;
};
const isoTime = (value: string): string => {
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) throw new InvalidArgumentError('expected an ISO 8601 time such as 2025-07-26T00:00:00Z');
  return /([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
};

/** Builds the command tree (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('leakscope')
    .description('Investigate data leaks out of Salesforce orgs from Event Monitoring evidence, offline.')
    .version(appVersion())
    .exitOverride() // usage errors come back to main(), which sets the documented exit code
    .showHelpAfterError();

  program
    .command('investigate')
    .description('Import evidence, reconstruct exports, scope affected records and write the report outputs.')
    .argument('<evidence...>', 'evidence files or folders (EventLogFile CSVs, RTEM exports, sObject exports named <SObject>.csv)')
    .requiredOption('--out <dir>', 'folder for the outputs (exports.json, affected.json, duties.json, affected/<CODE>.csv, manifest.json)')
    .option('--case <dir>', 'case folder (evidence database and custody log); default <out>/case')
    .option('--integration <id-or-name>', 'limit the scope to this connected app (id 15/18 chars or name); repeatable', collect, [])
    .option('--user <id-or-username>', 'limit the scope to this user; repeatable', collect, [])
    .option('--from <iso-time>', 'only exports at or after this time', isoTime)
    .option('--to <iso-time>', 'only exports at or before this time', isoTime)
    .option('--export <export-id>', 'take this export (X-…) into scope by hand, whatever the rules say; repeatable', collect, [])
    .option('--exclude-export <export-id>', 'leave this export (X-…) out of scope by hand, whatever the rules say; repeatable', collect, [])
    .option('--aware-at <iso-time>', 'when the organisation became aware of the breach: every notice deadline runs from it (default: the start of the run)', isoTime)
    .option('--as-of <iso-time>', 'the time duties.json counts the time left to (default: the awareness time, so the outputs do not change with the clock)', isoTime)
    .option('--profile <file>', 'organisation profile JSON (EU main establishment, NIS2, DORA, SEC, HIPAA, GLBA, NYDFS, CERT-In …) bringing organisation-level duties')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--copy-evidence', 'also keep a verified read-only copy of every source in <case>/evidence')
    .option('--redacted', 'also write the redacted variant for wider circulation: report.redacted.pdf, affected/<CODE>.redacted.csv, other-records.redacted.csv, notification-lists.redacted.xlsx (names, emails and streets masked, ids kept)')
    .option('--org <org-id>', 'the org (15/18 chars) the snapshots, metadata and RTEM exports of this run come from, where no Organization export stands beside them', orgId)
    .option('--canaries <file>', 'canary record ids (one per line, # comments, or a CSV with an Id column): an export that logged one is confirmed exfiltration')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--json', 'print the full result as JSON instead of the summary')
    .action(async (evidence: string[], opts: { out: string; case?: string; integration: string[]; user: string[]; export: string[]; excludeExport: string[]; from?: string; to?: string; awareAt?: string; asOf?: string; profile?: string; canaries?: string; json?: boolean; investigator?: string; progress?: boolean; copyEvidence?: boolean; redacted?: boolean; org?: string }) => {
      const parsedScope = scopeSchema.safeParse({ integrations: opts.integration, users: opts.user, from: opts.from ?? null, to: opts.to ?? null, awareAt: opts.awareAt ?? null, exportIds: opts.export, excludeExportIds: opts.excludeExport });
      if (!parsedScope.success) {
        process.stderr.write(`leakscope: ${parsedScope.error.issues.map((i) => i.message).join('; ')}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      const scope = parsedScope.data;
      const result = await withProgress(Boolean(opts.progress), (signal, onProgress) =>
        investigate({
          evidencePaths: evidence.map((p) => path.resolve(p)),
          outDir: opts.out,
          caseDir: opts.case,
          scope,
          resourcesDir: resourcesDir(),
          tool: { name: 'Leakscope', version: appVersion() },
          actor: actorLabel(opts.investigator),
          copyEvidence: opts.copyEvidence,
          profilePath: opts.profile === undefined ? undefined : path.resolve(opts.profile),
          canaries: opts.canaries ? path.resolve(opts.canaries) : undefined,
          asOf: opts.asOf,
          redacted: opts.redacted,
          org: opts.org,
          signal,
          onProgress,
        }),
      );
      if (!result.ok) return failWith(result.error);
      // --json carries the export counts and where the list is, never every export (think a million); likewise the
      // sources: their counts, and manifest.json (`inputsFile`) lists every one with its SHA-256.
      const asJson = (): string => {
        const { sources, ...rest } = result.value;
        const sourceCounts = { files: sources.length, rows: sources.reduce((n, s) => n + s.rows, 0), rejectedRows: sources.reduce((n, s) => n + s.rejectedRows, 0) };
        return JSON.stringify({ ...rest, sourceCounts, inputsFile: path.join(rest.outDir, 'manifest.json'), exportsFile: path.join(rest.outDir, 'exports.json') }, null, 2);
      };
      process.stdout.write((opts.json ? asJson() : formatSummary(result.value)) + '\n');
      if (!opts.json) printHead(result.value.caseDir);
      process.exitCode = result.value.skipped.length ? EXIT.doneWithProblems : EXIT.done;
    });

  program
    .command('import')
    .description('Take evidence into a case (hash, custody, load, quarantine) without analysing it; importing the same file again changes nothing.')
    .argument('<evidence...>', 'evidence files or folders')
    .requiredOption('--case <dir>', 'case folder (created if needed)')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--copy-evidence', 'also keep a verified read-only copy of every source in <case>/evidence')
    .option('--as <SObject>', 'take every given file as an export of this sObject (e.g. Contact), whatever its name')
    .option('--org <org-id>', 'the org (15/18 chars) the snapshots, metadata and RTEM exports of this import come from, where no Organization export stands beside them', orgId)
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--json', 'print the result as JSON')
    .action(async (evidence: string[], opts: { case: string; investigator?: string; progress?: boolean; json?: boolean; copyEvidence?: boolean; as?: string; org?: string }) => {
      const result = await withProgress(Boolean(opts.progress), (signal, onProgress) =>
        importEvidence({ evidencePaths: evidence.map((p) => path.resolve(p)), caseDir: opts.case, actor: actorLabel(opts.investigator), copyEvidence: opts.copyEvidence, asObject: opts.as, org: opts.org, signal, onProgress }),
      );
      if (!result.ok) return failWith(result.error);
      process.stdout.write((opts.json ? JSON.stringify(result.value, null, 2) : formatImport(result.value)) + '\n');
      if (!opts.json) printHead(result.value.caseDir);
      process.exitCode = result.value.skipped.length ? EXIT.doneWithProblems : EXIT.done;
    });

  program
    .command('line')
    .description('Show the source record behind an event: the exact text in the file, its line, and the parsed values.')
    .argument('<case>', 'case folder')
    .argument('<source-id>', 'source id (from exports.json evidence or `leakscope import`)')
    .argument('<record>', 'record number in that source (1 = first data row)')
    .action(async (caseDir: string, sourceId: string, record: string) => {
      const line = await readSourceLine(path.join(path.resolve(caseDir), 'case.duckdb'), Number(sourceId), Number(record));
      if (!line) return failWith({ code: 'NOT_FOUND', message: `No record ${record} of source ${sourceId} in ${caseDir}` });
      process.stdout.write(`${terminalSafe(line.file)}\nsha256 ${line.sha256}\nrecord ${line.record}${line.line !== null ? `, line ${line.line}` : ''}\n`);
      if (line.raw !== null) process.stdout.write(`${terminalSafe(line.raw)}\n`);
      for (const [k, v] of Object.entries(line.values)) process.stdout.write(`  ${terminalSafe(k)} = ${terminalSafe(String(v ?? ''))}\n`);
    });

  program
    .command('exports')
    .description('List the reconstructed exports of a case (after `investigate`), filtered and paged; values of one option are alternatives.')
    .argument('<case>', 'case folder')
    .option('--org <id-or-name>', 'only this org (id 15/18 chars or name); repeatable', collect, [])
    .option('--integration <id-or-name>', 'only this connected app; repeatable', collect, [])
    .option('--user <id-or-username>', 'only this user; repeatable', collect, [])
    .option('--object <name>', 'only this sObject; repeatable', collect, [])
    .option('--channel <channel>', 'only this channel (rest_query, soap_query, bulk_api, bulk_api_2, report_export, report_run, list_view, file_download, api_query, data_export); repeatable', collect, [])
    .option('--flag <code>', 'only exports flagged with this code; repeatable', collect, [])
    .option('--suspicious', 'only exports flagged suspicious')
    .option('--from <iso-time>', 'only exports starting at or after this time', isoTime)
    .option('--to <iso-time>', 'only exports starting at or before this time', isoTime)
    .option('--limit <n>', 'exports per page', positiveInt, 50)
    .option('--offset <n>', 'skip this many exports', nonNegativeInt, 0)
    .option('--json', 'print the page as JSON')
    .action(async (caseDir: string, opts: { org: string[]; integration: string[]; user: string[]; object: string[]; channel: string[]; flag: string[]; suspicious?: boolean; from?: string; to?: string; limit: number; offset: number; json?: boolean }) => {
      const page = await listExports(caseDir, {
        orgs: opts.org, integrations: opts.integration, users: opts.user, objects: opts.object, channels: opts.channel, flags: opts.flag,
        suspicious: Boolean(opts.suspicious), from: opts.from ?? null, to: opts.to ?? null, limit: opts.limit, offset: opts.offset,
      });
      if (!page) return failWith({ code: 'NOT_FOUND', message: `No reconstructed exports in ${caseDir} (run \`leakscope investigate\` first)` });
      process.stdout.write((opts.json ? JSON.stringify(page, null, 2) : formatExports(page)) + '\n');
    });

  program
    .command('report')
    .description('Write report.pdf (for counsel: what happened, whom to notify, every figure traced to source lines and hashes) from an investigated case, without re-running the analysis.')
    .argument('<case>', 'case folder (after `leakscope investigate`)')
    .requiredOption('--out <dir>', 'folder for report.pdf (the hashes of the outputs already there, e.g. affected/<CODE>.csv, are quoted in it)')
    .option('--privileged', 'mark the case privileged & confidential (attorney work product); recorded in custody, carried by every later report')
    .option('--include-privileged', 'print the privileged notes too, each marked (the report is then marked privileged & confidential); left out otherwise')
    .option('--redacted', 'write the redacted variant for wider circulation instead: report.redacted.pdf, affected/<CODE>.redacted.csv, other-records.redacted.csv, notification-lists.redacted.xlsx (names, emails and streets masked, ids kept)')
    .option('--investigator <name>', 'your name, recorded in the custody log with the OS user')
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .action(async (caseDir: string, opts: { out: string; privileged?: boolean; includePrivileged?: boolean; redacted?: boolean; investigator?: string; progress?: boolean }) => {
      const result = await withProgress(Boolean(opts.progress), (signal, onProgress) =>
        reportCase({
          caseDir, outDir: opts.out, resourcesDir: resourcesDir(), tool: { name: 'Leakscope', version: appVersion() }, actor: actorLabel(opts.investigator), privileged: Boolean(opts.privileged), includePrivileged: Boolean(opts.includePrivileged), redacted: Boolean(opts.redacted), signal,
          onProgress: (section, done, total) => onProgress({ phase: 'analysing', bytesDone: 0, bytesTotal: 0, files: done, filesTotal: total, rows: 0, rowsPerSecond: 0, elapsedMs: 0, current: `Writing report.pdf: ${section}` }),
        }),
      );
      if (!result.ok) return failWith(result.error);
      process.stdout.write(`Report written to ${terminalSafe(result.value.file)} (${result.value.pages} pages, SHA-256 ${result.value.sha256})\n`);
      printHead(path.resolve(caseDir));
    });

  program
    .command('verify')
    .description('Re-hash a case\'s sources, its custody chain and signatures (or a report folder\'s outputs and its case); name anything that changed.')
    .argument('<case-or-report>', 'case folder, or a report/output folder (one with manifest.json)')
    .option('--head <seq:hash>', 'the custody chain head you noted after a run: the chain must still hold it unchanged')
    .option('--case <dir>', 'for a report folder: its case folder (default: the one the manifest names)')
    .action(async (dir: string, opts: { head?: string; case?: string }) => {
      const anchor = opts.head === undefined ? undefined : parseHead(opts.head);
      if (anchor === null) {
        process.stderr.write('leakscope: --head expects <seq>:<sha256>, as printed after every run\n');
        process.exitCode = EXIT.usage;
        return;
      }
      const isReport = existsSync(path.join(dir, 'manifest.json')) && !existsSync(path.join(dir, 'custody.sqlite'));
      const findings = isReport ? await verifyReport(path.resolve(dir), opts.case && path.resolve(opts.case)) : await verifyCase(path.resolve(dir), { anchor });
      for (const f of findings) process.stdout.write(`${f.ok ? (f.note ? 'note' : 'ok  ') : 'FAIL'}  ${terminalSafe(f.message)}\n`);
      process.exitCode = findings.some((f) => !f.ok) ? EXIT.doneWithProblems : EXIT.done;
    });
  addNoteCommands(program);
  addMappingCommand(program);
  addPeopleCommand(program);
  addOpenCommand(program);
  addCollectCommand(program);
  return program;
}

/** The custody chain head after a run, for the investigator's notes: `verify --head` checks the chain still holds it. */
function printHead(caseDir: string): void {
  const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
  try {
    process.stdout.write(`Custody chain head: ${formatHead(log.head())} (note it: \`leakscope verify <case> --head …\` proves the chain still holds it)\n`);
  } finally {
    log.close();
  }
}

function failWith(error: { code: string; message: string }): void {
  process.stderr.write(`leakscope: ${terminalSafe(error.message)}\n`);
  process.exitCode = exitFor(error.code);
}

/** Entry point used by bin/leakscope.js: runs one command and sets the documented exit code on every path. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with code 0; every other commander error is a usage mistake.
      process.exitCode = e.exitCode === 0 ? EXIT.done : EXIT.usage;
      return;
    }
    process.stderr.write(`leakscope: internal error: ${terminalSafe(e instanceof Error ? e.message : String(e))}\n`);
    process.exitCode = EXIT.internal;
  }
}
