/**
 * The `affected` table, built in DuckDB from `exposures`: one row per (object, record) at its highest tier,
 * with every export that touched it, every field exposed and their data categories, the record's name, email and
 * residence from the snapshots (residence.ts), and the jurisdiction resolved once per DISTINCT address tuple.
 * A record is one (org, object, id): the same id in two orgs is two records, each read from its own org's snapshot. JavaScript only sees the few distinct objects, (object, field) pairs and address tuples.
 */
import type { PostalAddress } from '../../../shared/domain.js';
import { id18SqlExpression } from '../../../shared/ids.js';
import { jurisdictionResolver } from '../../../shared/jurisdiction/resolve.js';
import { categoriesForFields } from '../categories/loadMapping.js';
import { readCategoryOverrides } from '../categories/caseDecisions.js';
import { findOrgSnapshot } from '../intake/snapshots.js';
import type { JurisdictionData } from '../jurisdiction/loadTables.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql, type SqlFragment } from '../store/sql.js';
import { addressChoiceSql, residenceOrder } from './residence.js';

/** How many distinct address tuples are resolved per round trip. */
const TUPLE_PAGE = 5000;
const PERSON_OBJECTS = ['contact', 'lead', 'user'];
/** Exposure rows merged per record in one GROUP BY; more are merged in batches (3 M: ~0.5 GB of list states, under DuckDB's 768 MB). */
export const MERGE_BATCH_ROWS = 3_000_000;

/** Rewrites `affected` (and its helper tables) from `exposures`; returns how many rows it holds. */
export async function buildAffectedTable(db: CaseDb, geo: JurisdictionData, options: { mergeBatchRows?: number } = {}): Promise<number> {
  // Each (export, object, field list) is one small group number, so the per-record merge aggregates integers only;
  // the few distinct group sets then give the union of fields and the export list.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE exposure_groups AS
    SELECT row_number() OVER (ORDER BY export_id, object, CAST(fields AS VARCHAR)) AS g, export_id, object, fields
    FROM (SELECT DISTINCT export_id, object, fields FROM exposures)`);
  await mergeByRecord(db, options.mergeBatchRows ?? MERGE_BATCH_ROWS);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE exposure_group_sets AS
    SELECT s.groups, list_sort(list_distinct(flatten(list(g.fields)))) AS fields, list_sort(list_distinct(list(g.export_id))) AS export_ids
    FROM (SELECT DISTINCT groups FROM affected_by_record) s, unnest(s.groups) AS u(n) JOIN exposure_groups g ON g.g = u.n
    GROUP BY s.groups`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE affected_merged AS
    SELECT r.org_id, r.object, r.id, CASE r.rank WHEN 3 THEN 'confirmed' WHEN 2 THEN 'replayed' ELSE 'possible' END AS confidence, s.fields, s.export_ids
    FROM affected_by_record r JOIN exposure_group_sets s ON s.groups = r.groups`);
  for (const t of ['affected_by_record', 'exposure_group_sets', 'exposure_groups']) await db.run(sql`DROP TABLE ${ident(t)}`);
  await storeExposedCategories(db);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE affected_details (
    org_id VARCHAR, object VARCHAR, id VARCHAR, found BOOLEAN, is_person BOOLEAN, name VARCHAR, email VARCHAR, addr_prefix VARCHAR, street VARCHAR, city VARCHAR,
    state VARCHAR, postal_code VARCHAR, country VARCHAR, state_code VARCHAR, country_code VARCHAR)`);
  // A record is read from the snapshot of its own org: the same id in two orgs is two records.
  const objects = await db.all<{ org_id: string | null; object: string }>(sql`SELECT DISTINCT org_id, object FROM affected_merged ORDER BY 1, 2`);
  for (const { org_id, object } of objects) await insertDetails(db, org_id, object);
  await resolveAddressTuples(db, geo);
  await db.run(sql`CREATE OR REPLACE TABLE affected AS
    SELECT m.object, m.id, coalesce(d.is_person, lower(m.object) IN ${raw(`('${PERSON_OBJECTS.join("', '")}')`)}) AS is_person,
      d.name, d.email, d.street, d.city, coalesce(d.state, d.state_code) AS state, d.postal_code, coalesce(d.country, d.country_code) AS country,
      coalesce(j.code, 'ZZ') AS jurisdiction, coalesce(j.confidence, 'none') AS jurisdiction_confidence,
      coalesce(j.basis, format('record {} is not in the {} snapshot of its org', m.id, m.object)) AS jurisdiction_basis,
      m.confidence, array_to_string(m.fields, ';') AS exposed_fields, array_to_string(m.export_ids, ';') AS export_ids,
      m.org_id, coalesce(c.categories, []::VARCHAR[]) AS categories
    FROM affected_merged m
    LEFT JOIN affected_details d ON d.object = m.object AND d.id = m.id AND d.org_id IS NOT DISTINCT FROM m.org_id
    LEFT JOIN address_jurisdictions j ON d.found AND j.prefix = d.addr_prefix AND ${sameTuple('j', 'd')}
    LEFT JOIN exposed_field_lists c ON c.object = m.object AND c.fields = m.fields
    ORDER BY jurisdiction, m.object, m.id`);
  for (const t of ['affected_merged', 'affected_details']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
  return Number((await db.one<{ n: number | bigint }>(sql`SELECT count(*)::BIGINT AS n FROM affected`))?.n ?? 0);
}

