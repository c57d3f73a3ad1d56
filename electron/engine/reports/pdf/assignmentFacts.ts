/**
 * The jurisdictions assigned by hand that report.pdf lists, read from the case store (custody.sqlite) up to the
 * custody head the report is anchored to: an assignment made later is in the next report, one taken back by then is
 * counted, not listed.
 */
import Database from 'better-sqlite3';
import type { JurisdictionAssignment } from '../../../../shared/decisions.js';
import { assignmentsTakenBack, jurisdictionAssignments } from '../../casestore/jurisdictionAssignments.js';

/** At most this many assignments are printed (each is one investigator decision); the rest are counted. */
export const ASSIGNMENT_ROWS = 300;

export interface AssignmentFacts {
  /** The assignments in force at the head, in the order they were made (at most ASSIGNMENT_ROWS). */
  assignments: JurisdictionAssignment[];
  /** How many are in force (printed or not). */
  total: number;
  /** Records assigned by hand and given back their resolved jurisdiction by the head. */
  takenBack: number;
}

/** Reads the assignments in force at custody entry `upToSeq` (the case store's own rule: the latest row of each record, removals left out). */
export function readAssignmentFacts(custodyPath: string, upToSeq: number): AssignmentFacts {
  const store = new Database(custodyPath, { readonly: true, fileMustExist: true });
  try {
    const inForce = jurisdictionAssignments(store, upToSeq);
    return { assignments: inForce.slice(0, ASSIGNMENT_ROWS), total: inForce.length, takenBack: assignmentsTakenBack(store, upToSeq) };
  } finally {
    store.close();
  }
}
