/**
 * Display wording for the engine's stable codes. The engine speaks in codes; what an
 * investigator or a lawyer reads is decided here, in one place.
 */
import type { AttributionBasis, Confidence, ExportChannel, RunProgress, SourceIpInfo, SourceKind, SuspicionCode } from '../../shared/domain.js';
import { assertNever } from '../../shared/result.js';

/** How data left the org, in words. */
export function channelLabel(channel: ExportChannel): string {
  switch (channel) {
    case 'rest_query':
      return 'REST query';
    case 'soap_query':
      return 'SOAP query';
    case 'bulk_api':
      return 'Bulk API';
    case 'bulk_api_2':
      return 'Bulk API 2.0';
    case 'report_export':
      return 'Report export';
    case 'report_run':
      return 'Report run';
    case 'list_view':
      return 'List view';
    case 'file_download':
      return 'File download';
    case 'api_query':
      return 'API query';
    case 'data_export':
      return 'Data Export service';
    default:
      return assertNever(channel, 'export channel');
  }
}

/** The object an export read, in words: `*` (a Data Export run's whole org, or View All Data) is every object. */
export function objectLabel(object: string | null): string | null {
  return object === '*' ? 'every object' : object;
}

/** Short name of a suspicion reason for a badge; the engine's message gives the detail. */
export function reasonLabel(code: string): string {
  const known = code as SuspicionCode;
  switch (known) {
    case 'volume_above_baseline':
      return 'Volume above baseline';
    case 'first_object_access':
      return 'First access to object';
    case 'new_network':
      return 'New network';
    case 'scripting_user_agent':
      return 'Scripting client';
    case 'ioc_ip':
      return 'IOC IP';
    case 'ioc_user_agent':
      return 'IOC user agent';
    case 'recon_count_queries':
      return 'Recon COUNT()';
    case 'enumeration':
      return 'Object enumeration';
    case 'off_hours':
      return 'Off hours';
    case 'bulk_job_deleted':
      return 'Bulk job deleted';
    case 'access_after_containment':
      return 'Access after containment';
    case 'canary_record':
      return 'Canary record';
    case 'data_export_by_integration':
      return 'Data Export by integration user';
    default:
      assertKnown(known);
      return code;
  }
}

/** How sure we are that a record left the org. */
export function confidenceLabel(confidence: Confidence): string {
  switch (confidence) {
    case 'confirmed':
      return 'Confirmed (id in log)';
    case 'replayed':
      return 'Replayed query';
    case 'possible':
      return 'Possible (LIMIT)';
    default:
      return assertNever(confidence, 'confidence');
  }
}

/** How an export was tied to a connected app. */
export function attributionLabel(basis: AttributionBasis): string {
  switch (basis) {
    case 'connected_app_id':
      return 'app id on the event';
    case 'session':
      return 'same session';
    case 'request_id':
      return 'same request id';
    case 'login_application':
      return 'the login\'s application';
    case 'oauth_token':
      return 'the user\'s OAuth token';
    case 'none':
      return 'not attributed';
    default:
      return assertNever(basis, 'attribution basis');
  }
}

/** What kind of evidence file intake recognised. */
export function sourceKindLabel(kind: SourceKind): string {
  switch (kind) {
    case 'elf':
      return 'Event Log File';
    case 'rtem':
      return 'Real-Time Event Monitoring';
    case 'sobject':
      return 'Record snapshot';
    case 'archive':
      return 'Archive';
    case 'listing':
      return 'EventLogFile listing';
    case 'unknown':
      return 'Unrecognised';
    default:
      return assertNever(kind, 'source kind');
  }
}

export type VerificationLevel = 'verified' | 'partial' | 'unverified';

/** Reduces the rule pack's verification note to the level shown on the badge; missing means unverified. */
export function verificationLevel(verification: string | null): VerificationLevel {
  const v = (verification ?? '').trim().toLowerCase();
  if (v.startsWith('verified')) return 'verified';
  if (v.startsWith('partially')) return 'partial';
  return 'unverified';
}

/** The badge text for a verification level. */
export function verificationLabel(level: VerificationLevel): string {
  switch (level) {
    case 'verified':
      return 'verified';
    case 'partial':
      return 'partially verified';
    case 'unverified':
      return 'unverified';
    default:
      return assertNever(level, 'verification level');
  }
}

// Unknown codes from a newer engine still display (as the raw code); this keeps the switch exhaustive.
function assertKnown(_code: never): void {}

/** What a running import/investigation is doing, in words. */
export function phaseLabel(phase: RunProgress['phase']): string {
  switch (phase) {
    case 'scanning':
      return 'Scanning and hashing files';
    case 'loading':
      return 'Loading rows';
    case 'deduplicating':
      return 'Removing duplicate rows';
    case 'snapshots':
      return 'Indexing record snapshots';
    case 'analysing':
      return 'Reconstructing exports and scoping records';
    case 'done':
      return 'Finishing';
    case 'cancelled':
      return 'Stopping';
    default:
      return assertNever(phase, 'run phase');
  }
}

/** Where an address is, in one line: "US · AS13335 Cloudflare, Inc. · 1.0.0.0/24", or the label of a non-public block. */
export function ipInfoLabel(info: SourceIpInfo | null | undefined): string | null {
  if (!info) return null;
  const owner = info.asn !== null ? `AS${info.asn}${info.org ? ` ${info.org}` : ''}` : info.org;
  const parts = [info.country, owner, info.network].filter((p): p is string => Boolean(p));
  return parts.length ? parts.join(' · ') : 'not in the IP dataset';
}
