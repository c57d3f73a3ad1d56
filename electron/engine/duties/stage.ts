/**
 * The duties stage: groups the `affected` people per jurisdiction and exposed data categories in DuckDB,
 * evaluates every notification duty (shared/duties) and writes them to the `duties` table.
 */
import { evaluateDuties } from '../../../shared/duties/evaluate.js';
import type { PeopleGroup } from '../../../shared/duties/assess.js';
import { regimesFor, type OrganisationProfile } from '../../../shared/duties/profile.js';
import type { NotificationDuty, Regime } from '../../../shared/duties/types.js';
import type { DutyKey } from '../../../shared/decisions.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { raw, sql, type SqlFragment } from '../store/sql.js';
import { categoriesForFields } from '../categories/loadMapping.js';
import { readCategoryOverrides } from '../categories/caseDecisions.js';

export interface DutiesRun {
  awareAt: string;
  /** `--aware-at`, or `run start` when none was given. */
  awareAtSource: 'aware-at' | 'run start';
  asOf: string;
  profile: OrganisationProfile;
  profileSource: string | null;
  regimes: { id: string; name: string }[];
  duties: NotificationDuty[];
  /** Per jurisdiction: the data categories exposed for its people. */
  categoriesByJurisdiction: Record<string, string[]>;
  notes: string[];
}

export interface DutiesOptions {
  awareAt: string | null;
  runStartedAt: string;
  asOf: string;
  profile: OrganisationProfile;
  profileSource: string | null;
  regimes: readonly Regime[];
}

/** Computes and stores the duties of the people in `affected`. */
export async function computeDuties(db: CaseDb, geo: JurisdictionData, options: DutiesOptions): Promise<DutiesRun> {
  await storeFieldCategories(db);
  const groups = await peopleGroups(db);
  const awareAt = options.awareAt ?? options.runStartedAt;
  const regimes = regimesFor(options.profile, options.regimes);
  const duties = evaluateDuties({
    groups, rules: geo.rules, regimes, profile: options.profile, categoryMap: geo.categoryMap, euEea: geo.tables.euEea,
    awareAt: Date.parse(awareAt), asOf: Date.parse(options.asOf),
  });
  await storeDuties(db, duties);
  await db.run(sql`CREATE OR REPLACE TABLE duty_context AS SELECT CAST(${new Date(Date.parse(awareAt)).toISOString().replace('Z', '')} AS TIMESTAMP) AS aware_at,
    ${options.awareAt === null ? 'run start' : 'aware-at'} AS aware_at_source, CAST(${options.asOf.replace('Z', '')} AS TIMESTAMP) AS as_of,
    ${JSON.stringify(options.profile)} AS profile_json, ${options.profileSource} AS profile_source`);
  const categoriesByJurisdiction: Record<string, string[]> = {};
  for (const g of groups) categoriesByJurisdiction[g.jurisdiction] = [...new Set([...(categoriesByJurisdiction[g.jurisdiction] ?? []), ...g.categories])].sort();
  const notes: string[] = [];
  if (options.awareAt === null) notes.push(`no --aware-at given: deadlines run from the start of this run (${awareAt}); give the real awareness time`);
  if (options.profileSource === null) notes.push('no --profile given: no organisation-level regime (GDPR one-stop shop, NIS2, DORA, SEC, HIPAA, GLBA, NYDFS, CERT-In …) was evaluated');
  if (groups.length === 0) notes.push('no affected person: no residence-based duty; organisation regimes are still listed');
  return {
    awareAt: new Date(Date.parse(awareAt)).toISOString(), awareAtSource: options.awareAt === null ? 'run start' : 'aware-at', asOf: options.asOf,
    profile: options.profile, profileSource: options.profileSource, regimes: regimes.filter((r) => duties.some((d) => d.jurisdiction === r.id)).map((r) => ({ id: r.id, name: r.name })),
    duties, categoriesByJurisdiction, notes,
  };
}

/**
 * The duties a profile would bring, evaluated over the case's tables as the last run left them (`affected`,
 * `duty_field_categories`) without writing anything: what the profile form previews.
 */
export async function evaluateCaseDuties(
  db: CaseDb, geo: JurisdictionData, options: { awareAt: string; asOf: string; profile: OrganisationProfile; regimes: readonly Regime[] },
): Promise<DutyKey[]> {
  const groups = await peopleGroups(db);
  const awareAt = Date.parse(options.awareAt);
  const duties = evaluateDuties({
    groups, rules: geo.rules, regimes: regimesFor(options.profile, options.regimes), profile: options.profile, categoryMap: geo.categoryMap, euEea: geo.tables.euEea,
    awareAt, asOf: Date.parse(options.asOf),
  });
  return duties.map((d) => ({ jurisdiction: d.jurisdiction, recipient: d.recipient, step: d.step, required: d.required, due: d.due, people: d.people, why: d.why[0] ?? '' }));
}

