/**
 * The organisation profile (`--profile <file>`, later a form in the app): what the organisation is, which
 * brings organisation-level regimes on top of the residence-based laws.
 */
import { z } from 'zod';
import type { ProfileCondition, Regime } from './types.js';

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'not an ISO 3166-1 alpha-2 code');

/** The profile file; every field optional, an empty object meaning "no organisation regime known". */
export const organisationProfileSchema = z.strictObject({
  schemaVersion: z.literal('1.0').default('1.0'),
  organisation: z.string().default(''),
  /** EU/EEA country of the main establishment: GDPR one-stop shop with that country's authority as lead. */
  euMainEstablishment: countryCode.nullable().default(null),
  nis2: z.enum(['essential', 'important']).nullable().default(null),
  doraFinancialEntity: z.boolean().default(false),
  usListed: z.boolean().default(false),
  hipaa: z.enum(['covered_entity', 'business_associate']).nullable().default(null),
  glbaFinancialInstitution: z.boolean().default(false),
  nydfsCoveredEntity: z.boolean().default(false),
  indiaCertIn: z.boolean().default(false),
  uaeFreeZone: z.enum(['DIFC', 'ADGM']).nullable().default(null),
});
export type OrganisationProfile = z.infer<typeof organisationProfileSchema>;

/** The profile used when none is given: no organisation regime applies, and duties.json says so. */
export const EMPTY_PROFILE: OrganisationProfile = organisationProfileSchema.parse({});

/** Whether a profile meets a regime's or notice's condition. */
export function profileMeets(profile: OrganisationProfile, condition: ProfileCondition): boolean {
  const value = (profile as Record<string, unknown>)[condition.field];
  if (condition.present === true) return value !== null && value !== undefined && value !== false && value !== '';
  return (condition.values ?? []).some((wanted) => wanted === value);
}

/** The regimes the profile brings in, in file order. */
export function regimesFor(profile: OrganisationProfile, regimes: readonly Regime[]): Regime[] {
  return regimes.filter((regime) => profileMeets(profile, regime.appliesWhen));
}
