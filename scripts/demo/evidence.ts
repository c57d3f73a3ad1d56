/**
 * The log evidence as it accumulates while the org's traffic is simulated: ELF rows (by
 * event type, with their instant) and RTEM ApiEvent rows. Columns are checked against the
 * real headers as rows are added, so a misspelt column is a generator bug, caught at once.
 */
import { elfTimestamp, isoMillis } from './clock.js';
import { API_EVENT_HEADER, ELF_HEADERS, type ApiEventField, type ElfEventType } from './headers.js';
import { id18Of, ORG_ID15 } from './keys.js';

export interface ElfRow {
  type: ElfEventType;
  at: number;
  order: number;
  values: ReadonlyMap<string, string>;
}

export interface ApiEventRow {
  at: number;
  order: number;
  values: Readonly<Partial<Record<ApiEventField, string>>>;
}

const AUTOMATIC = new Set(['EVENT_TYPE', 'TIMESTAMP', 'TIMESTAMP_DERIVED', 'ORGANIZATION_ID', 'USER_ID_DERIVED']);

/** Collects every log row the simulation produces. */
export class Evidence {
  readonly elf: ElfRow[] = [];
  readonly apiEvents: ApiEventRow[] = [];
  private order = 0;

  /** Adds one ELF row; EVENT_TYPE, timestamps, org id and USER_ID_DERIVED are filled in here. */
  addElf(type: ElfEventType, at: number, fields: Readonly<Record<string, string>>): void {
    const header = ELF_HEADERS[type];
    const values = new Map<string, string>();
    for (const [column, value] of Object.entries(fields)) {
      if (!header.includes(column) || AUTOMATIC.has(column)) throw new Error(`${type} has no settable column ${column}`);
      values.set(column, value);
    }
    values.set('EVENT_TYPE', type);
    values.set('TIMESTAMP', elfTimestamp(at));
    values.set('TIMESTAMP_DERIVED', isoMillis(at));
    values.set('ORGANIZATION_ID', ORG_ID15);
    const userId = fields['USER_ID'];
    if (header.includes('USER_ID_DERIVED')) values.set('USER_ID_DERIVED', userId ? id18Of(userId) : '');
    this.elf.push({ type, at, order: this.order++, values });
  }

  /** Adds one RTEM ApiEvent row; `at` is its EventDate. */
  addApiEvent(at: number, values: Partial<Record<ApiEventField, string>>): void {
    for (const key of Object.keys(values)) {
      if (!(API_EVENT_HEADER as readonly string[]).includes(key)) throw new Error(`ApiEvent has no field ${key}`);
    }
    this.apiEvents.push({ at, order: this.order++, values: { ...values, EventDate: isoMillis(at) } });
  }
}
