/**
 * Loads and validates the versioned field → data-category mapping (resources/categories/fields.json), once
 * per folder, and offers `categoriesForFields` bound to it for the engine. A bad file is a Result naming the
 * file and field (or the pattern whose expression does not compile), never a wrong categorisation.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { categoriesForFields as categorise, type Categorisation, type ExposedField } from '../../../shared/categories/categorise.js';
import { DATA_CATEGORIES, type CategoryMapping, type CategoryOverrides } from '../../../shared/categories/categories.js';
import { readValidatedJson } from '../readJsonFile.js';
import { fail, ok, type Result } from '../../../shared/result.js';

const category = z.enum(DATA_CATEGORIES);
const mappingSchema = z.object({
  schemaVersion: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date'),
  categories: z.record(category, z.string()),
  addressParts: z.partialRecord(category, z.array(z.string())),
  addressPrefixes: z.record(z.string(), z.array(z.string())),
  standardFields: z.record(z.string(), z.record(z.string(), z.array(category))),
  relationships: z.record(z.string(), z.string()),
  types: z.record(z.string(), z.array(category)),
  patterns: z.array(
    z.object({ id: z.string().min(1), categories: z.array(category).min(1), tokens: z.string().min(1), why: z.string(), notAfter: z.string().optional() }),
  ),
});

const loaded = new Map<string, CategoryMapping>();

/** The mapping in `dir` (default `<repo root>/resources/categories`), read on first use only. */
export function loadCategoryMapping(dir?: string): Result<CategoryMapping> {
  const folder = dir === undefined ? defaultCategoriesDir() : resolve(dir);
  const cached = loaded.get(folder);
  if (cached !== undefined) return ok(cached);
  const file = join(folder, 'fields.json');
  const checked = readValidatedJson(file, mappingSchema, 'Category mapping');
  if (!checked.ok) return checked;
  for (const pattern of checked.value.patterns) {
    try {
      new RegExp(`(?:${pattern.tokens})|(?:${pattern.notAfter ?? 'x'})`);
    } catch (error) {
      return fail('BAD_INPUT', `${file}: pattern ${pattern.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const mapping = checked.value as CategoryMapping;
  loaded.set(folder, mapping);
  return ok(mapping);
}

/** Categorises one object's exposed fields with the bundled mapping and the investigator's overrides. */
export function categoriesForFields(object: string, fields: readonly ExposedField[], overrides: CategoryOverrides = {}): Result<Categorisation> {
  const mapping = loadCategoryMapping();
  return mapping.ok ? ok(categorise(object, fields, overrides, mapping.value)) : mapping;
}

function defaultCategoriesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'resources', 'categories');
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'resources', 'categories');
    dir = parent;
  }
}
