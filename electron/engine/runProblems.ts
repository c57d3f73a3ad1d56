/**
 * The problems of a run, found from the case's tables after scoping: no evidence, nothing
 * imported, an integration or user in the scope that names nothing, a scope that matches no
 * export, exports in scope that give no affected record (and why), files not taken in, rows
 * quarantined, a case database changed outside Leakscope. Each says what it means and what to do,
 * so an empty result is never mistaken for "nothing happened".
 */
import type { Coverage } from '../../shared/coverage.js';
import type { InvestigationScope, RunProblem, SkippedItem } from '../../shared/domain.js';
import { toId18 } from '../../shared/ids.js';
import { withAnalysisPlan } from './analysis/analysisPlan.js';
import type { CaseDb } from './store/duck.js';
import { sql } from './store/sql.js';

export interface ProblemInputs {
  scope: InvestigationScope;
  skipped: readonly SkippedItem[];
  quarantinedRows: number;
  /** Warnings of the seal check (a table changed outside Leakscope). */
  caseChanged: readonly string[];
  /** The log coverage of the run, when known: its gaps are said with the result. */
  coverage?: Coverage | null;
}

const n = (v: unknown): number => Number(v ?? 0);
const fmt = (v: number): string => v.toLocaleString('en-US');

/** Every problem of the run, blockers first. */
export async function findRunProblems(db: CaseDb, input: ProblemInputs): Promise<RunProblem[]> {
  const problems: RunProblem[] = [];
  // With the analysis plan (analysisPlan.ts): counting the events view otherwise hashed every event's file path (2 CPU-s at 10 M events).
  const counts = await withAnalysisPlan(db, () => db.one<{ sources: number; events: number; snapshots: number; exports: number; in_scope: number; affected: number; people: number; first: string | null; last: string | null }>(sql`
    SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM events) AS events,
      (SELECT count(*) FROM snapshot_tables) AS snapshots, (SELECT count(*) FROM exports) AS exports,
      (SELECT count(*) FROM in_scope_exports) AS in_scope, (SELECT count(*) FROM affected) AS affected,
      (SELECT count(*) FROM affected WHERE is_person) AS people,
      (SELECT strftime(min(start_ts), '%Y-%m-%dT%H:%M:%SZ') FROM exports) AS first, (SELECT strftime(max(start_ts), '%Y-%m-%dT%H:%M:%SZ') FROM exports) AS last`));
  const c = { sources: n(counts?.sources), events: n(counts?.events), snapshots: n(counts?.snapshots), exports: n(counts?.exports), inScope: n(counts?.in_scope), affected: n(counts?.affected), people: n(counts?.people) };

  for (const w of input.caseChanged) problems.push({ code: 'case_changed', severity: 'blocker', message: w, action: 'Find out who changed the case database; re-import the evidence into a new case to compare. `leakscope verify` names the table.' });
  if (c.sources === 0) {
    problems.push({ code: 'no_evidence', severity: 'blocker', message: 'No evidence file was taken in: the paths given hold no file Leakscope reads (or only files listed as not taken in).', action: 'Check the evidence paths: EventLogFile CSVs, Real-Time Event Monitoring exports, org metadata and snapshots (CSV, JSON, zip, gz).' });
  } else if (c.events === 0 && c.snapshots === 0) {
    problems.push({ code: 'nothing_imported', severity: 'blocker', message: `${fmt(c.sources)} file(s) were read, but none holds a log row or a record Leakscope recognises.`, action: 'Check the files are EventLogFile / RTEM exports (header with EVENT_TYPE, TIMESTAMP… or EventDate…) or sObject exports named <SObject>.csv; see the sources table.' });
  }
  if (input.skipped.length) {
    problems.push({ code: 'not_taken_in', severity: c.sources === 0 ? 'blocker' : 'warning', message: `${fmt(input.skipped.length)} item(s) found in the evidence were not taken in (${summariseKinds(input.skipped)}).`, action: 'See "Not taken in" for each path and reason; fix permissions or extract them, and run again on the same case.' });
  }
  if (c.events > 0 && c.exports === 0) {
    problems.push({ code: 'no_exports', severity: 'blocker', message: `No export was reconstructed from ${fmt(c.events)} log row(s): they hold no query, Bulk job, report export, list view or file download.`, action: 'Check which event types the evidence covers (Coverage): API, RestApi, BulkApi, BulkApi2, ReportExport, ContentTransfer EventLogFiles or RTEM ApiEvent are needed.' });
  }
  problems.push(...(await unknownNames(db, input.scope)), ...(await unknownExportIds(db, input.scope)));
  if (c.exports > 0 && c.inScope === 0) problems.push(scopeMatchesNothing(input.scope, c.exports, counts?.first ?? null, counts?.last ?? null));
  if (c.inScope > 0 && c.affected === 0) {
    problems.push(c.snapshots === 0
      ? { code: 'nothing_affected', severity: 'blocker', message: `${fmt(c.inScope)} export(s) are in scope, but the case holds no data snapshot, so no exposed record can be named or placed in a jurisdiction.`, action: 'Add exports of the objects read (Contact.csv, Lead.csv, Account.csv … from Data Export or a query) beside the Organization export, and run again on the same case.' }
      : { code: 'nothing_affected', severity: 'blocker', message: `${fmt(c.inScope)} export(s) are in scope, but none gave an affected record: their logs carry no record ids and their queries match no row of the ${fmt(c.snapshots)} snapshot(s).`, action: 'Check the snapshots cover the objects the exports read (see Unresolved exposure), or add Real-Time Event Monitoring ApiEvent exports, which list record ids.' });
  }
  if (c.people > 0) problems.push(...(await unplacedPeople(db, c.people)));
  problems.push(...(await unverifiedRules(db)), ...coverageProblems(input.coverage ?? null));
  if (input.quarantinedRows > 0) {
    problems.push({ code: 'rows_quarantined', severity: 'warning', message: `${fmt(input.quarantinedRows)} malformed row(s) were set aside and are not in any figure.`, action: 'See quarantine.csv (file, line, reason for each); repair and import the file again if the rows matter.' });
  }
  return sortProblems(problems);
}

