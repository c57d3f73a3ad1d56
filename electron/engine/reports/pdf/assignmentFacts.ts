/**
 * The jurisdictions assigned by hand that report.pdf lists, read from the case store (custody.sqlite) up to the
 * custody head the report is anchored to: an assignment made later is in the next report, one taken back by then is
 * counted, not listed.
 */
import Database from 'better-sqlite3';

/** At most this many assignments are printed (each is one investigator decision); the rest are counted. */
export const ASSIGNMENT_ROWS = 300;

export interface ReportAssignment {
  orgId: string | null;
  object: string;
  recordId: string;
  jurisdiction: string;
  /** The jurisdiction the record's address gave it (ZZ: unresolved), or an earlier assignment. */
  previous: string | null;
  by: string;
  at: string;
  reason: string;
  custodySeq: number;
}

export interface AssignmentFacts {
  /** The assignments in force at the head, in the order they were made (at most ASSIGNMENT_ROWS). */
  assignments: ReportAssignment[];
  /** How many are in force (printed or not). */
  total: number;
  /** Records assigned by hand and given back their resolved jurisdiction by the head. */
  takenBack: number;
}

/** Reads the assignments in force at custody entry `upToSeq` (the latest row of each record up to it, removals left out). */
export function readAssignmentFacts(custodyPath: string, upToSeq: number): AssignmentFacts {
  const store = new Database(custodyPath, { readonly: true, fileMustExist: true });
  try {
    if (!store.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'jurisdiction_assignments'").get()) return { assignments: [], total: 0, takenBack: 0 };
    const latest = `SELECT a.* FROM jurisdiction_assignments a
      JOIN (SELECT coalesce(org_id, '') AS o, object, record_id, max(n) AS n FROM jurisdiction_assignments WHERE custody_seq <= ? GROUP BY 1, 2, 3) last ON last.n = a.n`;
    const counts = store.prepare(`SELECT count(*) FILTER (WHERE jurisdiction IS NOT NULL) AS total, count(*) FILTER (WHERE jurisdiction IS NULL) AS taken_back FROM (${latest})`)
      .get(upToSeq) as { total: number; taken_back: number };
    const rows = store.prepare(`SELECT * FROM (${latest}) WHERE jurisdiction IS NOT NULL ORDER BY n LIMIT ?`).all(upToSeq, ASSIGNMENT_ROWS) as {
      org_id: string | null; object: string; record_id: string; jurisdiction: string; previous: string | null; by_name: string; at: string; reason: string; custody_seq: number;
    }[];
    return {
      assignments: rows.map((r) => ({
        orgId: r.org_id, object: r.object, recordId: r.record_id, jurisdiction: r.jurisdiction, previous: r.previous, by: r.by_name, at: r.at, reason: r.reason, custodySeq: r.custody_seq,
      })),
      total: Number(counts.total),
      takenBack: Number(counts.taken_back),
    };
  } finally {
    store.close();
  }
}
