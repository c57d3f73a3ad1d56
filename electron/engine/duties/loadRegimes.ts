/**
 * Loads the organisation-level regimes (resources/regimes/*.json) and an organisation profile file,
 * validated; a bad file is a Result naming the file and the field, never a crash.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { organisationProfileSchema, type OrganisationProfile } from '../../../shared/duties/profile.js';
import type { Regime } from '../../../shared/duties/types.js';
import { readValidatedJson } from '../readJsonFile.js';
import { fail, ok, type Result } from '../../../shared/result.js';
import { regimeFileSchema } from './schemas.js';

/** Every regime in `<resources>/regimes`, sorted by id. */
export function loadRegimes(resourcesDir: string): Result<Regime[]> {
  const dir = path.join(resourcesDir, 'regimes');
  if (!existsSync(dir)) return fail('NOT_FOUND', `Regime folder missing: ${dir}`);
  const regimes: Regime[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    const parsed = readValidatedJson(file, regimeFileSchema, 'Regime file');
    if (!parsed.ok) return parsed;
    const { schemaVersion: _version, sources: _sources, notes: _notes, ...regime } = parsed.value;
    if (`${regime.id}.json` !== name) return fail('BAD_INPUT', `${file}: id ${regime.id} does not match the file name`);
    regimes.push({ ...regime, verification: { status: regime.verification.status, unverifiedFields: regime.verification.unverifiedFields } });
  }
  return ok(regimes);
}

/** Reads `--profile <file>`: the organisation's sectors and status. */
export function loadProfile(file: string): Result<OrganisationProfile> {
  return readValidatedJson(path.resolve(file), organisationProfileSchema, 'Organisation profile');
}