/** Blockers first, each group in the order found. */
export function sortProblems(problems: readonly RunProblem[]): RunProblem[] {
  return [...problems].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'blocker' ? -1 : 1));
}

/**
 * Jurisdictions where people are affected whose notification rule is not verified against the law's text (partially
 * verified, unverified, or no rule at all): a "yes", "no" or "assess" from such a rule needs counsel's check. The
 * people from `affected` (ZZ, placed nowhere, is said by `people_unplaced`), the rule's status from the `duties` the run wrote.
 */
async function unverifiedRules(db: CaseDb): Promise<RunProblem[]> {
  if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'duties'`))) return [];
  const rows = await db.all<{ jurisdiction: string; level: string; people: number }>(sql`
    WITH p AS (SELECT jurisdiction, count(*) AS people FROM affected WHERE is_person AND jurisdiction <> 'ZZ' GROUP BY 1),
    v AS (SELECT jurisdiction, min(split_part(coalesce(verification, 'no rule'), ';', 1)) AS level FROM duties GROUP BY 1)
    SELECT p.jurisdiction, coalesce(v.level, 'no rule') AS level, p.people::BIGINT AS people
    FROM p LEFT JOIN v USING (jurisdiction) WHERE coalesce(v.level, 'no rule') <> 'verified'
    ORDER BY p.people DESC, p.jurisdiction`);
  if (!rows.length) return [];
  const label = (level: string): string => level.replace(/_/g, ' ');
  const named = rows.slice(0, 8).map((r) => `${r.jurisdiction} (${label(r.level)}, ${fmt(n(r.people))} ${n(r.people) === 1 ? "person" : "people"})`).join(', ');
  return [{
    code: 'rules_unverified', severity: 'warning',
    message: `${fmt(rows.length)} jurisdiction(s) where people are affected rest on notification rules not verified against the law's text: ${named}${rows.length > 8 ? `, and ${fmt(rows.length - 8)} more` : ''}. What their duties say (required or not) needs counsel's check.`,
    action: 'Have counsel check each against the cited law before relying on it: duties.json gives the citation and what is unverified, and the Jurisdictions table marks them.',
  }];
}

/** Gaps in the log evidence within retention, and hours beyond it, so an empty stretch is not read as "nothing happened". */
export function coverageProblems(coverage: Coverage | null): RunProblem[] {
  if (!coverage || coverage.types.length === 0) return [];
  const gaps = coverage.types.filter((t) => t.hours.missing > 0).sort((a, b) => b.hours.missing - a.hours.missing || a.eventType.localeCompare(b.eventType));
  if (!gaps.length) return [];
  const missing = gaps.reduce((s, t) => s + t.hours.missing, 0);
  const listed = gaps.reduce((s, t) => s + t.listedNotImported, 0);
  const named = gaps.slice(0, 6).map((t) => `${t.eventType} ${fmt(t.hours.missing)} h`).join(', ');
  return [{
    code: 'coverage_partial', severity: 'warning',
    message: `The log evidence has gaps between ${coverage.from.slice(0, 16).replace('T', ' ')} and ${coverage.to.slice(0, 16).replace('T', ' ')} UTC: ${fmt(missing)} type-hours within retention have no file (${named}${gaps.length > 6 ? ', …' : ''})${listed ? `, ${fmt(listed)} of them listed by Salesforce but not imported` : ''}. An export in those hours would not be seen.`,
    action: listed
      ? 'Import the EventLogFiles the listing names (the Coverage section gives the hours), or collect them again while they are within retention; a period with no file may also be one without events.'
      : 'See the Coverage section hour by hour; collect the missing EventLogFiles while they are within retention (a period with no file may also be one without events: an EventLogFile listing settles which).',
  }];
}

/** Affected people who cannot be placed in a jurisdiction (ZZ): their object has no snapshot, they are not in it, or their address says too little. */
async function unplacedPeople(db: CaseDb, people: number): Promise<RunProblem[]> {
  const rows = await db.all<{ object: string; unplaced: number; missing: number; has_snapshot: boolean }>(sql`
    SELECT a.object, count(*) AS unplaced,
      count(*) FILTER (WHERE a.name IS NULL AND a.email IS NULL AND a.street IS NULL AND a.city IS NULL AND a.country IS NULL) AS missing,
      bool_or(s.object IS NOT NULL) AS has_snapshot
    FROM affected a LEFT JOIN snapshot_tables s ON lower(s.object) = lower(a.object)
    WHERE a.is_person AND a.jurisdiction = 'ZZ' GROUP BY a.object ORDER BY a.object`);
  const total = rows.reduce((t, r) => t + n(r.unplaced), 0);
  if (total === 0) return [];
  const severity = total === people ? 'blocker' : 'warning';
  const out: RunProblem[] = [];
  const noSnapshot = rows.filter((r) => !r.has_snapshot && n(r.missing) > 0);
  const notInSnapshot = rows.filter((r) => r.has_snapshot && n(r.missing) > 0);
  const sum = (xs: typeof rows, k: 'missing' | 'unplaced'): number => xs.reduce((t, r) => t + n(r[k]), 0);
  if (noSnapshot.length) {
    const objects = noSnapshot.map((r) => r.object).join(', ');
    out.push({ code: 'people_unplaced', severity, message: `${fmt(sum(noSnapshot, 'missing'))} of ${fmt(people)} affected people are known only by their record id: the case holds no snapshot of ${objects}, so they cannot be named or placed in a jurisdiction (counted under ZZ).`, action: `Add exports of ${objects} (from Data Export or a query) beside the Organization export, and run again on the same case.` });
  }
  if (notInSnapshot.length) {
    out.push({ code: 'people_unplaced', severity, message: `${fmt(sum(notInSnapshot, 'missing'))} of ${fmt(people)} affected people are not in the snapshots of ${notInSnapshot.map((r) => r.object).join(', ')}: they cannot be named or placed in a jurisdiction (counted under ZZ).`, action: 'Add a snapshot that holds them (a later export, or deleted records from the Recycle Bin), and run again on the same case.' });
  }
  const badAddress = total - sum(rows, 'missing');
  if (badAddress > 0) {
    out.push({ code: 'people_unplaced', severity: 'warning', message: `${fmt(badAddress)} of ${fmt(people)} affected people have an address that places them in no jurisdiction (counted under ZZ).`, action: 'Review them in the ZZ list; assign a jurisdiction by hand where the record says more than its address.' });
  }
  return out;
}

/** An integration or user named in the scope that no export of the case was made by. */
async function unknownNames(db: CaseDb, scope: InvestigationScope): Promise<RunProblem[]> {
  const out: RunProblem[] = [];
  const checks: [string, readonly string[], 'app' | 'user'][] = [['integration', scope.integrations, 'app'], ['user', scope.users, 'user']];
  for (const [what, names, kind] of checks) {
    for (const wanted of names) {
      const id = toId18(wanted) ?? '';
      const name = wanted.trim().toLowerCase();
      const hit = kind === 'app'
        ? await db.one(sql`SELECT 1 FROM exports WHERE app_id = ${id} OR lower(app_name) = ${name} LIMIT 1`)
        : await db.one(sql`SELECT 1 FROM exports WHERE user_id = ${id} OR lower(username) = ${name} LIMIT 1`);
      if (hit) continue;
      const known = kind === 'app'
        ? await db.all<{ v: string }>(sql`SELECT coalesce(app_name, app_id) AS v FROM exports WHERE coalesce(app_name, app_id) IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 6`)
        : await db.all<{ v: string }>(sql`SELECT coalesce(username, user_id) AS v FROM exports WHERE coalesce(username, user_id) IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 6`);
      out.push({
        code: 'scope_name_unknown', severity: 'blocker',
        message: `No export of this case was made ${kind === 'app' ? 'through' : 'by'} the ${what} "${wanted}".${known.length ? ` Known ${what}s: ${known.map((k) => k.v).join(', ')}.` : ''}`,
        action: `Check the spelling, or give its id (15 or 18 characters); \`leakscope exports <case>\` lists every ${what}.`,
      });
    }
  }
  return out;
}

