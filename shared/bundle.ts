/**
 * The collection bundle's manifest (`bundle.json`) and coverage report (`coverage.json`): what
 * `leakscope collect` writes beside the files it saved, and what intake reads to check them.
 */

export const BUNDLE_FORMAT = 'leakscope-collection-bundle';
export const BUNDLE_FILE = 'bundle.json';
export const COVERAGE_FILE = 'coverage.json';

/** What a saved file holds. */
export type BundleFileKind = 'elf' | 'elf-listing' | 'rtem' | 'metadata' | 'snapshot';

/** One file saved exactly as Salesforce sent it. */
export interface BundleFile {
  /** Relative to the bundle folder, `/`-separated. */
  path: string;
  kind: BundleFileKind;
  /** EventLogFile type, RTEM object or sObject. */
  object: string;
  /** The API call that produced it (method and path, query string included; never a credential). */
  call: string;
  /** When the answer was received (ISO 8601 UTC). */
  at: string;
  apiVersion: string;
  sha256: string;
  bytes: number;
  /** Records in it where the answer says (query pages, Bulk result pages). */
  records: number | null;
  /** EventLogFile only: its Id, LogDate, Interval and Sequence. */
  logFile?: { id: string; logDate: string; interval: 'Daily' | 'Hourly'; sequence: number };
  /** An hourly log file replaced by a later Sequence for the same hour: kept, not investigated. */
  superseded?: boolean;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  tool: { name: string; version: string };
  org: { id: string; name: string | null; instanceUrl: string; organizationType: string | null; isSandbox: boolean | null };
  apiVersion: string;
  startedAt: string;
  updatedAt: string;
  /** False while a run is going on or after one that stopped early: a later run continues it. */
  complete: boolean;
  request: { from: string; to: string; eventTypes: string[]; rtemObjects: string[]; metadataObjects: string[]; snapshotObjects: string[]; queryAll: boolean };
  /** The last `Sforce-Limit-Info` API usage seen. */
  apiUsage: { used: number; max: number } | null;
  files: BundleFile[];
}

/** Why something asked for is or is not in the bundle: a closed set. */
export const COVERAGE_STATUSES = [
  'collected', // saved (every file verified)
  'empty', // the org answered and had nothing for it (no records, no log file in the range)
  'not_licensed', // the object does not exist in this org (Real-Time Event Monitoring or Shield not licensed)
  'not_permitted', // the signed-in user may not read it (INSUFFICIENT_ACCESS)
  'missing', // the object is not in this org (not a licence question) or Salesforce does not list it
  'limit', // stopped to keep the org's API reserve (REQUEST_LIMIT_EXCEEDED or Sforce-Limit-Info)
  'error', // the call failed (network, server error) after every retry
  'cancelled', // the run was cancelled before it got to it
] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

export interface CoverageItem {
  kind: 'elf' | 'rtem' | 'metadata' | 'snapshot';
  /** Event type or object asked for. */
  name: string;
  status: CoverageStatus;
  /** The reason in words (the Salesforce error code and message where there was one). */
  reason: string;
  files: number;
  records: number | null;
  bytes: number;
}

export interface CoverageReport {
  format: 'leakscope-collection-coverage';
  org: string;
  from: string;
  to: string;
  items: CoverageItem[];
}
