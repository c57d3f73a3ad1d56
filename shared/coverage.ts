/**
 * Log coverage: for every event type and every UTC hour of the investigated range, whether the
 * evidence can say "nothing happened" or only "nothing was logged". Pure types; the engine
 * computes them (electron/engine/analysis/coverage.ts), outputs and the UI show them.
 */

/** What the evidence says about one event type in one UTC hour. */
export const COVERAGE_STATES = ['present', 'empty', 'missing', 'beyond_retention', 'not_licensed'] as const;
export type CoverageState = (typeof COVERAGE_STATES)[number];
// present           events of this type in that hour
// empty             a log file covering the hour was imported (or is listed as existing) but holds no event in it:
//                   logged, and nothing happened
// missing           no imported file covers the hour although it is within retention: a gap in the evidence
// beyond_retention  no file covers the hour and it is older than the type's retention window before `asOf`
// not_licensed      the type needs the Event Monitoring add-on and the evidence shows no licensed type at all

/** How a source file's covered period was worked out, best first. */
export type PeriodBasis = 'listing' | 'file_name' | 'event_hour' | 'event_days';

/** Consecutive hours of one type in the same state. `to` is exclusive (the start of the next hour). */
export interface CoverageRun {
  state: CoverageState;
  from: string;
  to: string;
  hours: number;
  /** For `missing` runs: an EventLogFile listing says a file exists for these hours, but it was not imported. */
  listed?: boolean;
}

export type HourCounts = Record<CoverageState, number>;

export interface TypeCoverage {
  eventType: string;
  /** `elf`: an EventLogFile type; `rtem`: a Real-Time Event Monitoring storage object (ApiEvent …). */
  family: 'elf' | 'rtem';
  /** `free`: available without the Event Monitoring add-on (Login, Logout, ApiTotalUsage …). */
  licence: 'free' | 'add_on';
  retentionDays: number;
  /** Where the retention figure comes from and how far it is verified. */
  retentionBasis: string;
  hours: HourCounts;
  /** Of the `missing` hours, those an EventLogFile listing says exist ("listed but not imported"). */
  listedNotImported: number;
  /** Source files (not listings) whose covered period falls on this type. */
  files: number;
  events: number;
  runs: CoverageRun[];
}

export interface Coverage {
  /** First hour of the range (inclusive) and end of the last hour (exclusive), ISO UTC. */
  from: string;
  to: string;
  rangeBasis: 'given' | 'evidence_span';
  /** The instant retention is counted back from. */
  asOf: string;
  asOfBasis: 'given' | 'latest_evidence';
  totalHours: number;
  /** True when the evidence holds at least one type that needs the Event Monitoring add-on. */
  licensedEvidence: boolean;
  types: TypeCoverage[];
  /** One plain sentence for counsel. */
  summary: string;
  /** The rules applied (periods, retention), for the reader of coverage.json. */
  notes: string[];
}
