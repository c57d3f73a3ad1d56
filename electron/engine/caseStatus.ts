/**
 * Where an investigation stands, for `leakscope open <case>` and the app's Cases screen: the
 * evidence taken in, the last runs and how they ended, the exports, affected people and duties of
 * the last run, the outputs written, the notes and mapping decisions, and the custody chain head.
 * Read from the case's tables and its custody log; nothing is recomputed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CaseRun, CaseStatus } from '../../shared/caseStatus.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { categoryDecisions } from './casestore/categoryOverrides.js';
import { CustodyLog, type CustodyEntry } from './casestore/custody.js';
import { listNotes } from './casestore/notes.js';
import { unfinishedRuns } from './casestore/runs.js';
import { withAnalysisPlan } from './analysis/analysisPlan.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { countCaseExports } from './queries/exportCounts.js';
import { isBookkeeping } from './reports/pdf/custodyFacts.js';
import { withCaseDb } from './queries/openCase.js';
import type { CaseDb } from './store/duck.js';
import { sql } from './store/sql.js';

/** The status of the case in `caseDir`, or NOT_FOUND when it is no case. */
export async function readCaseStatus(caseDir: string): Promise<Result<CaseStatus>> {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir} (no ${CUSTODY_DB}); \`leakscope investigate … --case ${caseDir}\` creates one`);
  const log = CustodyLog.open(custodyPath, { key: null });
  try {
    const entries = log.entries();
    const runs = runsOf(entries);
    const notes = listNotes(log.store(), { includeRetracted: false });
    const lastInv = [...runs].reverse().find((r) => r.kind === 'investigation' && r.finishedAt !== null) ?? null;
    const fromDb = await withCaseDb(path.join(caseDir, CASE_DB), (db) => fromCaseDb(db));
    const head = log.head();
    return ok({
      caseDir,
      createdAt: entries[0]?.at ?? null,
      investigators: [...new Set(entries.map((e) => e.actor))].sort(),
      evidence: fromDb?.evidence ?? null,
      runs: runs.slice(-10),
      interrupted: unfinishedRuns(log).length,
      lastInvestigation: lastInv && { at: lastInv.finishedAt ?? lastInv.startedAt, outcome: lastInv.outcome, outDir: lastInv.outDir, ...(fromDb?.results ?? { exports: null, people: null, jurisdictions: null, duties: null }) },
      outputs: outputsOf(entries),
      notes: { total: notes.length, privileged: notes.filter((n) => n.privileged).length, bookmarks: notes.filter((n) => n.kind === 'bookmark').length },
      mappingDecisions: categoryDecisions(log.store()).length,
      custody: { entries: entries.length, head: head ? `${head.seq}:${head.hash}` : null },
    });
  } finally {
    log.close();
  }
}

/** The last output set written and the findings recorded in custody since (what its files do not show yet). */
function outputsOf(entries: readonly CustodyEntry[]): CaseStatus['outputs'] {
  let last = -1;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.action === 'report.written') { last = i; break; }
  if (last < 0) return null;
  const written = entries[last]!;
  const counts = new Map<string, number>();
  for (const e of entries.slice(last + 1)) if (!isBookkeeping(e.action)) counts.set(e.action, (counts.get(e.action) ?? 0) + 1);
  return {
    at: written.at, seq: written.seq, outDir: (written.detail as { outDir?: string } | null)?.outDir ?? null,
    changesSince: [...counts].map(([action, count]) => ({ action, count })).sort((a, b) => b.count - a.count || a.action.localeCompare(b.action)),
  };
}

function runsOf(entries: readonly { action: string; at: string; actor: string; detail: unknown }[]): CaseRun[] {
  const byId = new Map<string, CaseRun>();
  for (const e of entries) {
    const m = /^(investigation|import)\.(started|finished)$/.exec(e.action);
    const d = (e.detail ?? {}) as { runId?: string; outcome?: string; outDir?: string; scope?: unknown };
    if (!m || typeof d.runId !== 'string') continue;
    if (m[2] === 'started') byId.set(d.runId, { kind: m[1] as CaseRun['kind'], runId: d.runId, startedAt: e.at, finishedAt: null, outcome: null, actor: e.actor, outDir: d.outDir ?? null, scope: d.scope ?? null });
    else {
      const run = byId.get(d.runId);
      if (run) Object.assign(run, { finishedAt: e.at, outcome: d.outcome ?? null, outDir: run.outDir ?? d.outDir ?? null });
    }
  }
  return [...byId.values()];
}

async function has(db: CaseDb, table: string): Promise<boolean> {
  return (await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = ${table}`)) !== null;
}

async function fromCaseDb(db: CaseDb): Promise<{ evidence: NonNullable<CaseStatus['evidence']>; results: Omit<NonNullable<CaseStatus['lastInvestigation']>, 'at' | 'outcome' | 'outDir'> }> {
  // With the analysis plan (analysisPlan.ts): counting the events view otherwise hashed every event's file path (2.3 CPU-s at 10 M events).
  const e = await withAnalysisPlan(db, () => db.one<{ sources: number; bytes: number; events: number; quarantined: number }>(sql`
    SELECT (SELECT count(*) FROM sources)::BIGINT AS sources, (SELECT coalesce(sum(bytes), 0) FROM sources)::BIGINT AS bytes,
      (SELECT count(*) FROM events)::BIGINT AS events, (SELECT count(*) FROM quarantine)::BIGINT AS quarantined`));
  const snapshots = (await db.all<{ object: string }>(sql`SELECT DISTINCT object FROM snapshot_tables ORDER BY 1`)).map((r) => r.object);
  const orgs = (await has(db, 'exports'))
    ? await db.all<{ id: string; name: string | null }>(sql`SELECT org_id AS id, any_value(org_name) AS name FROM exports WHERE org_id IS NOT NULL GROUP BY 1 ORDER BY 1`)
    : [];
  const exports = (await has(db, 'exports')) && (await has(db, 'flags')) && (await has(db, 'in_scope_exports')) ? await countCaseExports(db) : null;
  const people = (await has(db, 'affected'))
    ? await db.one<{ people: number; jurisdictions: number }>(sql`SELECT count(*) FILTER (WHERE is_person)::BIGINT AS people, count(DISTINCT jurisdiction) FILTER (WHERE is_person)::BIGINT AS jurisdictions FROM affected`)
    : null;
  const duties = (await has(db, 'duties'))
    ? await db.one<{ total: number; required: number; assess: number; earliest: string | null }>(sql`
        SELECT count(*)::BIGINT AS total, count(*) FILTER (WHERE required = 'yes')::BIGINT AS required, count(*) FILTER (WHERE required = 'assess')::BIGINT AS assess,
          strftime(min(due) FILTER (WHERE required IN ('yes', 'assess')), '%Y-%m-%dT%H:%M:%SZ') AS earliest FROM duties`)
    : null;
  return {
    evidence: { sources: Number(e?.sources ?? 0), bytes: Number(e?.bytes ?? 0), events: Number(e?.events ?? 0), quarantined: Number(e?.quarantined ?? 0), snapshots, orgs },
    results: {
      exports,
      people: people ? Number(people.people) : null,
      jurisdictions: people ? Number(people.jurisdictions) : null,
      duties: duties ? { total: Number(duties.total), required: Number(duties.required), toAssess: Number(duties.assess), earliestDue: duties.earliest } : null,
    },
  };
}