/**
 * `affected_by_record`: per (org, object, record) its highest tier and the sorted set of its exposure groups. A list
 * aggregate's state cannot spill, so beyond MERGE_BATCH_ROWS exposures the records are merged in batches by a hash
 * of their id (each record lies wholly in one batch: exact), from a work table clustered by batch.
 */
async function mergeByRecord(db: CaseDb, batchRows: number): Promise<void> {
  const rows = Number((await db.one<{ n: number | bigint }>(sql`SELECT count(*)::BIGINT AS n FROM exposures`))?.n ?? 0);
  const batches = Math.max(1, Math.ceil(rows / Math.max(1, batchRows)));
  const rank = sql`CASE e.tier WHEN 'confirmed' THEN 3 WHEN 'replayed' THEN 2 ELSE 1 END`;
  const joined = sql`exposures e JOIN exposure_groups g ON g.export_id = e.export_id AND g.object = e.object AND g.fields = e.fields`;
  if (batches === 1) {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE affected_by_record AS
      SELECT e.org_id, e.object, e.record_id AS id, max(${rank}) AS rank, list_sort(list_distinct(list(g.g))) AS groups
      FROM ${joined} GROUP BY e.org_id, e.object, e.record_id`);
    return;
  }
  await db.run(sql`CREATE OR REPLACE TEMP TABLE exposure_by_batch AS
    SELECT (hash(e.record_id) % ${batches}::UBIGINT)::INTEGER AS batch, e.org_id, e.object, e.record_id AS id, ${rank} AS rank, g.g
    FROM ${joined} ORDER BY batch`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE affected_by_record (org_id VARCHAR, object VARCHAR, id VARCHAR, rank INTEGER, groups BIGINT[])`);
  for (let b = 0; b < batches; b++) {
    await db.run(sql`INSERT INTO affected_by_record
      SELECT org_id, object, id, max(rank), list_sort(list_distinct(list(g))) FROM exposure_by_batch WHERE batch = ${b} GROUP BY org_id, object, id`);
  }
  await db.run(sql`DROP TABLE exposure_by_batch`);
}

/** Null-safe equality of the address parts the resolver reads (country, state, postal code and their codes). */
function sameTuple(a: string, b: string): SqlFragment {
  const parts = ['country', 'country_code', 'state', 'state_code', 'postal_code'];
  return sql`${raw(parts.map((p) => `${a}.${p} IS NOT DISTINCT FROM ${b}.${p}`).join(' AND '))}`;
}

/**
 * `exposed_field_categories` (object, field, category): the data category of each distinct exposed field, from the
 * category mapping (few pairs, categorised in JavaScript); `exposed_field_lists` the categories of each distinct field list.
 */
