/**
 * The shapes of the name data beside aliases.json: resources/jurisdictions/subdivisions.json,
 * i18n-iso-countries' langs/*.json and the zipcodes package's rows (CLDR's files are checked by hand in loadNames.ts), checked at load time
 * so a changed package fails with the file and field named instead of resolving addresses wrongly.
 */
import { z } from 'zod';

const auStateSchema = z.object({
  name: z.string().min(1),
  aliases: z.array(z.string()),
  iso3166_2: z.string().regex(/^AU-[A-Z]{2,3}$/),
});

/** subdivisions.json: subdivision names not in aliases.json (Australian states and territories). */
export const subdivisionFileSchema = z.object({
  source: z.string().min(1),
  auStates: z.record(z.string().regex(/^[A-Z]{2,3}$/), auStateSchema),
  /** Names several countries use for a subdivision (former names included): name → the countries; `_note` explains. */
  sharedNames: z.record(z.string(), z.union([z.array(z.string().regex(/^[A-Z]{2}$/)).min(2), z.string()])),
});
export type SubdivisionFile = z.infer<typeof subdivisionFileSchema>;

/** i18n-iso-countries langs/<locale>.json: alpha-2 → the name, or the name and its alternatives. */
export const i18nNamesSchema = z.object({
  locale: z.string().min(2),
  countries: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});

/** One row of zipcodes lib/codes.js `codes`: the ZIP, its state (USPS code) and country. */
export const zipRowSchema = z.object({ zip: z.string(), state: z.string(), country: z.string() });
