/**
 * The case's field → data-category mapping as the investigator edits it: the decisions in force,
 * the exposed fields with what they hold under the mapping of the last run, a preview of what a
 * change would do to the affected people, and the change itself (recorded in custody, applied by
 * the next `investigate` of the case).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataCategory } from '../../shared/categories/categories.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { categoryDecisions, recordCategoryDecision, validOverrideKey, type CategoryDecision } from './casestore/categoryOverrides.js';
import { CustodyLog } from './casestore/custody.js';
import { CASE_DB, CUSTODY_DB } from './caseLayout.js';
import { previewCategoryDecision, type MappingPreview } from './queries/mappingPreview.js';
import { withCaseDb } from './queries/openCase.js';
import { sql } from './store/sql.js';

export type ExposedFieldMapping = {
  object: string;
  field: string;
  categories: string[];
  people: number;
};

export interface CaseMapping {
  decisions: CategoryDecision[];
  /** Every exposed (object, field) of the last run with its categories (empty: holds no category) and how many people it exposed. */
  exposedFields: ExposedFieldMapping[] | null;
}

/** The decisions in force and the exposed fields of the last run. */
export async function readCaseMapping(caseDir: string): Promise<Result<CaseMapping>> {
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir}`);
  const log = CustodyLog.open(custodyPath, { key: null });
  let decisions: CategoryDecision[];
  try {
    decisions = categoryDecisions(log.store());
  } finally {
    log.close();
  }
  const exposedFields = await withCaseDb(path.join(caseDir, CASE_DB), async (db) => {
    if (!(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'exposed_field_categories'`))) return null;
    return db.all<ExposedFieldMapping>(sql`
      WITH people AS (
        SELECT object, field, count(DISTINCT id)::BIGINT AS people
        FROM (SELECT object, id, unnest(string_split(exposed_fields, ';')) AS field FROM affected WHERE is_person) GROUP BY ALL
      )
      SELECT f.object, f.field, coalesce(list_sort(list_distinct(list(f.category) FILTER (WHERE f.category IS NOT NULL))), []::VARCHAR[]) AS categories, coalesce(any_value(p.people), 0)::BIGINT AS people
      FROM exposed_field_categories f LEFT JOIN people p ON p.object = f.object AND p.field = f.field
      GROUP BY f.object, f.field ORDER BY f.object, f.field`);
  });
  return ok({ decisions, exposedFields: exposedFields?.map((r) => ({ ...r, people: Number(r.people) })) ?? null });
}

/** What mapping `key` to `categories` would change, from the last run's tables. */
export async function previewCaseMapping(caseDir: string, key: string, categories: readonly DataCategory[]): Promise<Result<MappingPreview>> {
  if (!validOverrideKey(key)) return fail('BAD_INPUT', `${JSON.stringify(key)} is not Object.Field or *.Field`);
  const preview = await withCaseDb(path.join(caseDir, CASE_DB), (db) => previewCategoryDecision(db, key, categories));
  return preview === null ? fail('NOT_FOUND', `No scoped results in ${caseDir} to preview against (run \`leakscope investigate\` first)`) : ok(preview);
}

/** Records a decision (or, with null, removes it); the next `investigate` of the case applies it. */
export function changeCaseMapping(caseDir: string, key: string, categories: readonly DataCategory[] | null, reason: string, author: string): Result<CategoryDecision[]> {
  if (!validOverrideKey(key)) return fail('BAD_INPUT', `${JSON.stringify(key)} is not Object.Field or *.Field`);
  const custodyPath = path.join(caseDir, CUSTODY_DB);
  if (!existsSync(custodyPath)) return fail('NOT_FOUND', `No case in ${caseDir}`);
  const log = CustodyLog.open(custodyPath);
  try {
    const current = categoryDecisions(log.store());
    if (categories === null && !current.some((d) => d.key.toLowerCase() === key.toLowerCase())) return fail('BAD_INPUT', `No decision on ${key} to remove`);
    recordCategoryDecision(log, key, categories, reason, author);
    return ok(categoryDecisions(log.store()));
  } finally {
    log.close();
  }
}

/** The decisions in force for a run (what investigate passes to scoping and duties). */
export function caseCategoryDecisions(custody: CustodyLog): CategoryDecision[] {
  return categoryDecisions(custody.store());
}
