/**
 * The investigator's vocabulary. Facts (what a log row says), timeline entries and conclusions
 * (exports, affected records, duties) are separate types; display wording lives in the renderer.
 */

import type { Coverage } from './coverage.js';

/** A hashed source file in the case: every figure traces back to one of these. */
export interface SourceFile {
  id: number;
  path: string; // original path as given
  /** The file name (`archive.zip!/member/path` for an archive member), as a screen shows it. */
  name: string;
  /** Its path relative to the evidence folder it was given in, that folder's name first: how every output names it. */
  relativePath?: string;
  sha256: string;
  bytes: number;
  modifiedAt: string; // ISO
  kind: SourceKind;
  /** EventLogFile EVENT_TYPE, RTEM object (ApiEvent …) or sObject name (Contact …). */
  detail: string | null;
  rows: number;
  rejectedRows: number;
}

export type SourceKind = 'elf' | 'rtem' | 'sobject' | 'archive' | 'listing' | 'unknown';

/** Where a fact came from: a source file and the 1-based data record in it (header excluded). */
export interface EvidenceRef {
  sourceId: number;
  file: string;
  sha256: string;
  record: number;
  eventType: string;
}

/** The way data left the org. */
export const EXPORT_CHANNELS = ['rest_query', 'soap_query', 'bulk_api', 'bulk_api_2', 'report_export', 'report_run', 'list_view', 'file_download', 'api_query', 'data_export'] as const;
export type ExportChannel = (typeof EXPORT_CHANNELS)[number];

/** How an export was tied to a connected app. */
export type AttributionBasis =
  | 'connected_app_id' // the event row itself carries CONNECTED_APP_ID / ConnectedAppId
  | 'session' // another event of the same SESSION_KEY / LOGIN_KEY carries it
  | 'request_id' // an ApiTotalUsage row with the same REQUEST_ID carries it
  | 'login_application' // no app id reaches it; the login of its session (LoginEvent, else the user's latest LoginHistory before it) names the application
  | 'oauth_token' // no app id reaches it; the user's only OAuth token (OauthToken AppName) names the app
  | 'none';

export interface IntegrationRef {
  connectedAppId: string | null; // 18 characters
  name: string | null;
  basis: AttributionBasis;
}

export interface UserRef {
  id: string | null; // 18 characters
  username: string | null;
}

/** Why an export was flagged. Codes are stable; wording is for the report. */
export interface SuspicionReason {
  code: SuspicionCode;
  message: string;
}

export const SUSPICION_CODES = [
  'volume_above_baseline', // the day's rows of an object far above the integration's trailing 30-day mean
  'first_object_access', // an integration with history reads an object it never read before
  'new_network', // an address in a network or country the integration had not used before
  'scripting_user_agent', // a scripting client where the integration's history has none
  'ioc_ip', // source IP on a published indicator list
  'ioc_user_agent', // user agent of a published indicator's product family
  'recon_count_queries', // COUNT() queries across many objects in a short window
  'enumeration', // many distinct objects read in a short window
  'off_hours', // at an hour of day the integration is never active
  'bulk_job_deleted', // the Bulk job was deleted or aborted afterwards
  'access_after_containment', // token used after revocation, app blocked, user frozen or deactivated
  'canary_record', // a planted canary record left: confirmed exfiltration
  'data_export_by_integration', // the Data Export service run (requested or downloaded) by an integration's run-as user
] as const;
export type SuspicionCode = (typeof SUSPICION_CODES)[number];

/** Where an address is, from the offline IP dataset: ISO country, ASN, network owner (or a label such as "Private network (RFC 1918)"), block. */
export interface SourceIpInfo {
  country: string | null;
  asn: number | null;
  org: string | null;
  network: string | null;
}

/** One logical export: a query, a Bulk job or a report export, with everything known about it. */
export interface LogicalExport {
  id: string;
  channel: ExportChannel;
  integration: IntegrationRef;
  user: UserRef;
  object: string | null;
  query: string | null;
  start: string; // ISO UTC
  end: string;
  rows: number | null;
  sourceIp: string | null;
  /** Country and network of `sourceIp` from the offline IP dataset (`ip_intel`); absent before IP intelligence ran. */
  sourceIpInfo?: SourceIpInfo | null;
  userAgent: string | null;
  sessionKey: string | null;
  loginKey: string | null;
  requestIds: string[];
  suspicious: boolean;
  reasons: SuspicionReason[];
  /** True for COUNT() queries: they reveal a number, not records. */
  countOnly: boolean;
  evidence: EvidenceRef[];
}

/** How sure we are that a record left the org. */
export type Confidence =
  | 'confirmed' // the record id is in the log (RTEM Records)
  | 'replayed' // the logged SOQL, re-run on the snapshot, selects it
  | 'possible'; // selected by the replay, but a LIMIT without ORDER BY means not all such records left

export interface PostalAddress {
  street: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  stateCode: string | null;
  countryCode: string | null;
}

