/**
 * `leakscope collect`: saves, read-only, the evidence of a live org into a hashed bundle folder
 * (thin over `engine/collector`). The access token is read from `SF_ACCESS_TOKEN` or standard
 * input, never from the command line; the JWT bearer flow and the web login are the alternatives.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import path from 'node:path';
import type { CoverageItem } from '../../shared/bundle.js';
import { jwtBearer, pastedToken, webLogin, type SignedIn } from '../engine/collector/auth.js';
import { collect } from '../engine/collector/collect.js';
import type { CollectProgress } from '../engine/collector/types.js';
import { appVersion } from '../engine/paths.js';
import { EXIT, exitFor } from './exitCodes.js';
import { terminalSafe } from './terminal.js';

interface CollectOptions {
  instanceUrl?: string;
  out: string;
  from?: string;
  to?: string;
  types: string[];
  objects: string[];
  queryAll?: boolean;
  apiVersion?: string;
  progress?: boolean;
  json?: boolean;
  jwtKey?: string;
  clientId?: string;
  username?: string;
  loginUrl: string;
  webLogin?: boolean;
  redirectPort: number;
  accessToken?: string;
}

const list = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
const isoTime = (value: string): string => {
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value)) throw new InvalidArgumentError('expected an ISO 8601 time such as 2025-07-26T00:00:00Z');
  return /T/.test(value) && !/([zZ]|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value;
};
const port = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) > 65535) throw new InvalidArgumentError('expected a port number');
  return Number(value);
};

/** Adds the collect command to the program. */
export function addCollectCommand(program: Command): void {
  program
    .command('collect')
    .description('Save the evidence of a live org (read-only) into a hashed bundle folder that `leakscope investigate` takes as is.')
    .option('--instance-url <url>', 'the org, e.g. https://northwind.my.salesforce.com (required with a pasted token)')
    .requiredOption('--out <dir>', 'the bundle folder (created; a second run into it continues and skips what is saved and verified)')
    .option('--from <iso-time>', 'start of the log range (default: 30 days before --to)', isoTime)
    .option('--to <iso-time>', 'end of the log range (default: now)', isoTime)
    .option('--types <list>', 'EventLogFile types (API, Login, RestApi …) and Real-Time Event Monitoring objects (names ending in Event or EventStore: ApiEvent, FileEventStore …), comma-separated (default: every log file type and the RTEM objects); repeatable', list, [])
    .option('--objects <list>', 'sObjects to snapshot through Bulk API 2.0, comma-separated (e.g. Contact,Lead,Account); repeatable', list, [])
    .option('--query-all', 'snapshots include deleted and archived records (Bulk queryAll)')
    .option('--api-version <n>', 'Salesforce API version', '62.0')
    .option('--jwt-key <file>', 'sign in with the OAuth 2.0 JWT bearer flow: the connected app certificate\'s private key (PEM)')
    .option('--client-id <key>', 'the connected app\'s consumer key (JWT bearer or web login)')
    .option('--username <user>', 'the user the JWT bearer flow signs in as')
    .option('--login-url <url>', 'where to sign in (JWT, web login)', 'https://login.salesforce.com')
    .option('--web-login', 'sign in in a browser (authorization code with PKCE, redirect to http://localhost:<port>/OauthRedirect)')
    .option('--redirect-port <port>', 'loopback port of the web login redirect', port, 1717)
    .addOption(new Option('--access-token <token>').hideHelp())
    .option('--progress', 'report progress on stderr even when it is not a terminal')
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', '\nWith neither --jwt-key nor --web-login, the access token is read from the SF_ACCESS_TOKEN environment variable or, if it is unset, from standard input (typed without echo on a terminal). It is never taken from the command line and never written anywhere.')
    .action(async (opts: CollectOptions) => {
      process.exitCode = await runCollect(opts);
    });
}

