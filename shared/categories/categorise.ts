/**
 * Exposed fields → data categories, so counsel can see which categories left and which laws' triggers they meet.
 * Per field, in order: the investigator's override; the standard field of that object (or of the object a
 * relationship path points to: Contact.Account.Owner.Email is User.Email); otherwise the field's type and every
 * custom-field name pattern that matches, together (a type mapped to no category, such as boolean, ends it). Pure; the mapping is data (resources/categories/fields.json).
 */
import { DATA_CATEGORIES, type CategoryMapping, type CategoryOverrides, type CategoryPattern, type DataCategory } from './categories.js';

/** A field as exposed: its API name (or relationship path) and, when the describe is known, its Salesforce type. */
export type ExposedField = string | { name: string; type?: string | null };

/** How one field was categorised, with the reason in one sentence. */
export interface FieldCategories {
  field: string;
  /** The object the field belongs to after following the relationship path. */
  object: string;
  categories: DataCategory[];
  source: 'override' | 'standard' | 'type' | 'pattern' | 'none';
  basis: string;
}

/** The categories a set of exposed fields holds, field by field and together. */
export interface Categorisation {
  categories: DataCategory[];
  fields: FieldCategories[];
  /** Fields no rule placed in a category: shown so the investigator can decide, never silently dropped. */
  uncategorised: string[];
  mappingVersion: string;
}

interface CompiledPattern {
  pattern: CategoryPattern;
  regex: RegExp;
}

const compiled = new WeakMap<CategoryMapping, CompiledPattern[]>();

/** Categorises the exposed fields of one object (`mapping` from the engine's loadCategoryMapping). */
export function categoriesForFields(
  object: string,
  fields: readonly ExposedField[],
  overrides: CategoryOverrides,
  mapping: CategoryMapping,
): Categorisation {
  const overrideKeys = new Map(Object.entries(overrides).map(([key, value]) => [key.toLowerCase(), value] as const));
  const results = fields.map((field) => categoriseField(object, field, overrideKeys, mapping));
  const found = new Set(results.flatMap((r) => r.categories));
  return {
    categories: DATA_CATEGORIES.filter((c) => found.has(c)),
    fields: results,
    uncategorised: results.filter((r) => r.source === 'none').map((r) => r.field),
    mappingVersion: `${mapping.schemaVersion} (${mapping.asOf})`,
  };
}

function categoriseField(
  object: string,
  exposed: ExposedField,
  overrides: ReadonlyMap<string, readonly DataCategory[]>,
  mapping: CategoryMapping,
): FieldCategories {
  const field = typeof exposed === 'string' ? exposed : exposed.name;
  const type = typeof exposed === 'string' ? null : (exposed.type ?? null);
  const { target, name } = followPath(object, field, mapping);
  const override = overrides.get(`${object}.${field}`.toLowerCase()) ?? overrides.get(`${target}.${name}`.toLowerCase()) ?? overrides.get(`*.${name}`.toLowerCase());
  if (override !== undefined) {
    return { field, object: target, categories: ordered(override), source: 'override', basis: `${target}.${name}: investigator override` };
  }
  const standard = standardCategories(target, name, mapping);
  if (standard !== null) return { field, object: target, categories: ordered(standard.categories), source: 'standard', basis: standard.basis };
  const byType = type === null ? undefined : mapping.types[type.toLowerCase()];
  if (byType !== undefined && byType.length === 0) {
    return { field, object: target, categories: [], source: 'type', basis: `${target}.${name}: type ${type ?? ''} holds no personal data` };
  }
  const matches = patternsFor(mapping).filter((p) => p.regex.test(nameTokens(name)));
  const categories = ordered([...(byType ?? []), ...matches.flatMap((m) => m.pattern.categories)]);
  if (categories.length === 0) return { field, object: target, categories, source: 'none', basis: `${target}.${name}: no rule matches` };
  const reasons = [
    ...(byType === undefined ? [] : [`type ${type ?? ''}`]),
    ...matches.map((m) => `name pattern ${m.pattern.id}`),
  ];
  return { field, object: target, categories, source: byType !== undefined ? 'type' : 'pattern', basis: `${target}.${name}: ${reasons.join(', ')}` };
}

/** Follows a relationship path ("Account.Owner.Email" on Contact → User, "Email"); an unknown relationship keeps the object unknown ("?"). */
function followPath(object: string, field: string, mapping: CategoryMapping): { target: string; name: string } {
  const parts = field.split('.');
  const name = parts.pop() ?? field;
  let target = object;
  for (const relationship of parts) {
    const key = Object.keys(mapping.relationships).find((k) => k.toLowerCase() === relationship.toLowerCase());
    const custom = relationship.endsWith('__r') ? '?' : undefined;
    target = key === undefined ? (custom ?? '?') : (mapping.relationships[key] ?? '?');
  }
  return { target, name };
}

function standardCategories(object: string, name: string, mapping: CategoryMapping): { categories: DataCategory[]; basis: string } | null {
  const lower = name.toLowerCase();
  const objectKey = Object.keys(mapping.standardFields).find((k) => k.toLowerCase() === object.toLowerCase());
  const lists: [string, Record<string, DataCategory[]> | undefined][] = [[objectKey ?? object, objectKey === undefined ? undefined : mapping.standardFields[objectKey]], ['*', mapping.standardFields['*']]];
  for (const [where, list] of lists) {
    const key = list === undefined ? undefined : Object.keys(list).find((k) => k.toLowerCase() === lower);
    if (list !== undefined && key !== undefined) {
      return { categories: list[key] ?? [], basis: `${object}.${name}: standard field${where === '*' ? ' (any object)' : ''}` };
    }
  }
  const prefixes = Object.entries(mapping.addressPrefixes).find(([o]) => o.toLowerCase() === object.toLowerCase())?.[1] ?? [];
  for (const prefix of prefixes) {
    for (const [category, parts] of Object.entries(mapping.addressParts) as [DataCategory, string[]][]) {
      if (parts.some((part) => `${prefix}${part}`.toLowerCase() === lower)) {
        return { categories: [category], basis: `${object}.${name}: standard ${prefix === '' ? '' : `${prefix} `}address field` };
      }
    }
  }
  return null;
}

/** "Drivers_License_Number__c" → "drivers_license_number"; "SSNLast4__c" → "ssn_last_4"; a namespace prefix ("acme__") is dropped. */
export function nameTokens(name: string): string {
  const bare = name.replace(/__(c|pc|r|x|b|e|mdt)$/i, '').replace(/^[A-Za-z0-9]+__/, '');
  return bare
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([A-Za-z])(\d)/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .join('_');
}

function patternsFor(mapping: CategoryMapping): CompiledPattern[] {
  const cached = compiled.get(mapping);
  if (cached !== undefined) return cached;
  const list = mapping.patterns.map((pattern) => {
    const notAfter = pattern.notAfter === undefined ? '' : `(?<!(?:^|_)(?:${pattern.notAfter})_)`;
    return { pattern, regex: new RegExp(`(?:^|_)${notAfter}(?:${pattern.tokens})(?=_|$)`) };
  });
  compiled.set(mapping, list);
  return list;
}

function ordered(categories: readonly DataCategory[]): DataCategory[] {
  const set = new Set(categories);
  return DATA_CATEGORIES.filter((c) => set.has(c));
}