export interface JurisdictionMatch {
  code: string; // US-CA, CA-QC, DE, GB, CA, US, ZZ
  confidence: 'high' | 'medium' | 'low' | 'none';
  basis: string; // e.g. "MailingCountry 'Deutschland' (alias)"
}

export interface AffectedRecord {
  object: string;
  id: string; // 18 characters
  isPerson: boolean;
  name: string | null;
  email: string | null;
  address: PostalAddress;
  jurisdiction: JurisdictionMatch;
  confidence: Confidence;
  exposedFields: string[];
  exportIds: string[];
}

/** What the investigator asked to look at. Empty lists mean "every export flagged suspicious". */
export interface InvestigationScope {
  integrations: string[]; // connected app ids or names
  users: string[]; // user ids or usernames
  from: string | null;
  to: string | null;
  awareAt: string | null;
  /** Exports taken into scope by hand, whatever the rules above say (export ids, X-…). */
  exportIds?: string[];
  /** Exports left out of scope by hand (export ids), even when the rules above take them in. */
  excludeExportIds?: string[];
}

/** Exposure that cannot be turned into records: an object and a row count, no query. */
export interface UnresolvedExposure {
  exportId: string;
  object: string | null;
  rows: number | null;
  reason: string;
}

export interface JurisdictionCount {
  code: string;
  name: string;
  records: number;
  regulator: string | null;
  deadline: string | null;
  verification: string | null;
  /** Data categories exposed for this jurisdiction's people (duties stage). */
  categories?: string[];
  /** Each notice of its law: recipient, `yes`/`no`/`assess`, due time (duties.json has the reasons). */
  notices?: { recipient: string; required: string; due: string | null }[];
}

export interface AffectedSummary {
  records: number; // people: Contact, Lead, person Account, User records
  byJurisdiction: Record<string, number>;
  byConfidence: Record<Confidence, number>;
  otherObjects: Record<string, number>; // non-person records exposed, by object
  /** People per org id (18 chars; `unknown` when the export's org was not logged). */
  byOrg?: Record<string, number>;
}

/** Where a running import/investigation is: reported at least twice a second. */
export interface RunProgress {
  phase: 'scanning' | 'loading' | 'deduplicating' | 'snapshots' | 'analysing' | 'done' | 'cancelled';
  bytesDone: number;
  bytesTotal: number;
  files: number;
  filesTotal: number;
  rows: number;
  rowsPerSecond: number;
  elapsedMs: number;
  current: string | null;
}

/** A row intake could not use, kept with where it was and why. */
export interface QuarantinedRow {
  sourceId: number;
  file: string;
  line: number | null;
  reason: string;
  raw: string | null;
}

/** Something found in the evidence but not taken into the case, and why (also logged as `source.skipped`). */
export interface SkippedItem {
  /** The path as found (an archive member as `archive.zip!/member`); bytes of a non-UTF-8 name shown as \xNN. */
  path: string;
  kind: 'unreadable' | 'special' | 'hidden' | 'symlink' | 'cycle' | 'name' | 'member';
  reason: string;
}

/** What can make a result empty or misleading, said where the result is (first on screen, first in the summary). */
export const PROBLEM_CODES = [
  'no_evidence', 'nothing_imported', 'not_taken_in', 'no_exports', 'scope_name_unknown', 'scope_export_unknown', 'scope_matches_nothing',
  'nothing_affected', 'people_unplaced', 'rows_quarantined', 'case_changed',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface RunProblem {
  code: ProblemCode;
  /** `blocker`: the result is empty or cannot be trusted as it stands; `warning`: it holds, with a gap to know about. */
  severity: 'blocker' | 'warning';
  /** What is wrong, in the investigator's words, with the figures. */
  message: string;
  /** What to do about it. */
  action: string;
}

/** The figures of the case's exports a result carries instead of the exports themselves. */
export interface ExportCounts {
  total: number;
  suspicious: number;
  inScope: number;
  /** Exports per channel (channels with none are absent). */
  byChannel: Partial<Record<ExportChannel, number>>;
}

export interface InvestigationResult {
  caseDir: string;
  outDir: string;
  scope: InvestigationScope;
  sources: SourceFile[];
  /** How many exports the run reconstructed (the exports themselves are read a page at a time: `exports.page`). */
  exportCounts: ExportCounts;
  summary: AffectedSummary;
  jurisdictions: JurisdictionCount[];
  unresolved: UnresolvedExposure[];
  warnings: string[];
  /** What makes this result empty or incomplete, most serious first (empty when nothing does). */
  problems: RunProblem[];
  /** Everything found in the evidence but not taken in (files, folders, links, archive members), with the reason. */
  skipped: SkippedItem[];
  /** Quarantined rows of every source (at most the first 1,000; `quarantinedRows` is the total). */
  quarantine: QuarantinedRow[];
  quarantinedRows: number;
  outputs: { file: string; sha256: string }[];
  /** Log coverage per event type and hour over the evidence span (coverage.json). */
  coverage?: Coverage;
  /** The secrets scan of the exposed records' text (secrets.json): the summary sentence and records per rule. */
  secrets?: { summary: string; records: number; kinds: { ruleId: string; records: number }[] };
}
