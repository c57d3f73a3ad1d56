/** The shape of one detection rule: a flag code and the set-based SQL that writes its flags. */
import type { SqlFragment } from '../../store/sql.js';
import type { FlagCode } from './codes.js';
import type { RulePack, Thresholds } from './pack.js';

export interface RuleContext {
  pack: RulePack;
  t: Thresholds;
  /** 18-character canary record ids (empty when none were given). */
  canaries: readonly string[];
}

export interface Rule {
  code: FlagCode;
  /**
   * Statements run in order; the last inserts into `flags` (export_id, code, message, evidence_event_ids). Evidence NULL
   * means "the export's own events": those lists are filled once after every rule, for the flagged exports only
   * (flagExports.ts), so no rule carries millions of evidence lists through its joins.
   */
  statements(ctx: RuleContext): SqlFragment[];
}
