/**
 * The secret patterns the scan runs: gitleaks' default rules (vendored in resources/secrets, MIT) and Leakscope's
 * supplement, read from TOML and validated with zod at start. A rule the scan cannot run (no regex, only a file path)
 * is left out with the reason, never silently.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { z } from 'zod';
import { fail, ok, type Result } from '../../../shared/result.js';

const allowlistSchema = z.object({
  description: z.string().optional(),
  condition: z.enum(['OR', 'AND']).optional(),
  regexTarget: z.enum(['secret', 'match', 'line']).optional(),
  regexes: z.array(z.string()).optional(),
  stopwords: z.array(z.string()).optional(),
  paths: z.array(z.string()).optional(),
  commits: z.array(z.string()).optional(),
});

const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
  description: z.string().min(1),
  regex: z.string().min(1).optional(),
  secretGroup: z.number().int().min(0).optional(),
  entropy: z.number().min(0).max(8).optional(),
  keywords: z.array(z.string().min(1)).optional(),
  path: z.string().optional(),
  tags: z.array(z.string()).optional(),
  allowlists: z.array(allowlistSchema).optional(),
});

const ruleFileSchema = z.object({
  title: z.string().optional(),
  allowlist: allowlistSchema.optional(),
  allowlists: z.array(allowlistSchema).optional(),
  rules: z.array(ruleSchema).min(1),
});

const setsSchema = z.object({
  schemaVersion: z.literal('1.0'),
  sets: z.array(z.object({ file: z.string().regex(/^[\w.-]+\.toml$/), name: z.string(), version: z.string(), source: z.string(), licence: z.string() })).min(1),
});

/** An allowlist: a finding it matches is not reported (gitleaks semantics; file paths and commits never match here). */
export interface SecretAllowlist {
  condition: 'OR' | 'AND';
  target: 'secret' | 'match' | 'line';
  regexes: string[];
  stopwords: string[];
  /** The list also names paths or commits: under AND it can never match a record field. */
  pathsOrCommits: boolean;
}

/** One pattern the scan runs. */
export interface SecretRule {
  id: string;
  description: string;
  regex: string;
  /** The capture group holding the secret; 0 = the first non-empty group, else the whole match (as gitleaks). */
  secretGroup: number;
  /** How many capture groups the regex has. */
  groups: number;
  entropy: number | null;
  keywords: string[];
  allowlists: SecretAllowlist[];
  set: string;
}

/** Where a rule set came from: cited in secrets.json. */
export interface SecretRuleSet {
  name: string;
  version: string;
  source: string;
  licence: string;
  rules: number;
}

/** Everything loaded: the rules to run, the global allowlists, and the rules left out with why. */
export interface SecretPatterns {
  rules: SecretRule[];
  globalAllowlists: SecretAllowlist[];
  leftOut: { id: string; set: string; reason: string }[];
  sets: SecretRuleSet[];
}

/** Reads `<resources>/secrets/sets.json` and each rule file it lists; a bad file is a Result naming the file and field. */
export function loadSecretPatterns(resourcesDir: string): Result<SecretPatterns> {
  const dir = path.join(resourcesDir, 'secrets');
  const setsFile = path.join(dir, 'sets.json');
  let setsJson: unknown;
  try {
    setsJson = JSON.parse(readFileSync(setsFile, 'utf8'));
  } catch (e) {
    return fail('BAD_INPUT', `Secret rule sets ${setsFile}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const sets = setsSchema.safeParse(setsJson);
  if (!sets.success) return fail('BAD_INPUT', `Secret rule sets ${setsFile}: ${zodWhere(sets.error)}`);
  const out: SecretPatterns = { rules: [], globalAllowlists: [], leftOut: [], sets: [] };
  const seen = new Set<string>();
  for (const set of sets.data.sets) {
    const file = path.join(dir, set.file);
    let parsed: unknown;
    try {
      parsed = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      return fail('BAD_INPUT', `Secret rules ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const rules = ruleFileSchema.safeParse(parsed);
    if (!rules.success) return fail('BAD_INPUT', `Secret rules ${file}: ${zodWhere(rules.error)}`);
    for (const a of [...(rules.data.allowlist ? [rules.data.allowlist] : []), ...(rules.data.allowlists ?? [])]) out.globalAllowlists.push(allowlistOf(a));
    let kept = 0;
    for (const r of rules.data.rules) {
      if (seen.has(r.id)) return fail('BAD_INPUT', `Secret rules ${file}: rule id ${r.id} appears twice`);
      seen.add(r.id);
      if (!r.regex) {
        out.leftOut.push({ id: r.id, set: set.name, reason: `no content regex (it matches file names only${r.path ? `: ${r.path}` : ''}); record fields have no file name` });
        continue;
      }
      const keywords = [...new Set((r.keywords ?? []).map((k) => k.toLowerCase()))];
      if (keywords.length === 0) {
        out.leftOut.push({ id: r.id, set: set.name, reason: 'no keywords: every text field would need its regex, which does not stay fast on millions of records' });
        continue;
      }
      out.rules.push({
        id: r.id, description: r.description, regex: r.regex, secretGroup: r.secretGroup ?? 0, groups: captureGroups(r.regex),
        entropy: r.entropy ?? null, keywords, allowlists: (r.allowlists ?? []).map(allowlistOf), set: set.name,
      });
      kept++;
    }
    out.sets.push({ name: set.name, version: set.version, source: set.source, licence: set.licence, rules: kept });
  }
  return ok(out);
}

function allowlistOf(a: z.infer<typeof allowlistSchema>): SecretAllowlist {
  return {
    condition: a.condition ?? 'OR', target: a.regexTarget ?? 'secret', regexes: a.regexes ?? [],
    stopwords: (a.stopwords ?? []).map((s) => s.toLowerCase()), pathsOrCommits: (a.paths?.length ?? 0) + (a.commits?.length ?? 0) > 0,
  };
}

/** Counts the capturing groups of an RE2 pattern: `(` not escaped, not in a class, not `(?:`/`(?i)` (named groups count). */
export function captureGroups(regex: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (regex[i + 1] === '^') i++;
      if (regex[i + 1] === ']') i++;
      continue;
    }
    if (c !== '(') continue;
    if (regex[i + 1] !== '?') n++;
    else if (regex.startsWith('(?P<', i) || (regex.startsWith('(?<', i) && regex[i + 3] !== '=' && regex[i + 3] !== '!')) n++;
  }
  return n;
}

function zodWhere(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(top)'}: ${issue.message}` : 'invalid';
}
