/**
 * Log coverage: for every event type and UTC hour of the investigated range, whether the logs
 * show events (`present`), were collected and hold none (`empty`: Salesforce writes a file only
 * for periods with at least one event, so a quiet hour inside an imported daily file means
 * nothing happened), were not collected (`missing`; "listed but not imported" when an
 * EventLogFile listing says the file exists), can no longer be collected (`beyond_retention`),
 * or were never available (`not_licensed`: an add-on type when the evidence holds no licensed
 * type at all). Covered periods: periods.ts. Licence and retention figures: logTypes.ts.
 */
import { COVERAGE_STATES, type Coverage, type CoverageRun, type CoverageState, type HourCounts, type TypeCoverage } from '../../../shared/coverage.js';
import { assertNever } from '../../../shared/result.js';
import { parseIsoTimestamp, toIso } from '../../../shared/time.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { withAnalysisPlan } from './analysisPlan.js';
import { KEY_ELF_TYPES, logTypeRules } from './logTypes.js';
import { recordSourcePeriods } from './periods.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Above this many hours (about 11 years) a range is refused rather than expanded hour by hour. */
const MAX_HOURS = 100_000;
/** Event times before this are taken as defaults or typos, not as log coverage. */
const PLAUSIBLE_FROM_MS = Date.UTC(2000, 0, 1);

/**
 * Computes coverage over `range` (default: the span of the evidence, whole UTC days), with
 * retention counted back from `asOf` (default: the latest event or listing time). With the analysis plan
 * (analysisPlan.ts): counting the events per type and hour otherwise built a hash table of every event's type, time
 * and file path (10 million events: 650 MB in DuckDB, peak RSS 1.8 GB, 4× the CPU).
 */
export async function computeCoverage(db: CaseDb, range: { from: string; to: string } | null, asOf: string | null): Promise<Coverage> {
  return withAnalysisPlan(db, () => coverageOf(db, range, asOf));
}