async function runCollect(opts: CollectOptions): Promise<number> {
  const say = (text: string): void => void process.stderr.write(`leakscope: ${terminalSafe(text)}\n`);
  if (opts.accessToken !== undefined) {
    say('an access token is never taken from the command line (it would stay in the shell history and the process list): set SF_ACCESS_TOKEN or pipe it on standard input');
    return EXIT.usage;
  }
  const controller = new AbortController();
  const onSigint = (): void => {
    say('cancelling… (the bundle keeps every file that is complete; run the same command again to continue)');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const signedIn = await signIn(opts, controller.signal, say);
    if (!signedIn.ok) {
      say(signedIn.message);
      return signedIn.code;
    }
    const tty = process.stderr.isTTY === true;
    const show = tty || Boolean(opts.progress);
    const result = await collect({
      instanceUrl: opts.instanceUrl ?? signedIn.value.instanceUrl, auth: signedIn.value.source, outDir: path.resolve(opts.out),
      from: opts.from, to: opts.to, types: opts.types, objects: opts.objects, queryAll: Boolean(opts.queryAll), apiVersion: opts.apiVersion,
      signal: controller.signal, tool: { name: 'Leakscope', version: appVersion() },
      onProgress: show ? (p) => void process.stderr.write(tty ? `\r${formatCollectProgress(p).padEnd(110)}` : `${formatCollectProgress(p)}\n`) : undefined,
    });
    if (tty) process.stderr.write('\n');
    if (!result.ok) {
      say(result.error.message);
      return result.error.code === 'UNAUTHORIZED' ? EXIT.usage : exitFor(result.error.code);
    }
    const o = result.value;
    process.stdout.write(opts.json ? `${JSON.stringify(o, null, 2)}\n` : `${formatOutcome(o)}\n`);
    return o.complete ? EXIT.done : EXIT.doneWithProblems;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

type SignInResult = { ok: true; value: SignedIn } | { ok: false; code: number; message: string };

async function signIn(opts: CollectOptions, signal: AbortSignal, say: (t: string) => void): Promise<SignInResult> {
  try {
    if (opts.jwtKey) {
      if (!opts.clientId || !opts.username) return { ok: false, code: EXIT.usage, message: '--jwt-key needs --client-id and --username' };
      return { ok: true, value: await jwtBearer({ loginUrl: opts.loginUrl, clientId: opts.clientId, username: opts.username, keyFile: path.resolve(opts.jwtKey) }) };
    }
    if (opts.webLogin) {
      if (!opts.clientId) return { ok: false, code: EXIT.usage, message: '--web-login needs --client-id' };
      return { ok: true, value: await webLogin({ loginUrl: opts.loginUrl, clientId: opts.clientId, port: opts.redirectPort, signal, onUrl: (u) => say(`open this address in a browser and sign in: ${u}`) }) };
    }
    if (!opts.instanceUrl) return { ok: false, code: EXIT.usage, message: 'a pasted access token needs --instance-url (the org it belongs to)' };
    const token = await readToken();
    if (!token) return { ok: false, code: EXIT.usage, message: 'no access token: set SF_ACCESS_TOKEN, pipe it on standard input, or use --jwt-key / --web-login' };
    return { ok: true, value: { source: pastedToken(token), instanceUrl: opts.instanceUrl } };
  } catch (e) {
    return { ok: false, code: signal.aborted ? EXIT.cancelled : EXIT.usage, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The token from SF_ACCESS_TOKEN, or the first line of standard input (without echo on a terminal). */
async function readToken(): Promise<string | null> {
  const env = process.env['SF_ACCESS_TOKEN']?.trim();
  if (env) return env;
  const stdin = process.stdin;
  if (stdin.isTTY) {
    process.stderr.write('Access token (not shown): ');
    stdin.setRawMode(true);
    stdin.resume();
    try {
      let typed = '';
      for await (const chunk of stdin) {
        for (const ch of (chunk as Buffer).toString('utf8')) {
          if (ch === '\r' || ch === '\n') return typed.trim() || null;
          if (ch === '\u0003') return null;
          typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
        }
      }
      return typed.trim() || null;
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    }
  }
  let text = '';
  for await (const chunk of stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!.trim() || null;
}

/** One progress line: phase, MB done/known, files, ETA, what is being pulled. */
export function formatCollectProgress(p: CollectProgress): string {
  const mb = (b: number): string => (b / 1024 / 1024).toFixed(1);
  const eta = p.etaSeconds === null ? '' : `  ETA ${Math.floor(p.etaSeconds / 60)}:${String(p.etaSeconds % 60).padStart(2, '0')}`;
  return `${p.phase.padEnd(12)} ${mb(p.bytesDone)}/${mb(p.bytesPlanned)} MB  files ${p.filesDone}/${p.filesPlanned}${eta}${p.current ? `  ${p.current}` : ''}`;
}

function formatOutcome(o: { outDir: string; org: { id: string; name: string | null }; saved: number; verified: number; bytes: number; coverage: CoverageItem[]; notes: string[]; complete: boolean }): string {
  const lines = [
    `Collected from ${o.org.name ?? '?'} (${o.org.id}) into ${o.outDir}`,
    `  ${o.saved} file(s) saved (${(o.bytes / 1024 / 1024).toFixed(1)} MB), ${o.verified} already there and verified; every file is named with its SHA-256 in bundle.json`,
    `  ${o.complete ? 'complete' : 'NOT complete: run the same command again to continue'}`,
    'Coverage (coverage.json):',
  ];
  const counts = new Map<string, number>();
  for (const c of o.coverage) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  lines.push(`  ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}`);
  for (const c of o.coverage.filter((x) => x.status !== 'collected')) lines.push(`  ${c.kind.padEnd(8)} ${c.name.padEnd(28)} ${c.status.padEnd(13)} ${c.reason}`);
  if (o.notes.length) lines.push(`Notes (${o.notes.length}):`, ...o.notes.slice(0, 20).map((n) => `  ${n}`));
  lines.push(`Investigate it with: leakscope investigate ${o.outDir} --out <report dir>`);
  return lines.map(terminalSafe).join('\n');
}
