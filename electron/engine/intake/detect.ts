/**
 * Recognises what a source file is from its header (never from column positions):
 * an EventLogFile CSV, a Real-Time Event Monitoring export, or an sObject export named
 * `<SObject>.csv`.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { SourceKind } from '../../../shared/domain.js';

export interface Detection {
  kind: SourceKind;
  detail: string | null; // RTEM object or sObject name; ELF event type is read from the rows
  header: string[];
  reason: string;
}

/** Real-Time Event Monitoring storage objects and their stream/store name variants. */
const RTEM_OBJECTS = [
  'ApiEvent', 'ApiEventStream', 'BulkApiResultEvent', 'BulkApiResultEventStore', 'ReportEvent', 'ReportEventStream',
  'ListViewEvent', 'ListViewEventStream', 'LoginEvent', 'LoginEventStream', 'LoginAsEvent', 'LogoutEvent',
  'UriEvent', 'LightningUriEvent', 'FileEvent', 'FileEventStore', 'PermissionSetEvent', 'PermissionSetEventStore',
];

/** Reads a file's first line and decides what kind of evidence it is. */
export async function detectSource(filePath: string): Promise<Detection> {
  const ext = path.extname(filePath).toLowerCase();
  if (ext !== '.csv') return { kind: 'unknown', detail: null, header: [], reason: `unsupported file type "${ext || 'none'}"` };
  const first = await readFirstLine(filePath);
  if (first === null) return { kind: 'unknown', detail: null, header: [], reason: 'empty file' };
  if (first.includes('\u0000')) return { kind: 'unknown', detail: null, header: [], reason: 'binary content (NUL bytes) in a .csv file' };
  const header = parseHeaderLine(first);
  const lower = new Set(header.map((h) => h.toLowerCase()));
  const stem = objectNameFromFile(filePath);
  if (lower.has('event_type') && (lower.has('timestamp') || lower.has('timestamp_derived'))) {
    return { kind: 'elf', detail: null, header, reason: 'EventLogFile header (EVENT_TYPE, TIMESTAMP)' };
  }
  const rtem = RTEM_OBJECTS.find((o) => o.toLowerCase() === stem?.toLowerCase());
  if (lower.has('eventidentifier') || (lower.has('eventdate') && (lower.has('sessionkey') || lower.has('loginkey')))) {
    const guessed = rtem ?? (lower.has('query') && lower.has('queriedentities') ? 'ApiEvent' : stem);
    return { kind: 'rtem', detail: canonicalRtem(guessed), header, reason: 'Real-Time Event Monitoring header (EventIdentifier/EventDate)' };
  }
  if (stem && lower.has('id')) return { kind: 'sobject', detail: stem, header, reason: `sObject export named ${stem}.csv` };
  return { kind: 'unknown', detail: null, header, reason: 'header matches no known Event Monitoring type and the file is not named <SObject>.csv with an Id column' };
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

async function readFirstLine(filePath: string): Promise<string | null> {
  const fh = await open(filePath, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    if (bytesRead === 0) return null;
    let text = buf.subarray(0, bytesRead).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const nl = text.search(/\r?\n/);
    return nl === -1 ? text : text.slice(0, nl);
  } finally {
    await fh.close();
  }
}

/** Splits one CSV header line (quoted or not) into column names. */
export function parseHeaderLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}
