/**
 * The work tables and macros of the secrets scan: the rules, their keywords (with which keyword a found keyword
 * implies), the allowlists, Shannon entropy and the mask. Rules whose regexes DuckDB's RE2 does not compile are
 * left out here, with DuckDB's reason.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import type { SecretAllowlist, SecretPatterns, SecretRule } from './secretsRules.js';

/** A rule the scan could not run, and why. */
export interface LeftOutRule {
  id: string;
  set: string;
  reason: string;
}

/** Why a regex does not compile in DuckDB (RE2 as DuckDB builds it), or null when it does. */
export async function duckRegexError(db: CaseDb, regex: string): Promise<string | null> {
  try {
    await db.run(sql`SELECT regexp_matches('', ${regex})`);
    return null;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'does not compile';
  }
}

/** The rules that compile in DuckDB (their allowlists too), and those that do not. */
export async function compilableRules(db: CaseDb, patterns: SecretPatterns): Promise<{ rules: SecretRule[]; leftOut: LeftOutRule[] }> {
  const rules: SecretRule[] = [];
  const leftOut: LeftOutRule[] = [];
  for (const r of patterns.rules) {
    const why = await duckRegexError(db, r.regex);
    if (why !== null) {
      leftOut.push({ id: r.id, set: r.set, reason: `its regex does not compile in DuckDB: ${why}` });
      continue;
    }
    if (r.secretGroup > r.groups) {
      leftOut.push({ id: r.id, set: r.set, reason: `secretGroup ${r.secretGroup} but the regex has ${r.groups} group(s)` });
      continue;
    }
    const badAllow = await firstBadAllowRegex(db, r.allowlists);
    if (badAllow !== null) {
      leftOut.push({ id: r.id, set: r.set, reason: `an allowlist regex does not compile in DuckDB: ${badAllow}` });
      continue;
    }
    rules.push(r);
  }
  return { rules, leftOut };
}

async function firstBadAllowRegex(db: CaseDb, lists: readonly SecretAllowlist[]): Promise<string | null> {
  for (const a of lists) for (const x of a.regexes) {
    const why = await duckRegexError(db, x);
    if (why !== null) return why;
  }
  return null;
}

/** Creates the scan's rule, keyword and allowlist tables and its macros (all temporary). */
export async function createRuleTables(db: CaseDb, rules: readonly SecretRule[], globalAllowlists: readonly SecretAllowlist[]): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_rules (rule_id VARCHAR, description VARCHAR, entropy VARCHAR, rule_set VARCHAR)`);
  await db.appendRows('ls_secret_rules', rules.map((r) => [r.id, r.description, r.entropy === null ? null : String(r.entropy), r.set]));
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_keywords (keyword VARCHAR, rule_id VARCHAR)`);
  await db.appendRows('ls_secret_keywords', rules.flatMap((r) => r.keywords.map((k) => [k, r.id])));
  const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
  // A keyword found in a field also shows every keyword it contains ("password" holds "passw").
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_implied (found VARCHAR, keyword VARCHAR)`);
  await db.appendRows('ls_secret_implied', keywords.flatMap((f) => keywords.filter((k) => f.includes(k)).map((k) => [f, k])));
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_hidden (a VARCHAR, b VARCHAR)`);
  await db.appendRows('ls_secret_hidden', hiddenKeywordPairs(keywords));
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_allow (list_id VARCHAR, rule_id VARCHAR, condition VARCHAR, target VARCHAR, n_regex VARCHAR, n_stop VARCHAR, paths_or_commits BOOLEAN)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ls_secret_allow_items (list_id VARCHAR, kind VARCHAR, pattern VARCHAR)`);
  const lists: { id: string; rule: string | null; a: SecretAllowlist }[] = [
    ...globalAllowlists.map((a, i) => ({ id: `global-${i}`, rule: null, a })),
    ...rules.flatMap((r) => r.allowlists.map((a, i) => ({ id: `${r.id}-${i}`, rule: r.id, a }))),
  ];
  await db.appendRows('ls_secret_allow', lists.map((l) => [l.id, l.rule, l.a.condition, l.a.target, String(l.a.regexes.length), String(l.a.stopwords.length), l.a.pathsOrCommits]));
  await db.appendRows('ls_secret_allow_items', lists.flatMap((l) => [
    ...l.a.regexes.map((x) => [l.id, 'regex', x]),
    ...l.a.stopwords.map((w) => [l.id, 'stopword', w]),
  ]));
  await createMacros(db);
}

/**
 * `ls_entropy(s)`: Shannon entropy in bits per character, as gitleaks computes it. `ls_mask(s)`: at most the first
 * 4 and last 2 characters, and never more than a quarter (prefix) and an eighth (suffix) of a short secret.
 */
async function createMacros(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_entropy(s) AS -list_sum(list_transform(list_distinct(string_split(s, '')),
    c -> ((length(s) - length(replace(s, c, ''))) / length(s)) * log2((length(s) - length(replace(s, c, ''))) / length(s))))`);
  await db.run(sql`CREATE OR REPLACE TEMP MACRO ls_mask(s) AS
    left(s, least(4, length(s) // 4)::INTEGER) || '…' || CASE WHEN least(2, length(s) // 8) > 0 THEN right(s, least(2, length(s) // 8)::INTEGER) ELSE '' END`);
}

/** Escapes a keyword for an RE2 alternation (punctuation backslashed, letters and digits as they are). */
export function re2Literal(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}\-/#&~!@%=:;,<>'"`\s]/g, (c) => (c === ' ' ? '\\x20' : /\s/.test(c) ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\${c}`));
}

/**
 * Pairs (a, b): keyword b can start inside a match of keyword a and run past its end, so a left-to-right alternation
 * scan that matched a never reports b. Where a is found, b is checked with `contains`; every other keyword present
 * is found by the scan itself or contained in one it found (`ls_secret_implied`).
 */
export function hiddenKeywordPairs(keywords: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const a of keywords) for (const b of keywords) {
    if (a === b || a.includes(b)) continue;
    for (let i = 1; i < a.length; i++) {
      if (b.startsWith(a.slice(i))) {
        out.push([a, b]);
        break;
      }
    }
  }
  return out.sort(([a1, b1], [a2, b2]) => a1.localeCompare(a2) || b1.localeCompare(b2));
}
