/**
 * TEMPORARY: exposed field → data category, by field name, until shared/categories lands
 * (`categoriesForFields(object, fields, overrides)` with the same category ids). Replace the import in
 * stage.ts with that module and delete this file.
 */

const PATTERNS: readonly [string, RegExp][] = [
  ['credentials', /(password|passwd|secret|security_?answer|api_?key|access_?token|auth_?token)/],
  ['payment_card', /(credit_?card|card_?number|debit_?card|^pan$|cc_?number|cvv)/],
  ['financial_account', /(bank_?account|iban|routing_?number|account_?number|sort_?code)/],
  ['national_id', /(^ssn$|ssn_|social_?security|national_?id|^sin$|tax_?id|taxpayer|itin|^nino$|aadhaar|cpf)/],
  ['government_id', /(driver'?s?_?licen[cs]e|drivers_?license|passport|military_?id|state_?id_?number|government_?id)/],
  ['date_of_birth', /(birth_?date|date_?of_?birth|^dob$)/],
  ['health', /(medical|diagnos|health|patient|insurance_?member|treatment)/],
  ['biometric', /(biometric|fingerprint|face_?geometry|retina)/],
  ['precise_location', /(latitude|longitude|geolocation|geo_?location)/],
  ['email', /email/],
  ['phone', /(phone|fax)/],
  ['postal_address', /(street|city|state|postal_?code|zip|country|address)/],
  ['name', /^(first_?name|last_?name|middle_?name|suffix|name|full_?name)$/],
  ['free_text', /(description|comments?|notes?|body|text)$/],
];

/** The data category of one exposed field, or null when its name says nothing (Id, Company …). */
export function categoryOfField(object: string, field: string, overrides: Readonly<Record<string, string | null>> = {}): string | null {
  const key = `${object}.${field}`.toLowerCase();
  if (key in overrides) return overrides[key] ?? null;
  const name = field.replace(/__c$/i, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  if (object.toLowerCase() === 'account' && name === 'account_number') return null; // Account.AccountNumber is the customer's number with the org
  if (object.toLowerCase() === 'account' && name === 'name') return 'name'; // a person account's name; business names are not people
  for (const [category, pattern] of PATTERNS) if (pattern.test(name)) return category;
  return null;
}

/** The distinct categories of a list of exposed fields. */
export function categoriesForFields(object: string, fields: readonly string[], overrides: Readonly<Record<string, string | null>> = {}): string[] {
  return [...new Set(fields.map((field) => categoryOfField(object, field, overrides)).filter((c): c is string => c !== null))].sort();
}
