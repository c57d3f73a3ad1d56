/**
 * The shapes of the workbench screens that manage a case as a whole: recent cases, reports
 * generated from the case, verification, review sessions and the field → category mapping. Pure
 * types, shared by the contract, the engine handlers and the renderer.
 */
import type { DataCategory } from './categories/categories.js';

/** A case the investigator created or opened on this machine (kept outside any case, in the host's config folder). */
export interface RecentCase {
  caseDir: string;
  /** The name given when the case was created, if any. */
  name: string | null;
  openedAt: string;
  /** How it was last opened: to investigate, or read-only for review (with the reviewer's name). */
  mode: 'investigate' | 'review';
  reviewer: string | null;
}

/** An open review session: the case is read-only in this host until the session is closed. */
export interface ReviewSession {
  caseDir: string;
  reviewer: string;
  openedAt: string;
  /** The custody entry that recorded `review.opened`. */
  custodySeq: number;
}

/** One file a report generation wrote, with its SHA-256. */
export interface WrittenFile {
  file: string;
  path: string;
  sha256: string;
  bytes: number;
}

/** A report generated from the case into `<case>/reports/<id>/`. */
export interface GeneratedReport {
  id: string;
  dir: string;
  at: string | null;
  actor: string | null;
  files: WrittenFile[];
  pages: number | null;
  /** The custody head the report quotes (`<seq>:<hash>`). */
  head: string | null;
}

/** Where a report generation is: the section being written and how far. */
export interface ReportProgress {
  section: string;
  done: number;
  total: number;
  elapsedMs: number;
}

/** One check of `verify`, as it reads. */
export interface VerifyCheck {
  ok: boolean;
  message: string;
  note?: boolean;
}

/** The outcome of verifying a case: every check, and whether all passed. */
export interface VerifyOutcome {
  caseDir: string;
  passed: boolean;
  failed: number;
  checks: VerifyCheck[];
  at: string;
}

/** A field → category decision in force. */
export interface MappingDecision {
  key: string;
  categories: DataCategory[];
  reason: string;
  at: string;
  author: string;
  custodySeq: number;
}

/** An exposed field of the last run, the categories it holds and how many people it exposed. */
export interface ExposedFieldRow {
  object: string;
  field: string;
  categories: string[];
  people: number;
}

/** The case's mapping as the scope screen shows it. */
export interface MappingView {
  decisions: MappingDecision[];
  /** Null when the case has not been investigated yet. */
  exposedFields: ExposedFieldRow[] | null;
}

/** What a mapping change would do, shown before it is applied. */
export interface MappingPreviewView {
  key: string;
  people: number;
  before: DataCategory[];
  after: DataCategory[];
  changes: { jurisdiction: string; category: DataCategory; gained: number; lost: number }[];
}

/** An export as a scope preview names it. */
export interface ScopeExportBrief {
  id: string;
  start: string | null;
  channel: string;
  object: string | null;
  rows: number | null;
  /** The integration's name (or id), else the user's. */
  who: string | null;
  suspicious: boolean;
}

/** What a change of scope would do, shown before it is applied (`scope.preview`). */
export interface ScopePreview {
  exports: { current: number; proposed: number };
  /** Exports that would come into scope: their records are found (replayed) only when the change is applied. */
  added: { count: number; rows: number; suspicious: number; sample: ScopeExportBrief[] };
  removed: { count: number; rows: number; sample: ScopeExportBrief[] };
  /**
   * Of the records the last run found exposed, those an export of the proposed scope still exposes (the people the
   * added exports expose come on top, once applied). Null when the case has not been scoped yet.
   */
  people: {
    before: number;
    kept: number;
    recordsBefore: number;
    recordsKept: number;
    byTier: Record<'confirmed' | 'replayed' | 'possible', { before: number; after: number }>;
    /** Jurisdictions whose count of people would fall (at most 50, the largest fall first). */
    jurisdictions: { code: string; before: number; after: number }[];
  } | null;
}

/** One integration (connected app in an org) as the Integrations screen lists it. */
export interface IntegrationRow {
  orgId: string | null;
  orgName: string | null;
  appId: string | null;
  appName: string | null;
  exports: number;
  rows: number | null;
  users: number;
  ips: number;
  suspicious: number;
  first: string | null;
  last: string | null;
}

export interface IntegrationsPage {
  total: number;
  offset: number;
  rows: IntegrationRow[];
}

/** One integration with its users, IPs, agents, objects (each its 50 largest) and could-read vs did-read. */
export interface IntegrationDetail extends IntegrationRow {
  topUsers: { userId: string | null; username: string | null; exports: number; rows: number | null }[];
  topIps: { ip: string; exports: number; first: string; last: string; country: string | null; asn: number | null; network: string | null; owner: string | null }[];
  agents: { userAgent: string; exports: number }[];
  objects: { object: string; exports: number; rows: number | null; countOnly: number }[];
  /** Per user and object: whether the profile and permission sets let it read, and whether it did (null: no access table). */
  access: { userId: string; object: string; couldRead: boolean | null; didRead: boolean; rowsRead: number | null; via: string | null }[] | null;
  /**
   * Rows read per object per day against the integration's own baseline (its trailing mean and σ for that object, the
   * days of history behind them) and the threshold `volume_above_baseline` flags above (null where the history is too
   * short to judge). The objects read most, at most 6; null when the case has no baseline table.
   */
  daily: { object: string; days: { day: string; rows: number; exports: number; mean: number | null; sd: number | null; historyDays: number; threshold: number | null }[] }[] | null;
  /** The rule's settings the thresholds come from. */
  baselineRule: { sigma: number; minExcessRows: number; minHistoryDays: number; windowDays: number } | null;
  /** OAuth tokens of the app from an OauthToken export (null: no such export in the case). */
  tokens: { id: string | null; userId: string | null; created: string | null; lastUsed: string | null; useCount: number | null; sourceId: number | null; record: number | null }[] | null;
  /** Setup Audit Trail changes that touched the app or its users (null: no audit trail in the case). */
  auditTrail: { at: string | null; kind: string; userId: string | null; detail: string | null; sourceId: number | null; record: number | null }[] | null;
}