/** `duty_field_categories`: each exposed (object, field) of a person and its data category (null when its name says nothing). */
async function storeFieldCategories(db: CaseDb): Promise<void> {
  const pairs = await db.all<{ object: string; field: string }>(sql`
    SELECT DISTINCT object, field FROM (
      SELECT object, unnest(string_split(exposed_fields, ';')) AS field FROM (SELECT DISTINCT object, exposed_fields FROM affected WHERE is_person)
    ) WHERE field <> '' ORDER BY object, field`);
  await db.run(sql`CREATE OR REPLACE TABLE duty_field_categories (object VARCHAR, field VARCHAR, category VARCHAR)`);
  if (pairs.length === 0) return;
  const overrides = await readCategoryOverrides(db);
  // One row per category a field holds (an address field may hold postal_address and precise_location), null when none.
  const rows = pairs.flatMap((p) => {
    const found = categoriesForFields(p.object, [p.field], overrides);
    if (!found.ok) throw new Error(found.error.message);
    return found.value.categories.length ? found.value.categories.map((c) => [p.object, p.field, c]) : [[p.object, p.field, null]];
  });
  await db.run(sql`INSERT INTO duty_field_categories VALUES ${valuesList(rows)}`);
}

/**
 * People per jurisdiction, exposed-category set and certainty: a handful of groups however many people. People are
 * first counted per distinct exposed-field list (one hash aggregate over `affected`); only those few lists are split.
 */
/**
 * The statement grouping the affected people per jurisdiction, exposed data categories and sureness: the input of every
 * duty's evaluation (lineage.json quotes it beside the duties). Code text, never data.
 */
export const PEOPLE_GROUPS_SQL = `
    WITH lists AS (
      SELECT jurisdiction, object, exposed_fields, confidence <> 'possible' AS sure, count(*) AS people
      FROM affected WHERE is_person GROUP BY ALL
    ), list_categories AS (
      SELECT l.object, l.exposed_fields, list_sort(list_distinct(list(c.category) FILTER (WHERE c.category IS NOT NULL))) AS categories
      FROM (SELECT DISTINCT object, exposed_fields, unnest(string_split(exposed_fields, ';')) AS field FROM lists) l
      LEFT JOIN duty_field_categories c ON c.object = l.object AND c.field = l.field
      GROUP BY l.object, l.exposed_fields
    )
    SELECT l.jurisdiction, c.categories, l.sure, sum(l.people)::BIGINT AS people
    FROM lists l JOIN list_categories c ON c.object = l.object AND c.exposed_fields = l.exposed_fields
    GROUP BY ALL ORDER BY l.jurisdiction, people DESC`;

async function peopleGroups(db: CaseDb): Promise<PeopleGroup[]> {
  const rows = await db.all<{ jurisdiction: string; categories: string[] | null; sure: boolean; people: number }>(sql`${raw(PEOPLE_GROUPS_SQL)}`);
  return rows.map((r) => ({ jurisdiction: r.jurisdiction, categories: r.categories ?? [], sure: r.sure, people: Number(r.people) }));
}

async function storeDuties(db: CaseDb, duties: readonly NotificationDuty[]): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE duties (
    jurisdiction VARCHAR, recipient VARCHAR, step VARCHAR, law VARCHAR, authority VARCHAR, required VARCHAR, why VARCHAR,
    people BIGINT, people_sure BIGINT, threshold BIGINT, categories_exposed VARCHAR, triggers_met VARCHAR, due TIMESTAMP,
    due_reason VARCHAR, citation VARCHAR, verification VARCHAR, filing_url VARCHAR, filing_note VARCHAR, n INTEGER, name VARCHAR, people_in_jurisdiction BIGINT)`);
  if (duties.length === 0) return;
  // `n` keeps the order of duties.json (most people first), `name` and `people_in_jurisdiction` what the lists print.
  await db.run(sql`INSERT INTO duties SELECT jurisdiction, recipient, step, law, authority, required, why, people, people_sure, threshold,
    categories_exposed, triggers_met, CAST(due AS TIMESTAMP), due_reason, citation, verification, filing_url, filing_note, n, name, people_in_jurisdiction
    FROM (VALUES ${valuesList(duties.map((d, i) => [
      d.jurisdiction, d.recipient, d.step, d.law, d.authority, d.required, d.why.join('\n'), d.people, d.peopleSure, d.threshold,
      d.triggers.exposed.join(';'), d.triggers.met.join(';'), d.due === null ? null : d.due.replace('Z', ''), d.dueReason, d.citation, d.verification,
      d.filingUrl, d.filingNote, i + 1, d.name, d.peopleInJurisdiction,
    ]))}) AS v(jurisdiction, recipient, step, law, authority, required, why, people, people_sure, threshold, categories_exposed, triggers_met, due, due_reason, citation, verification, filing_url, filing_note, n, name, people_in_jurisdiction)`);
}

/** `(?, ?, …), (…)` for a page of rows, every value a parameter. */
function valuesList(rows: readonly (readonly (string | number | null)[])[]): SqlFragment {
  return rows.reduce<SqlFragment>((list, row, i) => {
    const tuple = row.reduce<SqlFragment>((t, v, j) => sql`${t}${raw(j === 0 ? '' : ', ')}${v}`, sql``);
    return sql`${list}${raw(i === 0 ? '' : ', ')}(${tuple})`;
  }, sql``);
}
