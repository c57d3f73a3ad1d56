/** What a SOQL replay needs to know about the case: the snapshots, when and where the query ran. */
import type { WeekStart } from '../../../shared/soql/dateLiterals.js';
import { raw, sql, type SqlFragment } from '../store/sql.js';

/** One object's snapshot table (snap_<object>) as the replay sees it. */
export interface SnapshotInfo {
  object: string;
  table: string;
  /** Record columns, exactly as in the export header (internal `_`/`__ms_` columns excluded). */
  columns: readonly string[];
  /** Precomputed epoch-millisecond companions (`__ms_<col>`), by column name. */
  epochMsColumns: ReadonlyMap<string, string>;
  /** The 3-character id key prefix of the object's records (e.g. 003 for Contact), when known. */
  keyPrefix?: string | null;
}

/** The settings under which the logged query ran. */
export interface ReplayEnv {
  /** Every snapshot of the org, by lower-case object name: relationships and semi-joins read them. */
  snapshots: ReadonlyMap<string, SnapshotInfo>;
  /** When the query ran (epoch ms, UTC): date literals are relative to it; later records did not exist. */
  referenceMs: number;
  /** The querying user's time zone (User.TimeZoneSidKey, else the Organization's); UTC when unknown. */
  timeZone?: string;
  /** Organization.FiscalYearStartMonth (1–12); January when unknown. */
  fiscalStartMonth?: number;
  /** Organization.UsesStartDateAsFiscalYearName: FY named after its start year instead of its end year. */
  fiscalYearNamedByStart?: boolean;
  weekStart?: WeekStart;
  /** The querying user's id, for USING SCOPE Mine. */
  userId?: string | null;
}

/** A reason the replay cannot run; raised inside the translation and returned as a Result. */
export class CompileFailure extends Error {}

/** Fails the translation with a reason an investigator can read. */
export function cannot(reason: string): never {
  throw new CompileFailure(reason);
}

/** Joins fragments with a fixed separator, keeping every value a parameter. */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  if (parts.length === 0) return sql``;
  return parts.slice(1).reduce((acc, p) => sql`${acc}${raw(separator)}${p}`, parts[0] as SqlFragment);
}

/** The snapshot of an object name (any case), if the case holds one. */
export function snapshotOf(env: ReplayEnv, object: string): SnapshotInfo | null {
  return env.snapshots.get(object.toLowerCase()) ?? null;
}

/** The snapshot's real column for a field name (field names are case-insensitive in SOQL). */
export function resolveColumn(name: string, columns: readonly string[]): string | null {
  const lower = name.toLowerCase();
  return columns.find((c) => c.toLowerCase() === lower) ?? null;
}
