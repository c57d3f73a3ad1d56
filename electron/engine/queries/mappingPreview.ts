/**
 * What a field → category decision would change, shown before it is applied: of the affected
 * people whose exposed fields include the field, how many would gain or lose each category, per
 * jurisdiction. Computed in SQL from `affected` (its exposed fields and categories) and
 * `exposed_field_categories` (what each exposed field holds under the current mapping).
 */
import type { DataCategory } from '../../../shared/categories/categories.js';
import type { CaseDb } from '../store/duck.js';
import { sql, type SqlFragment } from '../store/sql.js';

export interface MappingPreview {
  key: string;
  /** Affected people (persons) whose exposed fields include the field. */
  people: number;
  /** The categories the field holds now (from the last run's mapping). */
  before: DataCategory[];
  after: DataCategory[];
  /** Per jurisdiction and category: people who would gain it (+) or no longer have it (−). */
  changes: { jurisdiction: string; category: DataCategory; gained: number; lost: number }[];
}

/** The effect of mapping `key` (Object.Field or *.Field) to `after`; null when the case has no affected table yet. */
export async function previewCategoryDecision(db: CaseDb, key: string, after: readonly DataCategory[]): Promise<MappingPreview | null> {
  const has = await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'exposed_field_categories'`);
  if (!has || !(await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'affected'`))) return null;
  const dot = key.indexOf('.');
  const object = key.slice(0, dot).toLowerCase();
  const field = key.slice(dot + 1).toLowerCase();
  const matches = sql`(${object} = '*' OR lower(f.object) = ${object}) AND lower(f.field) = ${field}`;
  const before = await db.all<{ category: DataCategory }>(sql`
    SELECT DISTINCT f.category FROM exposed_field_categories f WHERE ${matches} AND f.category IS NOT NULL ORDER BY 1`);
  const afterList = [...after];
  const rows = await db.all<{ jurisdiction: string; category: DataCategory; gained: number; lost: number; people: number }>(sql`
    WITH person_fields AS (
      SELECT a.id, a.object, a.jurisdiction, a.categories, unnest(string_split(a.exposed_fields, ';')) AS field
      FROM affected a WHERE a.is_person
    ), touched AS (
      SELECT DISTINCT p.id, p.object, p.jurisdiction, p.categories FROM person_fields p
      JOIN (SELECT ${object} AS object, ${field} AS field) k ON (k.object = '*' OR lower(p.object) = k.object) AND lower(p.field) = k.field
    ), others AS (
      -- What each touched person's other exposed fields hold, under the current mapping.
      SELECT t.id, t.object, list_distinct(list(f.category) FILTER (WHERE f.category IS NOT NULL)) AS cats
      FROM touched t JOIN person_fields p ON p.id = t.id AND p.object = t.object
      LEFT JOIN exposed_field_categories f ON f.object = p.object AND f.field = p.field
      WHERE NOT ((${object} = '*' OR lower(p.object) = ${object}) AND lower(p.field) = ${field})
      GROUP BY t.id, t.object
    ), after_sets AS (
      SELECT t.id, t.jurisdiction, t.categories AS before_cats,
        list_distinct(list_concat(coalesce(o.cats, []::VARCHAR[]), ${categoryList(afterList)})) AS after_cats
      FROM touched t LEFT JOIN others o ON o.id = t.id AND o.object = t.object
    ), cats AS (SELECT unnest(${categoryList([...new Set([...afterList, ...before.map((b) => b.category)])])}) AS category)
    SELECT s.jurisdiction, c.category,
      count(*) FILTER (WHERE list_contains(s.after_cats, c.category) AND NOT list_contains(s.before_cats, c.category))::BIGINT AS gained,
      count(*) FILTER (WHERE list_contains(s.before_cats, c.category) AND NOT list_contains(s.after_cats, c.category))::BIGINT AS lost,
      (SELECT count(*) FROM touched)::BIGINT AS people
    FROM after_sets s CROSS JOIN cats c GROUP BY s.jurisdiction, c.category ORDER BY s.jurisdiction, c.category`);
  const people = rows[0]?.people ?? 0;
  return {
    key, people: Number(people), before: before.map((b) => b.category), after: afterList,
    changes: rows.filter((r) => Number(r.gained) > 0 || Number(r.lost) > 0).map((r) => ({ jurisdiction: r.jurisdiction, category: r.category, gained: Number(r.gained), lost: Number(r.lost) })),
  };
}

/** A list of category names as a SQL list value (names come from the closed category list, passed as one parameter). */
function categoryList(categories: readonly string[]): SqlFragment {
  return sql`list_filter(string_split(${categories.join(',')}, ','), x -> x <> '')`;
}
