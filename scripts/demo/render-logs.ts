/**
 * Lays the log evidence out as files: ELF daily files per event type and day (only for days
 * with events), hourly files for the incident hours (rows byte-identical to the daily ones),
 * and the RTEM ApiEvent export. Rows at or after the collection instant are not written.
 */
import { SNAPSHOT_AT, dayKey, hourKey } from './clock.js';
import { csvDocument } from './csv.js';
import type { ApiEventRow, ElfRow, Evidence } from './evidence.js';
import { API_EVENT_HEADER, ELF_EVENT_TYPES, ELF_HEADERS, type ElfEventType } from './headers.js';

/** Event types that also get hourly files, and the hours (UTC) they get them for. */
export const HOURLY_TYPES: readonly ElfEventType[] = ['RestApi', 'BulkApi2', 'ApiTotalUsage', 'Login'];
export const HOURLY_HOURS: readonly string[] = ['2025-07-26T22', '2025-07-26T23'];

/** Adds every ELF and RTEM file to `files`. */
export function renderLogs(ev: Evidence, files: Map<string, string>): void {
  const collected = ev.elf.filter((r) => r.at < SNAPSHOT_AT).sort(byTime);
  for (const type of ELF_EVENT_TYPES) {
    const rows = collected.filter((r) => r.type === type);
    for (const [day, dayRows] of groupBy(rows, (r) => dayKey(r.at))) {
      files.set(`elf/${type}/${type}-${day}.csv`, elfCsv(type, dayRows));
    }
    if (!HOURLY_TYPES.includes(type)) continue;
    for (const hour of HOURLY_HOURS) {
      const hourRows = rows.filter((r) => hourKey(r.at) === hour);
      if (hourRows.length > 0) files.set(`elf-hourly/${type}/${type}-${hour}.csv`, elfCsv(type, hourRows));
    }
  }
  const events = ev.apiEvents.filter((e) => e.at < SNAPSHOT_AT).sort(byTime);
  files.set('rtem/ApiEvent.csv', csvDocument(API_EVENT_HEADER, events.map(apiEventValues)));
}

function elfCsv(type: ElfEventType, rows: readonly ElfRow[]): string {
  const header = ELF_HEADERS[type];
  return csvDocument(header, rows.map((r) => header.map((column) => r.values.get(column) ?? '')));
}

function apiEventValues(e: ApiEventRow): string[] {
  return API_EVENT_HEADER.map((field) => e.values[field] ?? '');
}

function byTime(a: { at: number; order: number }, b: { at: number; order: number }): number {
  return a.at - b.at || a.order - b.order;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
