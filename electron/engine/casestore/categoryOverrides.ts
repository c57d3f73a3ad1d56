/**
 * The investigator's field → data-category decisions, kept in the case store (custody.sqlite) so a
 * re-run and a reviewer see the same mapping: `Contact.Drivers_License__c` (or `*.Field` for every
 * object) → the categories it holds (an empty list: "no personal data"). Each change is written in
 * the same transaction as its custody entry (`mapping.changed`: key, categories, reason); rows are
 * never edited, the latest row of a key is in force, and a removal puts the bundled mapping back.
 */
import type Database from 'better-sqlite3';
import { DATA_CATEGORIES, type CategoryOverrides, type DataCategory } from '../../../shared/categories/categories.js';
import type { MappingDecision } from '../../../shared/workbench.js';
import type { CustodyLog } from './custody.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS category_overrides (
    n INTEGER PRIMARY KEY, at TEXT NOT NULL, author TEXT NOT NULL, key TEXT NOT NULL,
    categories TEXT, reason TEXT NOT NULL, custody_seq INTEGER NOT NULL);
  CREATE TRIGGER IF NOT EXISTS category_overrides_no_update BEFORE UPDATE ON category_overrides BEGIN SELECT RAISE(ABORT, 'mapping decisions are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS category_overrides_no_delete BEFORE DELETE ON category_overrides BEGIN SELECT RAISE(ABORT, 'mapping decisions are append-only'); END;`;

/** One decision in force (the contract's MappingDecision: the same record the app shows). */
export type CategoryDecision = MappingDecision;

/** `Object.Field` or `*.Field` with API-name characters (a relationship path such as `Account.Owner.Email` too). */
export function validOverrideKey(key: string): boolean {
  return /^(\*|[A-Za-z][A-Za-z0-9_]{0,79})(\.[A-Za-z][A-Za-z0-9_]{0,79}){1,4}$/.test(key);
}

/** Parses `health,financial_account` (or `none`) into categories; null with the unknown word when one is not a category. */
export function parseCategories(text: string): { ok: true; categories: DataCategory[] } | { ok: false; unknown: string } {
  const words = text.split(',').map((w) => w.trim().toLowerCase()).filter(Boolean);
  if (words.length === 1 && words[0] === 'none') return { ok: true, categories: [] };
  for (const w of words) if (!(DATA_CATEGORIES as readonly string[]).includes(w)) return { ok: false, unknown: w };
  return { ok: true, categories: DATA_CATEGORIES.filter((c) => words.includes(c)) };
}

/** Records a decision (categories) or its removal (null) with its custody entry. */
export function recordCategoryDecision(log: CustodyLog, key: string, categories: readonly DataCategory[] | null, reason: string, author: string): void {
  const store = log.store();
  store.exec(SCHEMA);
  log.appendWith('mapping.changed', { key, categories, reason }, author, (db, e) => {
    db.prepare('INSERT INTO category_overrides (at, author, key, categories, reason, custody_seq) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.at, author, key, categories === null ? null : JSON.stringify(categories), reason, e.seq);
  });
}

/** The decisions in force, by key (the latest row of each key; removed keys left out), oldest first. */
export function categoryDecisions(store: Database.Database): CategoryDecision[] {
  const exists = store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'category_overrides'").get();
  if (!exists) return [];
  const rows = store
    .prepare(`SELECT o.* FROM category_overrides o JOIN (SELECT lower(key) AS k, max(n) AS n FROM category_overrides GROUP BY 1) last ON last.n = o.n
              WHERE o.categories IS NOT NULL ORDER BY o.n`)
    .all() as { key: string; categories: string; reason: string; at: string; author: string; custody_seq: number }[];
  return rows.map((r) => ({ key: r.key, categories: JSON.parse(r.categories) as DataCategory[], reason: r.reason, at: r.at, author: r.author, custodySeq: r.custody_seq }));
}

/** The decisions as the categoriser takes them. */
export function overridesOf(decisions: readonly CategoryDecision[]): CategoryOverrides {
  return Object.fromEntries(decisions.map((d) => [d.key, d.categories]));
}
