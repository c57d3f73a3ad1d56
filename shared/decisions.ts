/**
 * The investigator's case decisions on jurisdictions and duties, as the contract carries them: a jurisdiction
 * assigned by hand to an affected record, and the organisation profile kept in the case.
 */
import type { OrganisationProfile } from './duties/profile.js';

/** The basis an assignment gives a record's jurisdiction: `assigned by hand (<investigator>: <reason>)`. */
export function assignedBasis(by: string, reason: string): string {
  return `assigned by hand (${by}: ${reason})`;
}

/** The confidence an assigned jurisdiction carries (the resolver's are high / medium / low / none). */
export const ASSIGNED_CONFIDENCE = 'assigned';

/** A jurisdiction assigned by hand to one affected record, in force. */
export interface JurisdictionAssignment {
  orgId: string | null;
  object: string;
  recordId: string;
  jurisdiction: string;
  /** The investigator's name as given (else the OS user): what the basis names. */
  by: string;
  reason: string;
  at: string;
  /** The jurisdiction the address gave the record when it was assigned (ZZ: unresolved). */
  previous: string | null;
  custodySeq: number;
}

/** A duty as the profile preview compares it: its key, required and due. */
export interface DutyKey {
  jurisdiction: string;
  recipient: string;
  step: string | null;
  required: 'yes' | 'no' | 'assess';
  due: string | null;
  people: number;
  /** The first reason of the assessment (why it is required, to assess, or not). */
  why: string;
}

/** What a proposed organisation profile would change in the case's duties, computed without saving anything. */
export interface ProfilePreview {
  /** The regimes the proposed profile brings in, and those the profile in force brings in. */
  regimes: { id: string; name: string }[];
  regimesNow: { id: string; name: string }[];
  /** Duties the proposed profile adds, removes, or changes (required or due), against the profile in force. */
  appear: DutyKey[];
  disappear: DutyKey[];
  change: { before: DutyKey; after: DutyKey }[];
  unchanged: number;
}

/** The organisation profile of a case: the one stored in the case (null: none), and the one the duties were last computed with. */
export interface ProfileView {
  stored: { profile: OrganisationProfile; reason: string; at: string; author: string; custodySeq: number } | null;
  /** The profile of the last duties evaluation and where it came from (`--profile` file, the case profile, or none). */
  inForce: { profile: OrganisationProfile; source: string | null } | null;
  /** The regimes a profile can bring in: id, name and the profile field that brings it. */
  regimes: { id: string; name: string; field: string }[];
}
