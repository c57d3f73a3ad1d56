/** The case the workbench has open: where it is, how it stands, and whether it is open for review. */
import type { CaseStatus } from '../../../../shared/caseStatus.js';
import type { ReviewSession } from '../../../../shared/workbench.js';

export interface OpenCase {
  caseDir: string;
  status: CaseStatus & { review: ReviewSession | null };
  /** Set when counsel opened it read-only: import, investigation and mapping changes are hidden (and refused by the engine). */
  review: ReviewSession | null;
  /** Opened or created on the Cases screen: the next run goes into it. False for the case a run just made (the next run makes its own, as its output folder says). */
  chosen: boolean;
}