async function coverageOf(db: CaseDb, range: { from: string; to: string } | null, asOf: string | null): Promise<Coverage> {
  const recorded = await recordSourcePeriods(db);
  // A row timestamped before 2000 or after tomorrow (a 1900-01-01 default, a typo) must not stretch the span to a century:
  // such hours are left out of coverage and said so in the notes; the events themselves are kept.
  const lo = PLAUSIBLE_FROM_MS;
  const hi = Date.now() + DAY;
  const periods = recorded.periods.filter((p) => p.end > lo && p.start < hi).map((p) => ({ ...p, start: Math.max(p.start, lo), end: Math.min(p.end, hi) }));
  const periodNotes = [...recorded.notes];
  const listing = await db.all<{ event_type: string; s: number; e: number; created: number | null }>(
    sql`SELECT event_type, epoch_ms(start_ts) AS s, epoch_ms(end_ts) AS e, epoch_ms(created_date) AS created FROM log_listing
     WHERE start_ts IS NOT NULL AND event_type IS NOT NULL`,
  );
  const allCounts = await db.all<{ event_type: string; h: number; n: number }>(
    sql`SELECT event_type, epoch_ms(date_trunc('hour', ts)) AS h, count(*)::BIGINT AS n FROM events WHERE ts IS NOT NULL GROUP BY ALL`,
  );
  const counts = allCounts.filter((c) => c.h >= lo && c.h < hi);
  const outside = allCounts.filter((c) => c.h < lo || c.h >= hi).reduce((n, c) => n + c.n, 0);
  if (outside > 0) periodNotes.push(`${outside} event(s) are timestamped before 2000 or in the future; their hours are left out of coverage (the events are kept).`);
  const latestRaw = (await db.one<{ m: number | null }>(sql`SELECT epoch_ms(max(ts)) AS m FROM events`))?.m ?? null;
  const latestEvent = latestRaw === null ? null : Math.min(latestRaw, hi);

  // One spelling per type, case-insensitively: the evidence's own first, the key list's otherwise.
  const names = new Map<string, string>();
  const name = (t: string): string => {
    const k = t.toLowerCase();
    if (!names.has(k)) names.set(k, t);
    return names.get(k)!;
  };
  periods.forEach((p) => name(p.eventType));
  listing.forEach((l) => name(l.event_type));
  counts.forEach((c) => name(c.event_type));
  const evidenceTypes = new Set(names.keys());
  KEY_ELF_TYPES.forEach((t) => name(t));
  const licensedEvidence = [...evidenceTypes].some((k) => logTypeRules(names.get(k)!, true).licence === 'add_on');

  const given = range ? { from: parseIsoTimestamp(range.from), to: parseIsoTimestamp(range.to) } : null;
  if (given && (given.from === null || given.to === null)) throw new Error(`Coverage range is not two ISO times: ${range!.from} → ${range!.to}`);
  const starts = [...periods.map((p) => p.start), ...listing.map((l) => l.s), ...counts.map((c) => c.h)];
  const ends = [...periods.map((p) => p.end), ...listing.map((l) => l.e), ...counts.map((c) => c.h + HOUR)];
  const from = given ? floorTo(given.from!, HOUR) : starts.length ? floorTo(Math.min(...starts), DAY) : 0;
  const to = given ? ceilTo(given.to!, HOUR) : ends.length ? ceilTo(Math.max(...ends), DAY) : 0;
  const totalHours = Math.max(0, (to - from) / HOUR);
  if (totalHours > MAX_HOURS) throw new Error(`Coverage range ${toIso(from)} → ${toIso(to)} is longer than ${MAX_HOURS} hours`);

  const latestListing = listing.reduce<number | null>((m, l) => Math.max(m ?? -Infinity, l.created ?? l.e), null);
  const asOfGiven = asOf !== null ? parseIsoTimestamp(asOf) : null;
  if (asOf !== null && asOfGiven === null) throw new Error(`Coverage as-of time is not an ISO time: ${asOf}`);
  const latest = Math.max(latestEvent ?? -Infinity, latestListing ?? -Infinity);
  const asOfFinal = asOfGiven ?? (Number.isFinite(latest) ? latest : to);

  const types: TypeCoverage[] = [];
  for (const [key, eventType] of [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]))) {
    const rules = logTypeRules(eventType, licensedEvidence);
    const covered = new Uint8Array(totalHours);
    const listed = new Uint8Array(totalHours);
    const events = new Float64Array(totalHours);
    const mark = (arr: Uint8Array, s: number, e: number): void => {
      for (let h = Math.max(0, (s - from) / HOUR); h < Math.min(totalHours, (e - from) / HOUR); h++) arr[h] = 1;
    };
    const typePeriods = periods.filter((p) => p.eventType.toLowerCase() === key);
    typePeriods.forEach((p) => mark(covered, p.start, p.end));
    listing.filter((l) => l.event_type.toLowerCase() === key).forEach((l) => mark(listed, l.s, l.e));
    for (const c of counts) {
      const h = (c.h - from) / HOUR;
      if (c.event_type.toLowerCase() === key && h >= 0 && h < totalHours) events[h] = (events[h] ?? 0) + c.n;
    }
    const cutoff = asOfFinal - rules.retentionDays * DAY;
    const unlicensed = rules.licence === 'add_on' && !licensedEvidence;
    const hours: HourCounts = { present: 0, empty: 0, missing: 0, beyond_retention: 0, not_licensed: 0 };
    const runs: CoverageRun[] = [];
    let listedNotImported = 0;
    let total = 0;
    for (let h = 0; h < totalHours; h++) {
      const start = from + h * HOUR;
      const state: CoverageState =
        events[h]! > 0 ? 'present' : covered[h] ? 'empty' : unlicensed ? 'not_licensed' : start + HOUR <= cutoff ? 'beyond_retention' : 'missing';
      const isListed = state === 'missing' && listed[h] === 1;
      hours[state]++;
      total += events[h]!;
      if (isListed) listedNotImported++;
      const last = runs.at(-1);
      if (last && last.state === state && (last.listed ?? false) === isListed) {
        last.to = toIso(start + HOUR);
        last.hours++;
      } else runs.push({ state, from: toIso(start), to: toIso(start + HOUR), hours: 1, ...(isListed ? { listed: true } : {}) });
    }
    types.push({
      eventType, family: rules.family, licence: rules.licence, retentionDays: rules.retentionDays, retentionBasis: rules.retentionBasis,
      hours, listedNotImported, files: new Set(typePeriods.map((p) => p.sourceId)).size, events: total, runs,
    });
  }
  return {
    from: toIso(from), to: toIso(to), rangeBasis: given ? 'given' : 'evidence_span', asOf: toIso(asOfFinal),
    asOfBasis: asOfGiven !== null ? 'given' : 'latest_evidence', totalHours, licensedEvidence, types,
    summary: coverageSentence(types, from, to, totalHours, licensedEvidence, listing.length > 0),
    notes: [...RULE_NOTES, ...periodNotes],
  };
}

