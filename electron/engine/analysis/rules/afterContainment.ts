/**
 * `access_after_containment`: an export after the earliest containment action that should have cut
 * its access (token revoked, app blocked, session revoked for the app; user frozen or deactivated
 * for the user), from `containment_actions`.
 */
import { sql } from '../../store/sql.js';
import { CUTTING_KINDS } from './codes.js';
import type { Rule } from './rule.js';

/**
 * The action a flag names: the earliest, ties (two actions of one second) broken by kind and source line, so every part
 * of the sentence comes from the same action on every run.
 */
const FIRST_ACTION = sql`(h."at", h.kind, h.source_id, h.source_record)`;

export const afterContainmentRule: Rule = {
  code: 'access_after_containment',
  statements: () => [sql`INSERT INTO flags
    WITH ca AS (SELECT * FROM containment_actions WHERE "at" IS NOT NULL AND list_contains(string_split(${CUTTING_KINDS.join(',')}, ','), kind)),
    hits AS (
      SELECT x.export_id, ca.* FROM rule_exports x JOIN ca ON ca.app_id = x.app_id AND ca.user_id IS NULL AND x.start_ts > ca."at"
      UNION ALL
      SELECT x.export_id, ca.* FROM rule_exports x JOIN ca ON ca.user_id = x.user_id AND x.start_ts > ca."at")
    SELECT h.export_id, 'access_after_containment',
      format('{} exported {} at {}, after {} ({}) at {}: {} (source {}, record {}).', x.actor, coalesce(x.object, 'data'),
        strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ'), replace(arg_min(h.kind, ${FIRST_ACTION}), '_', ' '),
        coalesce(arg_min(h.app_name, ${FIRST_ACTION}), arg_min(h.user_id, ${FIRST_ACTION}), arg_min(h.app_id, ${FIRST_ACTION})), strftime(min(h."at"), '%Y-%m-%dT%H:%M:%S.%gZ'),
        coalesce(arg_min(h.detail, ${FIRST_ACTION}), ''), arg_min(h.source_id, ${FIRST_ACTION}), arg_min(h.source_record, ${FIRST_ACTION})),
      NULL::BIGINT[]
    FROM hits h JOIN rule_exports x ON x.export_id = h.export_id GROUP BY h.export_id, x.actor, x.object, x.start_ts`],
};
