/**
 * Jurisdictions assigned by hand, kept in the case store (custody.sqlite) so a re-run, a report and a reviewer see
 * the same decision: one affected record (org, object, id) → a jurisdiction code, with who decided and why. Each
 * change is written in the same transaction as its custody entry (`jurisdiction.assigned` / `jurisdiction.unassigned`:
 * org, object, record id, code, reason — no personal data beyond the record id); rows are never edited, the latest
 * row of a record is in force, and an unassignment (code null) gives the record back its resolved jurisdiction.
 */
import type Database from 'better-sqlite3';
import type { JurisdictionAssignment } from '../../../shared/decisions.js';
import type { CustodyLog } from './custody.js';

const SCHEMA = `CREATE TABLE IF NOT EXISTS jurisdiction_assignments (
    n INTEGER PRIMARY KEY, at TEXT NOT NULL, author TEXT NOT NULL, by_name TEXT NOT NULL, org_id TEXT, object TEXT NOT NULL,
    record_id TEXT NOT NULL, jurisdiction TEXT, previous TEXT, reason TEXT NOT NULL, custody_seq INTEGER NOT NULL);
  CREATE TRIGGER IF NOT EXISTS jurisdiction_assignments_no_update BEFORE UPDATE ON jurisdiction_assignments BEGIN SELECT RAISE(ABORT, 'jurisdiction assignments are append-only'); END;
  CREATE TRIGGER IF NOT EXISTS jurisdiction_assignments_no_delete BEFORE DELETE ON jurisdiction_assignments BEGIN SELECT RAISE(ABORT, 'jurisdiction assignments are append-only'); END;`;

export interface AssignmentChange {
  orgId: string | null;
  object: string;
  recordId: string;
  /** The code assigned, or null to take the assignment back. */
  jurisdiction: string | null;
  /** The code the record had before (its resolved one, or an earlier assignment). */
  previous: string | null;
  reason: string;
  /** The investigator's name as given (else the OS user), named in the record's basis. */
  by: string;
}

/** Records an assignment (or its removal) with its custody entry; returns the custody sequence number. */
export function recordAssignment(log: CustodyLog, change: AssignmentChange, author: string): number {
  log.store().exec(SCHEMA);
  const action = change.jurisdiction === null ? 'jurisdiction.unassigned' : 'jurisdiction.assigned';
  const detail = { orgId: change.orgId, object: change.object, recordId: change.recordId, jurisdiction: change.jurisdiction, previous: change.previous, reason: change.reason, by: change.by };
  const entry = log.appendWith(action, detail, author, (db, e) => {
    db.prepare('INSERT INTO jurisdiction_assignments (at, author, by_name, org_id, object, record_id, jurisdiction, previous, reason, custody_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(e.at, author, change.by, change.orgId, change.object, change.recordId, change.jurisdiction, change.previous, change.reason, e.seq);
  });
  return entry.seq;
}

function hasTable(store: Database.Database): boolean {
  return store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jurisdiction_assignments'").get() !== undefined;
}

/** The latest row of each record among those recorded up to custody entry `?` (removals included). */
const LATEST = `SELECT a.* FROM jurisdiction_assignments a
  JOIN (SELECT coalesce(org_id, '') AS o, object, record_id, max(n) AS n FROM jurisdiction_assignments WHERE custody_seq <= ? GROUP BY 1, 2, 3) last ON last.n = a.n`;

/**
 * The assignments in force (the latest row of each record, removed ones left out), oldest first; as they stood at
 * custody entry `upToSeq` when given (what a report anchored there shows).
 */
export function jurisdictionAssignments(store: Database.Database, upToSeq = Number.MAX_SAFE_INTEGER): JurisdictionAssignment[] {
  if (!hasTable(store)) return [];
  const rows = store
    .prepare(`SELECT * FROM (${LATEST}) WHERE jurisdiction IS NOT NULL ORDER BY n`)
    .all(upToSeq) as { at: string; by_name: string; org_id: string | null; object: string; record_id: string; jurisdiction: string; previous: string | null; reason: string; custody_seq: number }[];
  return rows.map((r) => ({
    orgId: r.org_id, object: r.object, recordId: r.record_id, jurisdiction: r.jurisdiction, by: r.by_name, reason: r.reason, at: r.at, previous: r.previous, custodySeq: r.custody_seq,
  }));
}

/** How many records were assigned by hand and given back their resolved jurisdiction by custody entry `upToSeq`. */
export function assignmentsTakenBack(store: Database.Database, upToSeq = Number.MAX_SAFE_INTEGER): number {
  if (!hasTable(store)) return 0;
  return Number((store.prepare(`SELECT count(*) AS n FROM (${LATEST}) WHERE jurisdiction IS NULL`).get(upToSeq) as { n: number }).n);
}
