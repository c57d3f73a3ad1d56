/**
 * Decides what kind of evidence a set of column names (a CSV header, or the keys of a JSON
 * record) describes, by name and case-insensitively: EventLogFile rows, Real-Time Event
 * Monitoring or Event Log Object rows, an EventLogFile listing, or an sObject export.
 */
import path from 'node:path';
import type { SourceKind } from '../../../shared/domain.js';

export interface Classification {
  kind: SourceKind;
  detail: string | null;
  reason: string;
}

/** Real-Time Event Monitoring storage objects and their stream/store name variants. */
const RTEM_OBJECTS = [
  'ApiEvent', 'ApiEventStream', 'BulkApiResultEvent', 'BulkApiResultEventStore', 'ReportEvent', 'ReportEventStream',
  'ListViewEvent', 'ListViewEventStream', 'LoginEvent', 'LoginEventStream', 'LoginAsEvent', 'LogoutEvent',
  'UriEvent', 'LightningUriEvent', 'FileEvent', 'FileEventStore', 'PermissionSetEvent', 'PermissionSetEventStore',
];

/**
 * Classifies records by their column names. `objectType` is the records' `attributes.type`
 * (JSON only); `stem` the object name the file is named after; `ext` the file's extension.
 */
export function classifyRecords(columns: readonly string[], objectType: string | null, stem: string | null, ext: string): Classification {
  const lower = new Set(columns.map((h) => h.toLowerCase()));
  if (objectType === 'EventLogFile' || (lower.has('eventtype') && lower.has('logdate') && (lower.has('logfile') || lower.has('interval') || lower.has('logfilelength')))) {
    return { kind: 'listing', detail: 'EventLogFile', reason: 'EventLogFile listing (which log files exist: EventType, LogDate, Interval)' };
  }
  if (lower.has('event_type') && (lower.has('timestamp') || lower.has('timestamp_derived'))) {
    return { kind: 'elf', detail: null, reason: 'EventLogFile rows (EVENT_TYPE, TIMESTAMP)' };
  }
  const rtemByName = RTEM_OBJECTS.find((o) => o.toLowerCase() === (objectType ?? stem)?.toLowerCase()) ?? null;
  if (lower.has('eventidentifier') || (lower.has('eventdate') && (lower.has('sessionkey') || lower.has('loginkey')))) {
    const guessed = rtemByName ?? objectType ?? (lower.has('query') && lower.has('queriedentities') ? 'ApiEvent' : stem);
    return { kind: 'rtem', detail: canonicalRtem(guessed), reason: 'Real-Time Event Monitoring rows (EventIdentifier/EventDate)' };
  }
  if (objectType && /EventLog$/.test(objectType)) {
    return { kind: 'rtem', detail: objectType, reason: `Event Log Object rows (${objectType})` };
  }
  if (lower.has('fields') && lower.has('childrelationships')) {
    return { kind: 'unknown', detail: null, reason: 'an sObject describe result (field metadata), not records' };
  }
  if (objectType) return { kind: 'sobject', detail: objectType, reason: `${objectType} records (attributes.type)` };
  if (stem && lower.has('id')) return { kind: 'sobject', detail: stem, reason: `sObject export named ${stem}${ext}` };
  return {
    kind: 'unknown',
    detail: null,
    reason: `columns match no known Event Monitoring type and the file is not named <SObject>${ext} with an Id column`,
  };
}

function canonicalRtem(name: string | null): string | null {
  if (!name) return null;
  return name.replace(/Stream$/, '').replace(/^(FileEvent|PermissionSetEvent|BulkApiResultEvent)Store$/, '$1');
}

/** `Contact.csv` → Contact; `Contact-2025-08-04.csv`, `Contact_export.csv` → Contact. */
export function objectNameFromFile(filePath: string): string | null {
  const base = path.basename(filePath, path.extname(filePath));
  const m = /^([A-Za-z][A-Za-z0-9]*(?:__[a-z]+)?)/.exec(base);
  return m?.[1] ?? null;
}
