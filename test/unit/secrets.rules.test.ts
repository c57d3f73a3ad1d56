/**
 * The vendored secret patterns: both sets load and validate, every rule the scan keeps compiles in DuckDB (its
 * allowlists too), the one rule left out is named with its reason, a bad rule file is refused with the file and
 * field, capture groups are counted as RE2 counts them, and the mask never shows more than the first 4 and last 2
 * characters (less of a short secret), whatever the length.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'smol-toml';
import { captureGroups, loadSecretPatterns, type SecretPatterns } from '../../electron/engine/scoping/secretsRules.js';
import { compilableRules, createRuleTables, duckRegexError, hiddenKeywordPairs, re2Literal } from '../../electron/engine/scoping/secretsTables.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const RESOURCES = path.resolve(__dirname, '../../resources');

let db: CaseDb;
let patterns: SecretPatterns;
beforeAll(async () => {
  db = await CaseDb.open(':memory:', { threads: 1 });
  const loaded = loadSecretPatterns(RESOURCES);
  if (!loaded.ok) throw new Error(loaded.error.message);
  patterns = loaded.value;
});
afterAll(() => db?.close());

describe('the vendored rule sets', () => {
  it('keeps every gitleaks rule with a content regex and keywords, and every supplement rule', () => {
    // Counted apart from the loader: the [[rules]] tables of each file, less those without a regex.
    const count = (file: string): { all: number; noRegex: string[] } => {
      const doc = parse(readFileSync(path.join(RESOURCES, 'secrets', file), 'utf8')) as { rules: { id: string; regex?: string }[] };
      return { all: doc.rules.length, noRegex: doc.rules.filter((r) => !r.regex).map((r) => r.id) };
    };
    const gitleaks = count('gitleaks.toml');
    const own = count('leakscope.toml');
    expect(gitleaks.noRegex).toEqual(['pkcs12-file']);
    expect(patterns.rules.length).toBe(gitleaks.all - 1 + own.all);
    expect(patterns.leftOut.map((l) => l.id)).toEqual(['pkcs12-file']);
    expect(patterns.leftOut[0]?.reason).toMatch(/file names only/);
    expect(patterns.sets.map((s) => [s.name, s.rules])).toEqual([['gitleaks default rules', gitleaks.all - 1], ['Leakscope supplement', own.all]]);
    expect(patterns.sets[0]?.licence).toMatch(/^MIT/);
    for (const id of ['aws-access-token', 'github-pat', 'gitlab-pat', 'slack-bot-token', 'jwt', 'private-key', 'generic-api-key', 'snowflake-credentials', 'generic-password-in-text']) {
      expect(patterns.rules.some((r) => r.id === id), id).toBe(true);
    }
  });

  it('every rule kept compiles in DuckDB, with its allowlists', async () => {
    const usable = await compilableRules(db, patterns);
    expect(usable.leftOut).toEqual([]);
    expect(usable.rules.length).toBe(patterns.rules.length);
    for (const a of patterns.globalAllowlists) for (const x of a.regexes) expect(await duckRegexError(db, x), x).toBeNull();
    await createRuleTables(db, usable.rules, patterns.globalAllowlists);
    const n = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ls_secret_rules`);
    expect(n?.n).toBe(patterns.rules.length);
  });

  it('a regex DuckDB refuses is named with its reason', async () => {
    expect(await duckRegexError(db, '(?<=x)y')).toMatch(/.+/);
    expect(await duckRegexError(db, 'AKIA[A-Z2-7]{16}')).toBeNull();
  });

  it('refuses a malformed rule file with the file and the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-secrets-'));
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', 'sets.json'), JSON.stringify({ schemaVersion: '1.0', sets: [{ file: 'bad.toml', name: 'bad', version: '0', source: 'here', licence: 'none' }] }));
    writeFileSync(path.join(dir, 'secrets', 'bad.toml'), '[[rules]]\nid = "x"\nregex = "a"\nentropy = "high"\n');
    const r = loadSecretPatterns(dir);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/bad\.toml: rules\.0\.(description|entropy)/);
  });
});

describe('pattern helpers', () => {
  it('counts capture groups as RE2 does', () => {
    expect(captureGroups('\\b((?:A3T[A-Z0-9]|AKIA)[A-Z2-7]{16})\\b')).toBe(1);
    expect(captureGroups('(?i)[\\w.-]{0,50}?(?:access|auth)([\\w.=-]{10,150}|[a-z0-9][a-z0-9+/]{11,}={0,3})(?:[\\x60\'"\\s;]|$)')).toBe(1);
    expect(captureGroups('[(]x\\(y(?P<name>z)(a)')).toBe(2);
    expect(captureGroups('no groups')).toBe(0);
  });

  it('escapes keywords so they match literally, and finds keywords another could hide', async () => {
    const alt = ['-----begin', 'sk_live', 'a.b'].map(re2Literal).join('|');
    const row = await db.one<{ m: string[] }>(sql`SELECT regexp_extract_all('x -----begin y sk_live aXb a.b', ${alt}) AS m`);
    expect(row?.m).toEqual(['-----begin', 'sk_live', 'a.b']);
    expect(hiddenKeywordPairs(['xoxb', 'xb-', 'password', 'pass', 'word'])).toEqual([['xoxb', 'xb-']]);
  });

  it('masks at most the first 4 and last 2 characters, and never a whole secret', async () => {
    for (let len = 1; len <= 80; len++) {
      const secret = Array.from({ length: len }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join('');
      const row = await db.one<{ m: string }>(sql`SELECT ls_mask(${secret}) AS m`);
      const m = row?.m ?? '';
      const [head, tail] = m.split('…');
      expect(m, `length ${len}`).not.toBe(secret);
      expect((head ?? '').length).toBe(Math.min(4, Math.floor(len / 4)));
      expect((tail ?? '').length).toBe(Math.min(2, Math.floor(len / 8)));
      expect(secret.startsWith(head ?? '') && secret.endsWith(tail ?? '')).toBe(true);
    }
  });
});
