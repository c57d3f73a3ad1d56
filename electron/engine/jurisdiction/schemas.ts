/**
 * The shapes of resources/jurisdictions/*.json and of i18n-iso-countries' langs/en.json, checked at load
 * time so a hand-edited table fails with the file and field named instead of misbehaving later.
 */
import { z } from 'zod';
import { DEADLINE_KINDS, RULE_FRAMEWORKS, VERIFICATION_STATUSES } from '../../../shared/jurisdiction/rules.js';
import { CLOCK_KINDS, OPEN_CLOCK_REASONS } from '../../../shared/duties/types.js';
import { HOLIDAY_CALENDARS } from '../../../shared/duties/holidays.js';

const deadlineSchema = z.object({
  kind: z.enum(DEADLINE_KINDS),
  value: z.number().nullable(),
  anchor: z.string().nullable(),
  text: z.string(),
});

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date');

/** A page counsel files a notice on: an absolute https address (a regulator's portal, form or instructions). */
export const filingUrl = z.string().url().refine((url) => url.startsWith('https://'), 'not an https address');

/** A notice clock: how long, from when (`awareness`, `determination`, `calendar_year_end`, `after:<recipient>`). */
export const clockSchema = z.object({
  kind: z.enum(CLOCK_KINDS),
  value: z.number().positive().nullable(),
  start: z.string().regex(/^(awareness|determination|calendar_year_end|after:[a-z_]+)$/, 'not a clock start'),
  reason: z.enum(OPEN_CLOCK_REASONS).optional(),
  holidays: z.enum(HOLIDAY_CALENDARS).optional(),
  text: z.string(),
}).refine((c) => (c.kind === 'none') === (c.value === null), 'a clock has a value exactly when its kind is not none')
  .refine((c) => c.kind !== 'none' || c.reason !== undefined, 'a clock without a fixed period needs a reason');

/** The terms every notification law states, whether a jurisdiction's rule or an organisation-level regime. */
export const lawTermsShape = {
  triggers: z.array(z.string()),
  standaloneTriggers: z.array(z.string()),
  riskTest: z.string().nullable(),
  riskTestApplies: z.boolean(),
  accountNumberAlone: z.boolean(),
  safeHarbourEncryption: z.boolean().nullable(),
  safeHarbourNote: z.string(),
  effective: isoDate.nullable(),
  beforeEffective: z.enum(['no_duty', 'earlier_version']),
  lastReviewed: isoDate,
};

/** One recipient's notice under a law. */
export const noticeSchema = z.object({
  recipient: z.string().regex(/^[a-z_]+$/),
  authority: z.string().nullable(),
  url: filingUrl.nullable().optional(),
  /** Where and how the notice is filed, in words (the channel, or why no page is recorded). */
  filingNote: z.string().min(1).optional(),
  threshold: z.number().int().min(1),
  thresholdText: z.string(),
  thresholdPer: z.enum(['total', 'us_state']).optional(),
  clock: clockSchema,
  riskTest: z.string().nullable().optional(),
});

const ruleSchema = z.object({
  code: z.string().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'not an ISO 3166-1/3166-2 code'),
  name: z.string().min(1),
  framework: z.enum(RULE_FRAMEWORKS),
  law: z.string(),
  regulator: z.string().nullable(),
  /** The regulator's own page where the notice is filed; null when none was found, and then `regulatorUrlNote` says why. */
  regulatorUrl: filingUrl.nullable(),
  regulatorUrlNote: z.string().min(1).optional(),
  regulatorUrlCheckedOn: isoDate.optional(),
  regulatorDeadline: deadlineSchema,
  individualDeadline: deadlineSchema,
  regulatorThreshold: z.number().int().nullable(),
  regulatorThresholdText: z.string(),
  citation: z.string(),
  verification: z.object({
    status: z.enum(VERIFICATION_STATUSES),
    unverifiedFields: z.array(z.string()),
  }),
  triggerRule: z.enum(['name_plus_element', 'any_personal_data', 'listed_categories']),
  ...lawTermsShape,
  notices: z.array(noticeSchema),
});

/** rules.json: only the fields the app reads are checked; the rest is carried in the file for people. */
export const rulesFileSchema = z.object({
  schemaVersion: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'not a YYYY-MM-DD date'),
  jurisdictions: z.array(ruleSchema).min(1),
  /** Trigger vocabulary term → the data categories that meet it (`*` = any category). */
  categoryMap: z.record(z.string(), z.array(z.string())),
}).superRefine((file, ctx) => {
  file.jurisdictions.forEach((rule, index) => {
    if (rule.regulatorUrl === null && rule.regulatorUrlNote === undefined) {
      ctx.addIssue({ code: 'custom', path: ['jurisdictions', index, 'regulatorUrlNote'], message: `${rule.code}: regulatorUrl is null, so regulatorUrlNote must say what the law asks instead` });
    }
    for (const term of [...rule.triggers, ...rule.standaloneTriggers]) {
      if (!(term in file.categoryMap)) ctx.addIssue({ code: 'custom', path: ['jurisdictions', index, 'triggers'], message: `trigger "${term}" is not in categoryMap` });
    }
  });
});

const usStateSchema = z.object({
  name: z.string().min(1),
  abbreviations: z.array(z.string()),
  misspellings: z.array(z.string()),
  iso3166_2: z.string(),
});

const caProvinceSchema = z.object({
  nameEn: z.string().min(1),
  nameFr: z.string().min(1),
  aliases: z.array(z.string()),
  iso3166_2: z.string(),
});

const twoLetters = z.string().regex(/^[A-Z]{2}$/, 'not a two-letter upper-case code');

/** aliases.json: keys are ISO codes. */
export const aliasFileSchema = z.object({
  usStates: z.record(twoLetters, usStateSchema),
  caProvinces: z.record(twoLetters, caProvinceSchema),
  caPostalFirstLetter: z.record(z.string().regex(/^[A-Z]$/), z.string().regex(/^[A-Z]{2}(\|[A-Z]{2})*$/)),
  countryAliases: z.record(twoLetters, z.array(z.string())),
  ambiguous: z.record(z.string(), z.string()),
});
export type AliasFile = z.infer<typeof aliasFileSchema>;

/** i18n-iso-countries langs/en.json: alpha-2 → the official name, or the official name and its alternatives. */
export const englishNamesSchema = z.object({
  locale: z.literal('en'),
  countries: z.record(twoLetters, z.union([z.string(), z.array(z.string()).min(1)])),
});
export type EnglishCountryNames = z.infer<typeof englishNamesSchema>['countries'];
