/**
 * The shape of resources/regimes/*.json (organisation-level regimes), checked at load time so a hand-edited
 * regime fails with its file and field named.
 */
import { z } from 'zod';
import { VERIFICATION_STATUSES } from '../../../shared/jurisdiction/rules.js';
import { isoDate, lawTermsShape, noticeSchema } from '../jurisdiction/schemas.js';

const condition = z.object({ field: z.string(), values: z.array(z.union([z.string(), z.boolean()])).optional(), present: z.boolean().optional() });

/** One regime file. */
export const regimeFileSchema = z.object({
  schemaVersion: z.literal('1.0'),
  id: z.string().regex(/^[A-Z]{2}-[A-Z0-9-]+$/, 'not a regime id such as EU-NIS2'),
  name: z.string().min(1),
  law: z.string().min(1),
  appliesWhen: condition,
  peopleFrom: z.enum(['all', 'eu_eea', 'us']),
  triggerRule: z.enum(['name_plus_element', 'any_personal_data', 'listed_categories', 'any_incident']),
  ...lawTermsShape,
  citation: z.string().url(),
  sources: z.array(z.string()),
  notes: z.string(),
  verification: z.object({ status: z.enum(VERIFICATION_STATUSES), unverifiedFields: z.array(z.string()), checkedOn: isoDate }),
  notices: z.array(noticeSchema.extend({ appliesWhen: condition.optional(), id: z.string().optional(), thresholdBelow: z.number().int().optional() })).min(1),
  replaces: z.object({ framework: z.string(), recipient: z.string() }).optional(),
  authorityFrom: z.string().optional(),
});
export type RegimeFile = z.infer<typeof regimeFileSchema>;
