/**
 * The investigator's vocabulary. Facts (what a log row says), timeline entries and conclusions
 * (exports, affected records, duties) are separate types; display wording lives in the renderer.
 */

import type { Coverage } from './coverage.js';

/** A hashed source file in the case: every figure traces back to one of these. */
export interface SourceFile {
  id: number;
  path: string; // original path as given
  name: string;
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
export const EXPORT_CHANNELS = ['rest_query', 'soap_query', 'bulk_api', 'bulk_api_2', 'report_export', 'api_query'] as const;
export type ExportChannel = (typeof EXPORT_CHANNELS)[number];

/** How an export was tied to a connected app. */
export type AttributionBasis =
  | 'connected_app_id' // the event row itself carries CONNECTED_APP_ID / ConnectedAppId
  | 'session' // another event of the same SESSION_KEY / LOGIN_KEY carries it
  | 'request_id' // an ApiTotalUsage row with the same REQUEST_ID carries it
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
  'ioc_ip', // source IP on a published indicator list
  'ioc_user_agent', // user agent on a published indicator list
  'new_ip_for_integration', // integration never seen from this IP before the export
  'scripting_user_agent', // a scripting client where the integration's baseline is not
  'recon_count_queries', // COUNT() queries across objects shortly before
  'volume_spike', // far more rows than the integration's baseline
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
}

export interface AffectedSummary {
  records: number; // people: Contact, Lead, person Account, User records
  byJurisdiction: Record<string, number>;
  byConfidence: Record<Confidence, number>;
  otherObjects: Record<string, number>; // non-person records exposed, by object
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

export interface InvestigationResult {
  caseDir: string;
  outDir: string;
  scope: InvestigationScope;
  sources: SourceFile[];
  exports: LogicalExport[];
  inScopeExportIds: string[];
  summary: AffectedSummary;
  jurisdictions: JurisdictionCount[];
  unresolved: UnresolvedExposure[];
  warnings: string[];
  /** Quarantined rows of every source (at most the first 1,000; `quarantinedRows` is the total). */
  quarantine: QuarantinedRow[];
  quarantinedRows: number;
  outputs: { file: string; sha256: string }[];
  /** Log coverage per event type and hour over the evidence span (coverage.json). */
  coverage?: Coverage;
}
