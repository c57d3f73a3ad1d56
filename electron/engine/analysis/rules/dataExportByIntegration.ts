/**
 * `data_export_by_integration`: a run of the Data Export service (the whole org as zip files) requested or downloaded
 * by an integration's run-as user: a user whose earlier exports in the org went through a connected app and who never
 * logged in interactively (the pack's `dataExport.interactiveLoginTypes`, ELF LOGIN_TYPE `A`, RTEM `Application`)
 * before the day of the run. Integration users have no business in Setup: someone holds their credentials. A human
 * admin who also uses a client app (Data Loader) logs in to the UI and is not flagged.
 */
import { modeOf, sql } from '../../store/sql.js';
import type { Rule } from './rule.js';

export const dataExportByIntegrationRule: Rule = {
  code: 'data_export_by_integration',
  statements: ({ pack }) => {
    const types = pack.dataExport.interactiveLoginTypes.map((t) => t.toLowerCase());
    const list = types.slice(1).reduce((acc, t) => sql`${acc}, ${t}`, sql`${types[0]!}`);
    return [
      sql`CREATE TABLE IF NOT EXISTS data_export_requests (export_id VARCHAR, event_id BIGINT, role VARCHAR, "at" TIMESTAMP, user_id VARCHAR, action VARCHAR, display VARCHAR)`,
      sql`CREATE OR REPLACE TEMP TABLE rule_de_actors AS
        SELECT DISTINCT x.export_id, x.org_id, x.start_ts, 'downloaded' AS did, x.user_id FROM rule_exports x
        WHERE x.channel = 'data_export' AND x.user_id IS NOT NULL
          AND x.export_id IN (SELECT export_id FROM export_events WHERE role = 'zip_download')
        UNION
        SELECT x.export_id, x.org_id, x.start_ts, 'requested', r.user_id FROM rule_exports x JOIN data_export_requests r USING (export_id)
        WHERE x.channel = 'data_export' AND r.role = 'export_request' AND r.user_id IS NOT NULL`,
      sql`INSERT INTO flags
        WITH ui AS (SELECT user_id, min(ts) AS first_ui FROM events
            WHERE lower(trim(login_type)) IN (${list}) AND user_id IN (SELECT user_id FROM rule_de_actors) GROUP BY user_id),
        integ AS (
          SELECT a.export_id, a.did, a.user_id, ${modeOf(sql`e.app_name`)} AS app_name, count(*) AS n,
            ${modeOf(sql`e.username`)} AS username, any_value(a.start_ts) AS start_ts
          -- A user id names one user of one org (Salesforce ids are unique across orgs), so RTEM exports with no org count too.
          FROM rule_de_actors a JOIN exports e ON e.user_id = a.user_id AND e.app_id IS NOT NULL AND e.start_ts < a.start_ts
          LEFT JOIN ui ON ui.user_id = a.user_id
          WHERE ui.first_ui IS NULL OR ui.first_ui >= date_trunc('day', a.start_ts)
          GROUP BY a.export_id, a.did, a.user_id HAVING count(*) >= ${pack.dataExport.minIntegrationExports}::BIGINT)
        SELECT export_id, 'data_export_by_integration',
          format('Data Export {} by {}, the run-as user of connected app {} ({} API export(s) before it, no interactive login before {}): integration users do not use Setup, so someone else may hold its credentials.',
            string_agg(did, ' and ' ORDER BY did DESC), coalesce(arg_min(username, (did, user_id)), arg_min(user_id, (did, user_id))), coalesce(arg_min(app_name, (did, user_id)), '(unnamed)'),
            max(n), strftime(min(start_ts), '%Y-%m-%d')),
          NULL::BIGINT[]
        FROM integ GROUP BY export_id`,
      sql`DROP TABLE rule_de_actors`,
    ];
  },
};
