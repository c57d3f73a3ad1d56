/**
 * The app's Report button: `reportCase` (reports/pdf/reportCase.ts, the code of `leakscope report`) writing the whole
 * report set into a new folder
 * `<case>/reports/<id>/`, with progress and cancel, and the reports a case holds listed from its
 * custody log (`report.written`), each file with the SHA-256 recorded and whether it still has it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { realpath, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fail, ok, type Result } from '../../shared/result.js';
import type { GeneratedReport, WrittenFile } from '../../shared/workbench.js';
import { CUSTODY_DB } from './caseLayout.js';
import { CustodyLog } from './casestore/custody.js';
import { reportCase } from './reports/pdf/reportCase.js';

export const REPORTS_FOLDER = 'reports';

export interface GenerateReportRequest {
  caseDir: string;
  resourcesDir: string;
  tool: { name: string; version: string };
  actor: string;
  privileged?: boolean;
  /** The redacted set for wider circulation (`leakscope report --redacted`). */
  redacted?: boolean;
  signal?: AbortSignal;
  onProgress?: (section: string, done: number, total: number) => void;
  /** For tests: the clock the report id is taken from. */
  now?: Date;
}

/** A report id from the time: `20261201-170655`, with `-2`, `-3`… when one of that second exists. */
export function reportId(caseDir: string, now: Date): string {
  const base = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-');
  let id = base;
  for (let n = 2; existsSync(path.join(caseDir, REPORTS_FOLDER, id)); n++) id = `${base}-${n}`;
  return id;
}

/** Creates `<case>/reports/<id>/` empty, so two reports started in the same second cannot take the same folder. */
function reserveReportDir(caseDir: string, now: Date): { id: string; dir: string } {
  mkdirSync(path.join(caseDir, REPORTS_FOLDER), { recursive: true });
  for (;;) {
    const id = reportId(caseDir, now);
    const dir = path.join(caseDir, REPORTS_FOLDER, id);
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** Writes the whole report set (the files `leakscope report --out` writes) into `<case>/reports/<id>/` and lists them. */
export async function generateCaseReport(req: GenerateReportRequest): Promise<Result<GeneratedReport>> {
  const caseDir = path.resolve(req.caseDir);
  if (!existsSync(path.join(caseDir, CUSTODY_DB))) return fail('NOT_FOUND', `No case at ${req.caseDir} (no ${CUSTODY_DB})`);
  const { id, dir } = reserveReportDir(caseDir, req.now ?? new Date());
  const written = await reportCase({
    caseDir, outDir: dir, resourcesDir: req.resourcesDir, tool: req.tool, actor: req.actor, privileged: req.privileged, redacted: req.redacted, signal: req.signal, onProgress: req.onProgress,
  });
  if (!written.ok) {
    await rmdir(dir).catch(() => undefined); // only when nothing was written into it
    return written;
  }
  const files = await listed(dir, written.value.outputs);
  const at = lastReportEntry(caseDir, dir);
  return ok({ id, dir, at: at?.at ?? null, actor: at?.actor ?? req.actor, files, pages: written.value.pages, head: written.value.head, warnings: written.value.warnings });
}

/** The files of a report folder as the custody entry lists them, each with its size now (-1: no longer there). */
async function listed(dir: string, outputs: readonly { file: string; sha256: string }[]): Promise<WrittenFile[]> {
  const files: WrittenFile[] = [];
  for (const o of outputs) {
    const p = path.join(dir, ...o.file.split('/'));
    files.push({ file: o.file, path: p, sha256: o.sha256, bytes: (await stat(p).catch(() => null))?.size ?? -1 });
  }
  return files;
}

function lastReportEntry(caseDir: string, dir: string): { at: string; actor: string } | null {
  const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
  try {
    return log.entries().filter((e) => e.action === 'report.written' && (e.detail as { outDir?: string }).outDir === dir).pop() ?? null;
  } finally {
    log.close();
  }
}

/** Every report generated into the case's reports folder, newest first, from the custody log. */
export async function listCaseReports(caseDir: string): Promise<Result<GeneratedReport[]>> {
  const dir = path.resolve(caseDir);
  const file = path.join(dir, CUSTODY_DB);
  if (!existsSync(file)) return fail('NOT_FOUND', `No case in ${caseDir}`);
  const log = CustodyLog.open(file, { key: null });
  let entries;
  try {
    entries = log.entries();
  } finally {
    log.close();
  }
  const root = path.join(dir, REPORTS_FOLDER) + path.sep;
  const reports: GeneratedReport[] = [];
  for (const e of entries) {
    const d = e.detail as { outDir?: string; outputs?: { file: string; sha256: string }[] };
    if (e.action !== 'report.written' || typeof d.outDir !== 'string' || !d.outDir.startsWith(root)) continue;
    reports.push({ id: path.basename(d.outDir), dir: d.outDir, at: e.at, actor: e.actor, files: await listed(d.outDir, d.outputs ?? []), pages: null, head: null, warnings: [] });
  }
  return ok(reports.reverse());
}

/**
 * The path of one file of one of the case's reports, for opening or downloading it: only a file the report's custody
 * entry lists, inside `<case>/reports/<id>/` once symlinks are resolved; anything else (a climbing path, another
 * folder, a file the report did not write) is refused.
 */
export async function resolveReportFile(caseDir: string, reportId: string, file: string): Promise<Result<string>> {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(reportId)) return fail('BAD_REQUEST', `Not a report id: ${reportId.slice(0, 80)}`);
  const segments = file.split('/');
  if (file.includes('\\') || file.includes('\0') || path.isAbsolute(file) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    return fail('BAD_REQUEST', `Refused ${file.slice(0, 120)}: only a file of the report folder may be opened`);
  }
  const list = await listCaseReports(caseDir);
  if (!list.ok) return list;
  const report = list.value.find((r) => r.id === reportId);
  if (!report) return fail('NOT_FOUND', `No report ${reportId} in ${caseDir}`);
  const entry = report.files.find((f) => f.file === file);
  if (!entry) return fail('NOT_FOUND', `Report ${reportId} wrote no file ${file}`);
  const root = await realpath(path.join(path.resolve(caseDir), REPORTS_FOLDER)).catch(() => null);
  const real = await realpath(entry.path).catch(() => null);
  if (!root || !real) return fail('NOT_FOUND', `${file} of report ${reportId} is no longer there`);
  if (!real.startsWith(root + path.sep)) return fail('BAD_REQUEST', `Refused ${file}: it resolves outside the case's reports folder`);
  return ok(real);
}