/** Export ids taken into or left out of scope by hand that name no export of the case (a typo, or an export of another case). */
async function unknownExportIds(db: CaseDb, scope: InvestigationScope): Promise<RunProblem[]> {
  const out: RunProblem[] = [];
  const lists: [readonly string[], 'in' | 'out'][] = [[scope.exportIds ?? [], 'in'], [scope.excludeExportIds ?? [], 'out']];
  for (const [ids, way] of lists) {
    if (!ids.length) continue;
    const missing = await db.all<{ id: string }>(sql`
      SELECT w.id FROM (SELECT DISTINCT unnest(string_split(${ids.join(',')}, ',')) AS id) w
      WHERE NOT EXISTS (SELECT 1 FROM exports x WHERE x.export_id = w.id) ORDER BY w.id LIMIT 20`);
    if (!missing.length) continue;
    const total = Number((await db.one<{ n: number }>(sql`
      SELECT count(*)::BIGINT AS n FROM (SELECT DISTINCT unnest(string_split(${ids.join(',')}, ',')) AS id) w
      WHERE NOT EXISTS (SELECT 1 FROM exports x WHERE x.export_id = w.id)`))?.n ?? missing.length);
    const named = `${missing.map((m) => m.id).join(', ')}${total > missing.length ? ` and ${fmt(total - missing.length)} more` : ''}`;
    out.push({
      code: 'scope_export_unknown', severity: way === 'in' ? 'blocker' : 'warning',
      message: way === 'in'
        ? `${fmt(total)} export id(s) taken into scope by hand name no export of this case: ${named}. Nobody they stand for is counted.`
        : `${fmt(total)} export id(s) left out of scope by hand name no export of this case: ${named}; leaving them out changes nothing.`,
      action: 'Check the ids against the Exports list (or `leakscope exports <case>`); export ids are X- and 12 hex digits.',
    });
  }
  return out;
}

