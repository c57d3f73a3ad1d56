/**
 * From candidate fields to findings, in SQL: which rules a field's keywords call for, each rule's regex run once
 * over its candidates (the secret is its secretGroup, else the first non-empty group, else the whole match), then
 * gitleaks' filters (entropy, a digit for `generic` rules, rule and global allowlists) and one finding per secret
 * and field (a named kind wins over a generic one). Only the mask of a secret ever leaves the work tables.
 */
import type { CaseDb } from '../store/duck.js';
import { joinSql, raw, sql } from '../store/sql.js';
import type { SecretRule } from './secretsRules.js';

/** Pairs each candidate field with the rules whose keywords it holds (found by the scan, contained in one found, or hidden by one found). */
export async function pairCandidates(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_candidates AS
    WITH scanned AS (SELECT cell_id, unnest(found) AS f FROM ls_secret_cells),
    hidden AS (SELECT s.cell_id, h.b AS f FROM scanned s JOIN ls_secret_hidden h ON h.a = s.f),
    present AS (SELECT cell_id, f FROM scanned
      UNION SELECT h.cell_id, h.f FROM hidden h JOIN ls_secret_cells c USING (cell_id) WHERE contains(c.lvalue, h.f))
    SELECT DISTINCT p.cell_id, k.rule_id
    FROM present p JOIN ls_secret_implied i ON i.found = p.f JOIN ls_secret_keywords k ON k.keyword = i.keyword`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_hits (cell_id BIGINT, rule_id VARCHAR, match VARCHAR, secret VARCHAR)`);
}

/** Runs one rule's regex over the fields that hold its keywords, into `ls_secret_hits`. */
export async function runRule(db: CaseDb, rule: SecretRule): Promise<void> {
  const groups = Array.from({ length: rule.groups }, (_, i) => i + 1);
  const lists = joinSql([0, ...groups].map((g) => sql`regexp_extract_all(v.value, ${rule.regex}, ${raw(String(g))}) AS ${raw(`g${g}`)}`));
  const pick = rule.secretGroup > 0
    ? `g${rule.secretGroup}[i]`
    : `coalesce(${[...groups.map((g) => `nullif(g${g}[i], '')`), 'g0[i]'].join(', ')})`;
  await db.run(sql`INSERT INTO ls_secret_hits
    SELECT cell_id, ${rule.id}, g0[i], ${raw(pick)} FROM (
      SELECT *, unnest(generate_series(1, len(g0))) AS i FROM (
        SELECT c.cell_id, ${lists} FROM ls_secret_candidates c JOIN ls_secret_cells v USING (cell_id) WHERE c.rule_id = ${rule.id}))`);
}


/**
 * Keeps the hits gitleaks would report: entropy above the rule's, a digit in `generic` secrets, no allowlist
 * matching (OR: any of its regexes or stopwords; AND: all of its kinds), one finding per (field, secret).
 */
export async function filterFindings(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_hits_n AS
    SELECT row_number() OVER (ORDER BY h.cell_id, h.rule_id, h.secret) AS hit_id, h.*, c.value AS line
    FROM ls_secret_hits h JOIN ls_secret_cells c USING (cell_id)
    JOIN ls_secret_rules r USING (rule_id)
    WHERE length(h.secret) > 0
      AND (r.entropy IS NULL OR ls_entropy(h.secret) > r.entropy::DOUBLE)
      AND (NOT (r.entropy IS NOT NULL AND starts_with(h.rule_id, 'generic')) OR regexp_matches(h.secret, '[0-9]'))`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_allowed AS
    SELECT DISTINCT hit_id FROM (
      SELECT h.hit_id, a.list_id, a.condition, a.n_regex::INTEGER AS n_regex, a.n_stop::INTEGER AS n_stop, a.paths_or_commits,
        bool_or(i.kind = 'regex' AND regexp_matches(CASE a.target WHEN 'match' THEN h.match WHEN 'line' THEN h.line ELSE h.secret END, i.pattern)) AS rx,
        bool_or(i.kind = 'stopword' AND contains(lower(h.secret), i.pattern)) AS sw
      FROM ls_secret_hits_n h
      JOIN ls_secret_allow a ON a.rule_id = h.rule_id OR a.rule_id IS NULL
      JOIN ls_secret_allow_items i ON i.list_id = a.list_id
      GROUP BY ALL)
    WHERE CASE condition WHEN 'AND' THEN NOT paths_or_commits AND (n_regex = 0 OR rx) AND (n_stop = 0 OR sw)
      ELSE coalesce(rx, false) OR coalesce(sw, false) END`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_findings AS
    SELECT hit_id, cell_id, rule_id, secret FROM ls_secret_hits_n
    WHERE hit_id NOT IN (SELECT hit_id FROM ls_secret_allowed)
    QUALIFY row_number() OVER (PARTITION BY cell_id, secret
      ORDER BY starts_with(rule_id, 'generic'), rule_id = 'generic-api-key', rule_id) = 1`);
  await db.run(sql`DROP TABLE ls_secret_hits_n`);
  await db.run(sql`DROP TABLE ls_secret_allowed`);
}

/**
 * `exposed_secrets`: one row per (export, record, field, finding), joining the findings back to the exposures whose
 * exposed fields include the field (every field when the export's fields are not known). The secret is masked.
 */
export async function writeExposedSecrets(db: CaseDb): Promise<void> {
  const hasSources = (await db.one(sql`SELECT 1 AS x FROM duckdb_tables() WHERE table_name = 'sources'`)) !== null;
  if (!hasSources) await db.run(sql`CREATE TEMP TABLE sources (id BIGINT, name VARCHAR)`);
  await db.run(sql`CREATE OR REPLACE TABLE exposed_secrets AS
    SELECT e.export_id, e.org_id, c.object, c.record_id, c.field, f.rule_id, r.description,
      ls_mask(f.secret) AS masked, length(f.secret)::INTEGER AS secret_length, e.tier,
      c.source_id, s.name AS file, c.rec AS record
    FROM ls_secret_findings f
    JOIN ls_secret_cells c USING (cell_id)
    JOIN ls_secret_rules r USING (rule_id)
    JOIN exposures e ON lower(e.object) = lower(c.object) AND e.record_id = c.record_id
      AND (len(e.fields) = 0 OR list_contains(list_transform(e.fields, x -> lower(x)), lower(c.field)))
    LEFT JOIN sources s ON s.id = c.source_id
    ORDER BY c.object, c.record_id, c.field, f.rule_id, masked, e.export_id`);
}
