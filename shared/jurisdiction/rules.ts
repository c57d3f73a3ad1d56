/**
 * The breach-notification rule rows of resources/jurisdictions/rules.json (the fields the app uses) and the
 * one-line description of a jurisdiction shown next to its record count: name, regulator, deadline and how
 * well the row was verified.
 */
import { assertNever } from '../result.js';
import type { NoticeRule } from '../duties/types.js';
import { isoSubdivisionName, type GeoTables } from './tables.js';

/** rules.json → deadlineKinds. */
export const DEADLINE_KINDS = ['hours', 'days', 'business_days', 'expedient', 'concurrent', 'prior', 'none'] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export interface NotificationDeadline {
  kind: DeadlineKind;
  value: number | null;
  anchor: string | null;
  text: string;
}

export const VERIFICATION_STATUSES = ['verified', 'partially_verified', 'unverified'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export interface RuleVerification {
  status: VerificationStatus;
  unverifiedFields: string[];
}

export const RULE_FRAMEWORKS = ['US-STATE', 'US-TERRITORY', 'GDPR', 'NATIONAL', 'PROVINCIAL'] as const;
export type RuleFramework = (typeof RULE_FRAMEWORKS)[number];

/** One jurisdiction's breach-notification rule (rules.json → jurisdictions[]). */
export interface JurisdictionRule {
  code: string; // US-CA, CA-QC, DE …
  name: string;
  framework: RuleFramework;
  law: string;
  regulator: string | null;
  /** The regulator's page where the notice is filed (portal, form, or the page naming the address); null when none was found. */
  regulatorUrl?: string | null;
  /** How the notice reaches the regulator, in words; says why when `regulatorUrl` is null. */
  regulatorUrlNote?: string | null;
  regulatorDeadline: NotificationDeadline;
  individualDeadline: NotificationDeadline;
  regulatorThreshold: number | null; // minimum affected residents; 1 = any; null = no regulator notice
  regulatorThresholdText: string;
  citation: string;
  verification: RuleVerification;
  /** What data must be exposed: `name_plus_element` (name + a trigger), `any_personal_data`, `listed_categories` (a trigger alone). */
  triggerRule: 'name_plus_element' | 'any_personal_data' | 'listed_categories';
  triggers: string[]; // rules.json vocabulary terms, mapped to data categories by rules.json → categoryMap
  standaloneTriggers: string[]; // terms that trigger without the name
  riskTest: string | null;
  riskTestApplies: boolean;
  /** False where an account or card number counts only with its security code (most US laws). */
  accountNumberAlone: boolean;
  safeHarbourEncryption: boolean | null;
  safeHarbourNote: string;
  effective: string | null; // YYYY-MM-DD the rule as written applies from; null = not recorded
  beforeEffective: 'no_duty' | 'earlier_version';
  lastReviewed: string;
  notices: NoticeRule[];
}

/** What the app shows about a jurisdiction code wherever it counts records under it. */
export interface JurisdictionDescription {
  code: string;
  name: string;
  regulator: string | null;
  deadline: string | null;
  verification: string | null;
  hasRule: boolean;
}

/**
 * Names a jurisdiction code and states its regulator deadline and verification status, so no count is shown
 * without the duty it implies and how far that duty was checked. `tables` supplies names for codes without
 * a rule row (JE, US-AS …); without it such codes are named by their code.
 */
export function describeJurisdiction(code: string, rules: readonly JurisdictionRule[], tables?: GeoTables): JurisdictionDescription {
  const rule = rules.find((candidate) => candidate.code === code);
  if (rule !== undefined) {
    return {
      code,
      name: rule.name,
      regulator: rule.regulator,
      deadline: deadlineWords(rule.regulatorDeadline),
      verification: verificationWords(rule.verification),
      hasRule: true,
    };
  }
  const gdpr = tables?.euEea.has(code) === true ? rules.find((candidate) => candidate.framework === 'GDPR') : undefined;
  return {
    code,
    name: nameWithoutRule(code, tables),
    regulator: null,
    deadline: gdpr === undefined ? null : `GDPR Art. 33: ${deadlineWords(gdpr.regulatorDeadline)}`,
    verification: null,
    hasRule: false,
  };
}

/** A regulator deadline in words: the rule's own text, or a sentence built from its kind. */
export function deadlineWords(deadline: NotificationDeadline): string {
  if (deadline.text.trim() !== '') return deadline.text;
  const anchor = deadline.anchor === null ? '' : ` after ${deadline.anchor}`;
  switch (deadline.kind) {
    case 'hours':
      return `within ${deadline.value ?? '?'} hours${anchor}`;
    case 'days':
      return `within ${deadline.value ?? '?'} days${anchor}`;
    case 'business_days':
      return `within ${deadline.value ?? '?'} business days${anchor}`;
    case 'expedient':
      return 'without unreasonable delay';
    case 'concurrent':
      return 'no later than notice to individuals';
    case 'prior':
      return 'before notice to individuals';
    case 'none':
      return 'no regulator notice under this law';
    default:
      return assertNever(deadline.kind, 'deadline kind');
  }
}

/** The verification status in words, naming the fields still to be checked. */
export function verificationWords(verification: RuleVerification): string {
  const open = verification.unverifiedFields.length === 0 ? '' : `; unverified: ${verification.unverifiedFields.join(', ')}`;
  switch (verification.status) {
    case 'verified':
      return `verified${open}`;
    case 'partially_verified':
      return `partially verified${open}`;
    case 'unverified':
      return `unverified${open}`;
    default:
      return assertNever(verification.status, 'verification status');
  }
}

function nameWithoutRule(code: string, tables: GeoTables | undefined): string {
  if (code === 'ZZ') return 'Unresolved address';
  if (code === 'US') return 'United States (state unknown)';
  if (code === 'CA') return 'Canada (outside Quebec)';
  if (tables === undefined) return code;
  return (code.includes('-') ? isoSubdivisionName(code, tables) : tables.countryNames.get(code)) ?? code;
}