function scopeMatchesNothing(scope: InvestigationScope, exports: number, first: string | null, last: string | null): RunProblem {
  const named = scope.integrations.length > 0 || scope.users.length > 0;
  const leftOut = scope.excludeExportIds?.length ?? 0;
  if (leftOut > 0) {
    return {
      code: 'scope_matches_nothing', severity: 'blocker',
      message: `Nothing is in scope: ${fmt(leftOut)} export(s) were left out by hand and the rest of the scope selects no other of the ${fmt(exports)} exports, so no one is counted as affected.`,
      action: 'Take exports back into scope on the Scope screen (or drop --exclude-export), or widen the scope.',
    };
  }
  const window = scope.from || scope.to ? ` between ${scope.from ?? 'the start'} and ${scope.to ?? 'the end'}` : '';
  const span = first && last ? ` The exports run from ${first} to ${last}.` : '';
  if (!named) {
    return {
      code: 'scope_matches_nothing', severity: 'blocker',
      message: `None of the ${fmt(exports)} exports${window} was flagged suspicious, so nothing is in scope and no one is counted as affected.${span}`,
      action: 'Scope by hand: name the integration(s) or user(s) under investigation (--integration / --user, or the scope fields), or review the exports list.',
    };
  }
  const who = [...scope.integrations.map((i) => `integration "${i}"`), ...scope.users.map((u) => `user "${u}"`)].join(', ');
  return {
    code: 'scope_matches_nothing', severity: 'blocker',
    message: `The scope (${who}${window}) matches none of the ${fmt(exports)} exports.${span}`,
    action: 'Widen the time range or check the names; the exports list shows what each integration and user did.',
  };
}

function summariseKinds(items: readonly SkippedItem[]): string {
  const by = new Map<string, number>();
  for (const i of items) by.set(i.kind, (by.get(i.kind) ?? 0) + 1);
  return [...by].map(([k, v]) => `${v} ${k}`).join(', ');
}
