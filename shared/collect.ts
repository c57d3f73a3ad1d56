/**
 * What the app's Collect screen sends to the collector and gets back (`collect.start`,
 * `collect.progress`): the live figures of a collection and its outcome with the coverage report.
 * The credential travels only in the request, in memory; none of these shapes carries it back.
 */
import type { CoverageItem } from './bundle.js';

/** Where a collection is and what it received, as the collector reports it (never a credential). */
export interface CollectProgress {
  phase: 'signing-in' | 'listing' | 'downloading' | 'querying' | 'bulk' | 'done' | 'cancelled';
  /** What is being pulled: the org's address, a log file type and day, an object. */
  current: string | null;
  bytesDone: number;
  /** Bytes known to be coming (log file lengths); grows as listings are read. */
  bytesPlanned: number;
  filesDone: number;
  filesPlanned: number;
  /** Seconds left at the current rate, over the bytes known to be coming; null before anything is known. */
  etaSeconds: number | null;
}

/** How a collection ended: the bundle folder, what it holds, and for everything asked whether it came back and why not. */
export interface CollectOutcome {
  outDir: string;
  org: { id: string; name: string | null };
  /** Files saved by this run, and files verified from an earlier run and skipped. */
  saved: number;
  verified: number;
  bytes: number;
  coverage: CoverageItem[];
  /** Retries and other things the investigator should know (never a credential). */
  notes: string[];
  /** False: something is still missing (see coverage); collecting again into the same folder continues it. */
  complete: boolean;
}

/** What `collect.start` answers: the outcome, and what the bundle folder now holds in all (`bundle.json`). */
export interface CollectResult extends CollectOutcome {
  bundle: { files: number; bytes: number };
}

/** Every field of a `collect.start` request that holds a credential, by its path in the request. */
export const COLLECT_SECRET_PATHS: readonly (readonly string[])[] = [['auth', 'accessToken']];
