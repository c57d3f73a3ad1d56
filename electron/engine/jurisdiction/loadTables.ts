/**
 * Loads the versioned jurisdiction data (resources/jurisdictions/rules.json and aliases.json) plus the ISO
 * country list of i18n-iso-countries and the name datasets of loadNames.ts, validates it, and builds the lookup tables the pure resolver uses.
 * Loaded once per resources folder; failures are Results naming the file and the field.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import countries from 'i18n-iso-countries';
import { readValidatedJson } from '../readJsonFile.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import type { JurisdictionRule } from '../../../shared/jurisdiction/rules.js';
import type { GeoTables } from '../../../shared/jurisdiction/tables.js';
import { buildGeoTables, type GeoBuildReport } from './buildTables.js';
import { loadNameSources } from './loadNames.js';
import { aliasFileSchema, englishNamesSchema, rulesFileSchema } from './schemas.js';

/** Everything the jurisdiction step needs, from one snapshot of the tables. */
export interface JurisdictionData {
  tables: GeoTables;
  rules: JurisdictionRule[];
  asOf: string; // rules.json → asOf
  schemaVersion: string;
  /** Trigger vocabulary term → data categories (rules.json → categoryMap). */
  categoryMap: Record<string, string[]>;
  resourcesDir: string;
  /** Alias keys dropped because they named two places, or lost to an ISO name; shown, never silent. */
  warnings: string[];
  /** What the name build set aside (translations shadowed or ambiguous) and how many locales each dataset gave. */
  names: Omit<GeoBuildReport, 'warnings'> & { locales: { cldr: number; i18n: number } };
}

const loaded = new Map<string, JurisdictionData>();

/**
 * Returns the jurisdiction tables and rules, reading them on first use only. `resourcesDir` overrides the
 * default `<repo root>/resources/jurisdictions` (a packaged app passes its own resources path).
 */
export function loadJurisdictionData(resourcesDir?: string): Result<JurisdictionData> {
  const dir = resourcesDir === undefined ? defaultResourcesDir() : ok(resolve(resourcesDir));
  if (!dir.ok) return dir;
  const cached = loaded.get(dir.value);
  if (cached !== undefined) return ok(cached);
  const data = readJurisdictionData(dir.value);
  if (data.ok) loaded.set(dir.value, data.value);
  return data;
}

/** `<repo root>/resources/jurisdictions`, the repo root being the nearest folder above this file with a package.json. */
export function defaultResourcesDir(): Result<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return ok(join(dir, 'resources', 'jurisdictions'));
    const parent = dirname(dir);
    if (parent === dir) return fail('NOT_FOUND', `No package.json above ${fileURLToPath(import.meta.url)}: cannot find resources/jurisdictions`);
    dir = parent;
  }
}

function readJurisdictionData(dir: string): Result<JurisdictionData> {
  const rulesFile = readValidatedJson(join(dir, 'rules.json'), rulesFileSchema, 'Jurisdiction table');
  if (!rulesFile.ok) return rulesFile;
  const aliasFile = readValidatedJson(join(dir, 'aliases.json'), aliasFileSchema, 'Jurisdiction table');
  if (!aliasFile.ok) return aliasFile;
  const englishNames = readValidatedJson(createRequire(import.meta.url).resolve('i18n-iso-countries/langs/en.json'), englishNamesSchema, 'Jurisdiction table');
  if (!englishNames.ok) return englishNames;
  const nameSources = loadNameSources(dir);
  if (!nameSources.ok) return nameSources;
  const { tables, report } = buildGeoTables({
    aliases: aliasFile.value,
    englishNames: englishNames.value.countries,
    alpha3ByAlpha2: countries.getAlpha2Codes(),
    ...nameSources.value,
    ruleCountries: new Set(rulesFile.value.jurisdictions.map((rule) => rule.code.slice(0, 2))),
  });
  const { warnings, ...names } = report;
  const rules: JurisdictionRule[] = rulesFile.value.jurisdictions.map((rule) => ({
    code: rule.code,
    name: rule.name,
    framework: rule.framework,
    law: rule.law,
    regulator: rule.regulator,
    regulatorUrl: rule.regulatorUrl,
    regulatorUrlNote: rule.regulatorUrlNote ?? null,
    regulatorDeadline: rule.regulatorDeadline,
    individualDeadline: rule.individualDeadline,
    regulatorThreshold: rule.regulatorThreshold,
    regulatorThresholdText: rule.regulatorThresholdText,
    citation: rule.citation,
    verification: { status: rule.verification.status, unverifiedFields: rule.verification.unverifiedFields },
    triggerRule: rule.triggerRule,
    triggers: rule.triggers,
    standaloneTriggers: rule.standaloneTriggers,
    riskTest: rule.riskTest,
    riskTestApplies: rule.riskTestApplies,
    accountNumberAlone: rule.accountNumberAlone,
    safeHarbourEncryption: rule.safeHarbourEncryption,
    safeHarbourNote: rule.safeHarbourNote,
    effective: rule.effective,
    beforeEffective: rule.beforeEffective,
    lastReviewed: rule.lastReviewed,
    notices: rule.notices,
  }));
  const duplicate = rules.find((rule, index) => rules.findIndex((other) => other.code === rule.code) !== index);
  if (duplicate !== undefined) return fail('BAD_INPUT', `${join(dir, 'rules.json')}: code ${duplicate.code} appears twice`);
  return ok({
    tables,
    rules,
    asOf: rulesFile.value.asOf,
    schemaVersion: rulesFile.value.schemaVersion,
    categoryMap: rulesFile.value.categoryMap,
    resourcesDir: dir,
    warnings,
    names: { ...names, locales: nameSources.value.localeCounts },
  });
}

