/**
 * The investigator's field → category decisions as a table of the case (`category_decisions`),
 * written at the start of every run from the case store, so scoping and duties categorise exposed
 * fields the same way and the outputs can name each decision.
 */
import type { CategoryOverrides, DataCategory } from '../../../shared/categories/categories.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

export interface CategoryDecisionRow {
  key: string;
  categories: readonly DataCategory[];
  reason: string;
  at: string;
  author: string;
  custodySeq: number;
}

/** Replaces `category_decisions` with the decisions in force. */
export async function writeCategoryDecisions(db: CaseDb, decisions: readonly CategoryDecisionRow[]): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE category_decisions (key VARCHAR NOT NULL, categories VARCHAR NOT NULL, reason VARCHAR NOT NULL, decided_at VARCHAR NOT NULL, author VARCHAR NOT NULL, custody_seq BIGINT NOT NULL)`);
  if (decisions.length) await db.appendRows('category_decisions', decisions.map((d) => [d.key, d.categories.join(';'), d.reason, d.at, d.author, String(d.custodySeq)]));
}

/** The decisions as the categoriser takes them (none when the table is absent: a case before decisions). */
export async function readCategoryOverrides(db: CaseDb): Promise<CategoryOverrides> {
  if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'category_decisions'`))) return {};
  const rows = await db.all<{ key: string; categories: string }>(sql`SELECT key, categories FROM category_decisions ORDER BY custody_seq`);
  return Object.fromEntries(rows.map((r) => [r.key, r.categories === '' ? [] : (r.categories.split(';') as DataCategory[])]));
}
