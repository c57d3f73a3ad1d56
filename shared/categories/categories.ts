/**
 * The data categories counsel reasons about when deciding a breach-notification duty, and the shape of the
 * versioned field → category mapping (resources/categories/fields.json) that the engine loads and validates.
 */

/** Every category, in the order reports list them. */
export const DATA_CATEGORIES = [
  'name',
  'email',
  'phone',
  'postal_address',
  'date_of_birth',
  'government_id',
  'ssn_national_id',
  'financial_account',
  'payment_card',
  'credentials',
  'health',
  'biometric',
  'precise_location',
  'free_text',
] as const;

export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** One custom-field name rule: `tokens` is a regular-expression alternation over the field's lower-case name tokens joined by `_`. */
export interface CategoryPattern {
  id: string;
  categories: DataCategory[];
  tokens: string;
  why: string;
  /** Tokens that, right before a match, cancel it ("email" before "address": an email address is no postal address). */
  notAfter?: string;
}

/** The mapping file: standard fields by object ("*" for every object), compound-address parts, field types, name patterns. */
export interface CategoryMapping {
  schemaVersion: string;
  asOf: string;
  categories: Record<DataCategory, string>;
  addressParts: Partial<Record<DataCategory, string[]>>;
  addressPrefixes: Record<string, string[]>;
  standardFields: Record<string, Record<string, DataCategory[]>>;
  /** Relationship name in a field path ("Owner" in Owner.Email) → the object it points to. */
  relationships: Record<string, string>;
  types: Record<string, DataCategory[]>;
  patterns: CategoryPattern[];
}

/**
 * The investigator's decisions, per field: `"Contact.Drivers_License__c"` (or `"*.Field"` for every object) →
 * the categories it holds; an empty list means "no personal data". Keys are matched without regard to case.
 */
export type CategoryOverrides = Readonly<Record<string, readonly DataCategory[]>>;