const RULE_NOTES = [
  'Hours are UTC. A source file covers the period named by a matching EventLogFile listing row, else by the date in its file name (daily: the UTC day; hourly: the hour), else the span of its events (one hour if all fall in it, otherwise the whole UTC days from first to last event).',
  'Salesforce writes an EventLogFile only for periods with at least one event, so an hour inside an imported file without events is "empty": logged, nothing happened. A day with no file at all cannot be told apart from a day without events unless an EventLogFile listing of that period is imported.',
  'Retention is counted back from the as-of time: 30 days for EventLogFile types (free types too when the org has the add-on), 1 day for free types in an org without it; these figures are documented by Salesforce but not verified for this tool (SCHEMA.md §2, §13).',
];

/** One sentence for counsel (and a caveat): how much of the range the evidence can speak for. */
export function coverageSentence(types: readonly TypeCoverage[], from: number, to: number, totalHours: number, licensed: boolean, listingImported: boolean): string {
  if (totalHours === 0) return 'The evidence holds no dated log events or files, so no period is covered.';
  const n = (x: number): string => x.toLocaleString('en-US');
  const sum = (s: CoverageState): number => types.reduce((acc, t) => acc + t.hours[s], 0);
  const gaps = types.filter((t) => t.hours.missing > 0).map((t) => `${t.eventType} ${n(t.hours.missing)} h`);
  const parts = COVERAGE_STATES.filter((s) => sum(s) > 0).map((s) => `${n(sum(s))} ${stateWords(s)}`);
  const span = `${toIso(from).slice(0, 16).replace('T', ' ')} to ${toIso(to).slice(0, 16).replace('T', ' ')} UTC`;
  return [
    `Over ${n(totalHours)} hours (${span}) and ${types.length} log types, in type-hours: ${parts.join(', ')}.`,
    gaps.length ? `Gaps in the evidence: ${gaps.join(', ')}.` : 'No gaps within retention.',
    gaps.length && !listingImported
      ? 'A period with no file at all may also be one without events (Salesforce writes no file then); an EventLogFile listing of the period settles which.'
      : '',
    licensed ? '' : 'The evidence holds only free log types: the org appears to have no Event Monitoring add-on.',
  ].filter(Boolean).join(' ');
}

/** The words a report uses for a state. */
export function stateWords(state: CoverageState): string {
  switch (state) {
    case 'present':
      return 'with events';
    case 'empty':
      return 'logged without events';
    case 'missing':
      return 'missing';
    case 'beyond_retention':
      return 'beyond retention';
    case 'not_licensed':
      return 'not licensed';
    default:
      return assertNever(state, 'coverage state');
  }
}

function floorTo(ms: number, unit: number): number {
  return Math.floor(ms / unit) * unit;
}

function ceilTo(ms: number, unit: number): number {
  return Math.ceil(ms / unit) * unit;
}

/**
 * Coverage within the investigator's scope (`from`/`to`, each defaulting to the evidence span),
 * with the same as-of time as the full coverage so both read alike.
 */
export async function scopeCoverage(db: CaseDb, scope: { from: string | null; to: string | null }, full: Coverage): Promise<Coverage> {
  if (scope.from === null && scope.to === null) return full;
  return computeCoverage(db, { from: scope.from ?? full.from, to: scope.to ?? full.to }, full.asOf);
}
