/**
 * The vocabulary of notification duties: a clock (how long, from when), a notice rule (who is told, above
 * what count, on what trigger) and the evaluated duty the report shows per jurisdiction or regime and recipient.
 */
import type { VerificationStatus } from '../jurisdiction/rules.js';
import type { HolidayCalendar } from './holidays.js';

export const CLOCK_KINDS = ['hours', 'calendar_days', 'business_days', 'months', 'none'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** Why a clock has no fixed period. */
export const OPEN_CLOCK_REASONS = ['without_undue_delay', 'with_individual_notice', 'before_individual_notice'] as const;
export type OpenClockReason = (typeof OPEN_CLOCK_REASONS)[number];

/** `awareness`, `determination`, `calendar_year_end` (end of the awareness year) or `after:<recipient>`. */
export type ClockStart = string;

export interface NoticeClock {
  kind: ClockKind;
  value: number | null;
  start: ClockStart;
  reason?: OpenClockReason;
  /** Business days also skip this calendar's holidays (else weekdays only). */
  holidays?: HolidayCalendar;
  text: string;
}

/** Who is told, from how many affected people on, by when. */
export interface NoticeRule {
  /** Names a step when one recipient gets several notices (NIS2 early warning, notification, final report). */
  id?: string;
  recipient: string; // individuals, regulator, attorney_general, consumer_reporting_agencies, csirt, lead_supervisory_authority …
  authority: string | null;
  url?: string | null;
  /** Where and how this notice is filed, in words (resources/regimes; rules.json keeps it per jurisdiction). */
  filingNote?: string;
  threshold: number; // minimum people meeting the trigger; 1 = any
  thresholdText: string;
  /** Count the threshold per US state (HIPAA media notice: more than 500 residents of a State). */
  thresholdPer?: 'total' | 'us_state';
  /** Only below this count (HIPAA's annual log for breaches of fewer than 500). */
  thresholdBelow?: number;
  clock: NoticeClock;
  /** A notice-level risk test, replacing the law's. */
  riskTest?: string | null;
  /** Only for organisations whose profile has this value (HIPAA business associates notify the covered entity). */
  appliesWhen?: ProfileCondition;
}

/** A profile field and the values that bring a regime or notice in; `present` = any non-null value. */
export interface ProfileCondition {
  field: string;
  values?: (string | boolean)[];
  present?: boolean;
}

/** The law-level facts every notice of one jurisdiction or regime shares. */
export interface DutyLaw {
  id: string; // jurisdiction code or regime id
  name: string;
  law: string;
  triggerRule: 'name_plus_element' | 'any_personal_data' | 'listed_categories' | 'any_incident';
  triggers: string[];
  standaloneTriggers: string[];
  riskTest: string | null;
  riskTestApplies: boolean;
  accountNumberAlone: boolean;
  safeHarbourEncryption: boolean | null;
  safeHarbourNote: string;
  effective: string | null; // YYYY-MM-DD
  /** Before `effective`: no such duty existed (`no_duty`), or an earlier version of the law governed (`earlier_version`). */
  beforeEffective: 'no_duty' | 'earlier_version';
  lastReviewed: string;
  citation: string;
  verification: { status: VerificationStatus; unverifiedFields: string[] };
  notices: NoticeRule[];
  /** The regulator's filing page for notices to an authority that name none of their own (rules.json `regulatorUrl`). */
  filingUrl?: string | null;
  /** How such a notice is filed, or why no page is recorded (rules.json `regulatorUrlNote`). */
  filingNote?: string | null;
}

/** An organisation-level regime (resources/regimes/*.json): a law that applies because of what the organisation is. */
export interface Regime extends DutyLaw {
  appliesWhen: ProfileCondition;
  /** Whose people count: everyone affected, EU/EEA residents, or US residents. */
  peopleFrom: 'all' | 'eu_eea' | 'us';
  /** The jurisdiction notices this regime stands in for (GDPR one-stop shop: each EU authority's notice). */
  replaces?: { framework: string; recipient: string };
  /** A notice authority taken from the rule of the jurisdiction the profile names (the lead authority). */
  authorityFrom?: string;
}

export const DUTY_REQUIRED = ['yes', 'no', 'assess'] as const;
export type DutyRequired = (typeof DUTY_REQUIRED)[number];

/** One duty: what one recipient must be told under one jurisdiction or regime, and by when. */
export interface NotificationDuty {
  jurisdiction: string;
  name: string;
  law: string;
  recipient: string;
  step: string | null;
  authority: string | null;
  url: string | null;
  /** The page where counsel files this notice (regulator portal, form, or the page naming the address); null for notices to people. */
  filingUrl: string | null;
  /** How the notice is filed, or what the law says when no page was found. */
  filingNote: string | null;
  required: DutyRequired;
  why: string[];
  people: number; // people meeting the trigger (all confidence tiers)
  peopleSure: number; // of them confirmed or replayed
  peopleInJurisdiction: number;
  triggers: { met: string[]; missed: string[]; exposed: string[] };
  threshold: number;
  due: string | null;
  dueReason: string | null;
  clock: NoticeClock;
  timeLeft: string | null; // ISO 8601 duration, negative when overdue
  overdue: boolean | null;
  citation: string;
  verification: string;
  effective: string | null;
  lastReviewed: string;
}
