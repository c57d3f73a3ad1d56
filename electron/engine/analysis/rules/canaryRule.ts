/**
 * `canary_record`: an export whose logged record ids (`export_records`) include a planted canary:
 * confirmed exfiltration. The evidence is the events that logged the canary ids.
 */
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';
import type { Rule } from './rule.js';

/** Loads the canary ids into the temporary table `rule_canaries`. */
export async function loadCanaryTable(db: CaseDb, ids: readonly string[]): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rule_canaries (id VARCHAR)`);
  await db.appendRows('rule_canaries', ids.map((id) => [id]));
}

export const canaryRule: Rule = {
  code: 'canary_record',
  statements: () => [sql`INSERT INTO flags
    SELECT r.export_id, 'canary_record',
      format('{} canary record(s) left in this export ({}{}): confirmed exfiltration.', count(DISTINCT r.record_id),
        array_to_string(list_slice(list(DISTINCT r.record_id ORDER BY r.record_id), 1, 10), ', '), CASE WHEN count(DISTINCT r.record_id) > 10 THEN ', …' ELSE '' END),
      list_sort(list_distinct(list(r.event_id) FILTER (WHERE r.event_id IS NOT NULL)))
    FROM export_records r JOIN rule_canaries c ON c.id = r.record_id
    GROUP BY r.export_id`],
};