async function storeExposedCategories(db: CaseDb): Promise<void> {
  const pairs = await db.all<{ object: string; field: string }>(sql`
    SELECT DISTINCT object, unnest(fields) AS field FROM (SELECT DISTINCT object, fields FROM affected_merged) ORDER BY 1, 2`);
  await db.run(sql`CREATE OR REPLACE TABLE exposed_field_categories (object VARCHAR, field VARCHAR, category VARCHAR)`);
  const overrides = await readCategoryOverrides(db);
  const rows: (string | null)[][] = [];
  for (const p of pairs) {
    const found = categoriesForFields(p.object, [p.field], overrides);
    if (!found.ok) throw new Error(found.error.message);
    if (found.value.categories.length === 0) rows.push([p.object, p.field, null]);
    for (const c of found.value.categories) rows.push([p.object, p.field, c]);
  }
  await db.appendRows('exposed_field_categories', rows);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE exposed_field_lists AS
    SELECT l.object, l.fields, list_sort(list_distinct(list(c.category) FILTER (WHERE c.category IS NOT NULL))) AS categories
    FROM (SELECT object, fields, unnest(fields) AS field FROM (SELECT DISTINCT object, fields FROM affected_merged)) l
    LEFT JOIN exposed_field_categories c ON c.object = l.object AND c.field = l.field
    GROUP BY l.object, l.fields`);
}

/** One org's exposed records of one object joined to that org's snapshot (and a contact's Account): who, and which address places them. */
async function insertDetails(db: CaseDb, orgId: string | null, object: string): Promise<void> {
  const snap = await findOrgSnapshot(db, object, orgId);
  const find = (cols: readonly string[], name: string): string | null => cols.find((c) => c.toLowerCase() === name.toLowerCase()) ?? null;
  const idCol = snap ? find(snap.columns, 'Id') : null;
  if (!snap || !idCol) return;
  const accountIdCol = find(snap.columns, 'AccountId');
  const account = object.toLowerCase() === 'contact' && accountIdCol !== null ? await findOrgSnapshot(db, 'Account', orgId) : null;
  const accountId = account === null ? null : find(account.columns, 'Id');
  const withParent = account !== null && accountId !== null && accountIdCol !== null;
  const choice = addressChoiceSql(residenceOrder(object, snap.columns, withParent ? account.columns : null));
  const parentJoin = withParent
    ? sql` LEFT JOIN (SELECT ${raw(id18SqlExpression(ident(accountId).text))} AS __parent_id18, * FROM ${ident(account.table)}) p
           ON p.__parent_id18 = ${raw(id18SqlExpression(`s.${ident(accountIdCol).text}`))}`
    : sql``;
  const text = (name: string): string => {
    const c = find(snap.columns, name);
    return c === null ? 'NULL' : `CASE WHEN trim(CAST(s.${ident(c).text} AS VARCHAR)) <> '' THEN CAST(s.${ident(c).text} AS VARCHAR) END`;
  };
  const personAccount = object.toLowerCase() === 'account' ? `coalesce(regexp_full_match(lower(trim(${text('IsPersonAccount')})), 'true|1'), false)` : 'false';
  const isPerson = PERSON_OBJECTS.includes(object.toLowerCase()) ? 'true' : personAccount;
  const name = `coalesce(${text('Name')}, nullif(concat_ws(' ', ${text('FirstName')}, ${text('LastName')}), ''))`;
  const blank = (v: string): string => `CASE WHEN trim(${v}) <> '' THEN ${v} END`;
  const parts = ['Street', 'City', 'State', 'PostalCode', 'Country', 'StateCode', 'CountryCode'].map((p) => blank(`"__addr_${p}"`)).join(', ');
  await db.run(sql`INSERT INTO affected_details
    SELECT ${orgId}, ${object}, __id18, true, is_person, name, email, coalesce(__addr_prefix, ''), ${raw(parts)}
    FROM (
      SELECT s.__id18, ${raw(isPerson)} AS is_person, ${raw(name)} AS name, coalesce(${raw(text('Email'))}, ${raw(text('PersonEmail'))}) AS email,
        ${raw(choice.select(withParent ? 'p' : null))}
      FROM (SELECT ${raw(id18SqlExpression(ident(idCol).text))} AS __id18, * FROM ${ident(snap.table)}) s${parentJoin}
      WHERE s.__id18 IN (SELECT id FROM affected_merged WHERE object = ${object} AND org_id IS NOT DISTINCT FROM ${orgId}))`);
}

/**
 * `address_jurisdictions`: the jurisdiction of each distinct (prefix, country, state, postal code …) tuple among the
 * exposed records, resolved in pages with the memoising resolver (CRM addresses repeat: few tuples, many records).
 */
async function resolveAddressTuples(db: CaseDb, geo: JurisdictionData): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE address_jurisdictions (
    prefix VARCHAR, country VARCHAR, country_code VARCHAR, state VARCHAR, state_code VARCHAR, postal_code VARCHAR,
    code VARCHAR, confidence VARCHAR, basis VARCHAR)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE address_tuples AS
    SELECT row_number() OVER (ORDER BY prefix, country, country_code, state, state_code, postal_code) AS n, * FROM (
      SELECT DISTINCT addr_prefix AS prefix, country, country_code, state, state_code, postal_code FROM affected_details WHERE found)`);
  const resolve = jurisdictionResolver(geo.tables);
  type Tuple = { prefix: string; country: string | null; country_code: string | null; state: string | null; state_code: string | null; postal_code: string | null };
  for (let from = 1; ; from += TUPLE_PAGE) {
    const page = await db.all<Tuple>(sql`SELECT prefix, country, country_code, state, state_code, postal_code FROM address_tuples WHERE n >= ${from} AND n < ${from + TUPLE_PAGE} ORDER BY n`);
    if (page.length === 0) break;
    await db.appendRows('address_jurisdictions', page.map((t) => {
      const address: PostalAddress = { street: null, city: null, state: t.state, postalCode: t.postal_code, country: t.country, stateCode: t.state_code, countryCode: t.country_code };
      const j = resolve(address, t.prefix);
      return [t.prefix, t.country, t.country_code, t.state, t.state_code, t.postal_code, j.code, j.confidence, j.basis];
    }));
    if (page.length < TUPLE_PAGE) break;
  }
  await db.run(sql`DROP TABLE address_tuples`);
}
