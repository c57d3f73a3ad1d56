/** What `collect()` is asked for, what it reports while it runs, and what it returns. */
import type { CollectProgress } from '../../../shared/collect.js';
import type { RetryPolicy, TokenSource } from './http.js';

/** Real-Time Event Monitoring storage objects pulled when `--types` names none. */
export const DEFAULT_RTEM_OBJECTS = [
  'ApiEvent', 'BulkApiResultEventStore', 'ReportEvent', 'ListViewEvent', 'LoginEvent', 'LoginAsEvent', 'LogoutEvent',
  'UriEvent', 'LightningUriEvent', 'FileEventStore', 'PermissionSetEventStore',
  'ApiAnomalyEventStore', 'ReportAnomalyEventStore', 'SessionHijackingEventStore', 'CredentialStuffingEventStore',
] as const;

/**
 * Org metadata pulled every time: the org (time zone, fiscal year), who can do what, the connected
 * apps and their tokens, configuration changes and logins; ContentVersion names the files that
 * ContentTransfer events download.
 */
export const METADATA_OBJECTS = [
  'Organization', 'User', 'Profile', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'FieldPermissions',
  'ConnectedApplication', 'OauthToken', 'SetupAuditTrail', 'LoginHistory', 'ContentVersion',
] as const;

/** Field types a Bulk API query cannot return or that are not record data. */
export const UNQUERYABLE_TYPES = new Set(['base64', 'address', 'location', 'complexvalue']);

export interface CollectRequest {
  instanceUrl: string;
  auth: TokenSource;
  outDir: string;
  /** Range of the logs (ISO 8601); default the last 30 days up to now. */
  from?: string;
  to?: string;
  /** EventLogFile types and RTEM objects (default: every log file type in the range, DEFAULT_RTEM_OBJECTS). */
  types?: string[];
  /** sObjects to snapshot through Bulk API 2.0. */
  objects?: string[];
  /** Snapshots include deleted and archived records (Bulk `queryAll`). */
  queryAll?: boolean;
  apiVersion?: string;
  signal?: AbortSignal;
  onProgress?: (p: CollectProgress) => void;
  /** Retry and backoff (tests make the delays zero). */
  retry?: RetryPolicy;
  /** Milliseconds before the first Bulk job status poll (later polls wait up to eight times longer); default 250. */
  pollIntervalMs?: number;
  /** Records per Bulk result page asked for (`maxRecords`). */
  bulkPageRecords?: number;
  tool?: { name: string; version: string };
  /** Fixed clock for the default range (tests). */
  now?: () => Date;
}

/** The progress and outcome shapes are the contract's (shared/collect.ts), so the app shows what the CLI prints. */
export type { CollectOutcome, CollectProgress } from '../../../shared/collect.js';
