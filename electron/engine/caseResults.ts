/**
 * The results of a case's last investigation, read back from the case's tables and its custody
 * log so the app can reopen a case (after a reload, on another day) without re-running anything:
 * sources, export counts, affected summary, jurisdictions with their notices, problems (found again
 * from the tables, with a table changed since its seal named first), quarantine and the output
 * files the run wrote. The unresolved exposure and the log coverage are not kept in tables; they are
 * read from the run's affected.json and coverage.json, only when each still has the SHA-256 the run
 * recorded. The case database is opened read-only: reopening (or reviewing) writes nothing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Coverage } from '../../shared/coverage.js';
import type { InvestigationResult, InvestigationScope, JurisdictionCount, SkippedItem, UnresolvedExposure } from '../../shared/domain.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { sealFindings } from './caseSeals.js';
import { CustodyLog, type CustodyEntry } from './casestore/custody.js';
import { describeUnfinished, unfinishedRuns } from './casestore/runs.js';
import { listSources } from './intake/intake.js';
import { readQuarantine } from './importCase.js';
import type { JurisdictionData } from './jurisdiction/loadTables.js';
import { countCaseExports } from './queries/exportCounts.js';
import { withCaseDb } from './queries/openCase.js';
import { findRunProblems } from './runProblems.js';
import { jurisdictionCounts, summariseAffected } from './scoping/affected.js';
import type { CaseDb } from './store/duck.js';
import { sql } from './store/sql.js';

const EMPTY_SCOPE: InvestigationScope = { integrations: [], users: [], from: null, to: null, awareAt: null };
const TABLES_NEEDED = ['exports', 'flags', 'in_scope_exports', 'affected'];

/** The last finished investigation of the case, as its custody entries tell it. */
interface LastRun {
  started: CustodyEntry;
  finished: CustodyEntry;
  outDir: string | null;
  scope: InvestigationScope;
  skipped: SkippedItem[];
  outputs: { file: string; sha256: string }[];
}

/** Rebuilds the InvestigationResult of the case's last finished investigation from its tables; NOT_FOUND when it has none. */
export async function readCaseResults(caseDir: string, geo: JurisdictionData): Promise<Result<InvestigationResult>> {
  const dir = path.resolve(caseDir);
  const custodyPath = path.join(dir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir} (no ${CUSTODY_DB})`);
  const log = CustodyLog.open(custodyPath, { key: null });
  let entries: CustodyEntry[];
  let interrupted: string[];
  try {
    entries = log.entries();
    interrupted = unfinishedRuns(log).map(describeUnfinished);
  } finally {
    log.close();
  }
  const last = lastInvestigation(entries);
  if (!last) return fail('NOT_FOUND', `The case in ${caseDir} has not been investigated yet: import evidence and run the investigation`);
  // Neither is kept in a table (coverage is re-derived only by a run, which writes to the case): the run's own files, hash-checked.
  const affected = readRunOutput<{ unresolved?: UnresolvedExposure[] }>(last, 'affected.json', 'unresolved exposure');
  const coverage = readRunOutput<Record<string, unknown>>(last, 'coverage.json', 'log coverage');
  const runCoverage = coverageOf(coverage.value);
  const read = await withCaseDb(path.join(dir, CASE_DB), async (db) => {
    for (const t of TABLES_NEEDED) if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${t}`))) return null;
    return fromTables(db, dir, last, entries, geo, runCoverage ?? null);
  });
  if (!read) return fail('NOT_FOUND', `The case in ${caseDir} holds no investigated tables (case.duckdb missing or never analysed): run the investigation`);
  const warnings = [...interrupted, ...read.sealWarnings, ...[affected.warning, coverage.warning].filter((w): w is string => w !== null)];
  return ok({ ...read.result, unresolved: affected.value?.unresolved ?? [], coverage: runCoverage, warnings });
}

/**
 * A JSON output of the case's last finished investigation (affected.json, duties.json, …), parsed, only when it still
 * has the SHA-256 the run recorded: what the analysis computed but no table keeps, for writing the report set again.
 */
export function readLastRunDocument<T>(caseDir: string, name: string, what: string): { value: T | null; warning: string | null } {
  const custodyPath = path.join(path.resolve(caseDir), CUSTODY_DB);
  if (!existsSync(custodyPath)) return { value: null, warning: `No case in ${caseDir} (no ${CUSTODY_DB})` };
  const log = CustodyLog.open(custodyPath, { key: null });
  let last: LastRun | null;
  try {
    last = lastInvestigation(log.entries());
  } finally {
    log.close();
  }
  if (!last) return { value: null, warning: `The case in ${caseDir} has not been investigated yet` };
  return readRunOutput<T>(last, name, what);
}

function lastInvestigation(entries: readonly CustodyEntry[]): LastRun | null {
  const started = new Map<string, CustodyEntry>();
  let found: { started: CustodyEntry; finished: CustodyEntry } | null = null;
  for (const e of entries) {
    const runId = (e.detail as { runId?: unknown } | null)?.runId;
    if (typeof runId !== 'string') continue;
    if (e.action === 'investigation.started') started.set(runId, e);
    if (e.action === 'investigation.finished') {
      const outcome = (e.detail as { outcome?: string }).outcome;
      const s = started.get(runId);
      if (s && (outcome === 'done' || outcome === 'done-with-problems')) found = { started: s, finished: e };
    }
  }
  if (!found) return null;
  const d = found.started.detail as { outDir?: string; scope?: Partial<InvestigationScope> };
  const within = entries.filter((e) => e.seq > found.started.seq && e.seq < found.finished.seq);
  const written = within.filter((e) => e.action === 'report.written' && (e.detail as { command?: string }).command === undefined).pop();
  return {
    ...found,
    outDir: d.outDir ?? null,
    scope: { ...EMPTY_SCOPE, ...(d.scope ?? {}) },
    skipped: within.filter((e) => e.action === 'source.skipped').map((e) => e.detail as SkippedItem),
    outputs: ((written?.detail as { outputs?: { file: string; sha256: string }[] } | undefined)?.outputs ?? []).map((o) => ({ file: o.file, sha256: o.sha256 })),
  };
}

async function fromTables(db: CaseDb, caseDir: string, last: LastRun, entries: readonly CustodyEntry[], geo: JurisdictionData, coverage: Coverage | null) {
  // Reopened in the process that sealed it (or checked it since), unchanged on disk: the seals are not hashed again.
  const seal = await sealFindings(db, entries, { remembered: true });
  const sealWarnings = seal.problems.map((p) => `Case database changed since its seal (custody entry ${seal.sealedAt}): ${p}`);
  const quarantinedRows = Number((await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM quarantine`))?.n ?? 0);
  const summary = await summariseAffected(db);
  const result: Omit<InvestigationResult, 'unresolved' | 'warnings' | 'coverage'> = {
    caseDir,
    outDir: last.outDir ?? caseDir,
    scope: last.scope,
    sources: await listSources(db),
    exportCounts: await countCaseExports(db),
    summary,
    jurisdictions: await withNotices(db, jurisdictionCounts(summary, geo)),
    problems: await findRunProblems(db, { scope: last.scope, skipped: last.skipped, quarantinedRows, caseChanged: sealWarnings, coverage }),
    skipped: last.skipped,
    quarantine: await readQuarantine(db, 'all', 1000),
    quarantinedRows,
    outputs: last.outputs,
  };
  return { result, sealWarnings };
}

/** Each jurisdiction's exposed categories (from `affected`) and its notices (from `duties`), as the run annotated them. */
async function withNotices(db: CaseDb, counts: JurisdictionCount[]): Promise<JurisdictionCount[]> {
  const hasDuties = await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'duties'`);
  if (!hasDuties) return counts;
  const notices = await db.all<{ jurisdiction: string; recipient: string; required: string; due: string | null }>(sql`
    SELECT jurisdiction, recipient, required, strftime(due, '%Y-%m-%dT%H:%M:%S.%gZ') AS due FROM duties ORDER BY jurisdiction, rowid`);
  const categories = await db.all<{ jurisdiction: string; categories: string[] }>(sql`
    SELECT jurisdiction, list_sort(list_distinct(list(c))) AS categories FROM (
      SELECT jurisdiction, unnest(categories) AS c FROM affected WHERE is_person
    ) GROUP BY 1`);
  const catBy = new Map(categories.map((c) => [c.jurisdiction, [...c.categories]]));
  return counts.map((c) => ({
    ...c,
    categories: catBy.get(c.code) ?? [],
    notices: notices.filter((n) => n.jurisdiction === c.code).map((n) => ({ recipient: n.recipient, required: n.required, due: n.due })),
  }));
}

/** An output file of the run, parsed, only when it still has the SHA-256 the run recorded; otherwise why not. */
function readRunOutput<T>(last: LastRun, name: string, what: string): { value: T | null; warning: string | null } {
  const recorded = last.outputs.find((o) => o.file === name);
  const file = last.outDir ? path.join(last.outDir, name) : null;
  if (!recorded || !file || !existsSync(file)) return { value: null, warning: `The ${what} of the last run is kept in its ${name}, which is no longer in its output folder` };
  const text = readFileSync(file);
  const sha256 = createHash('sha256').update(text).digest('hex');
  if (sha256 !== recorded.sha256) return { value: null, warning: `${file} changed since the run wrote it (SHA-256 ${sha256}, recorded ${recorded.sha256}): its ${what} is not shown` };
  try {
    return { value: JSON.parse(text.toString('utf8')) as T, warning: null };
  } catch (e) {
    return { value: null, warning: `${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** coverage.json without its output header: the Coverage the run computed. */
function coverageOf(doc: Record<string, unknown> | null): Coverage | undefined {
  if (!doc) return undefined;
  const { schemaVersion: _v, generatedAt: _g, tool: _t, caseDir: _c, ...coverage } = doc;
  return coverage as unknown as Coverage;
}
