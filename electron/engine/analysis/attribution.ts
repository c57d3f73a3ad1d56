/**
 * Ties every event to a connected app where the evidence allows: directly (CONNECTED_APP_ID /
 * ConnectedAppId on the row), through an ApiTotalUsage row of the same REQUEST_ID, or through
 * another event of the same LOGIN_KEY / SESSION_KEY that carries the app. The basis is kept, so
 * a report can say how each export was attributed.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** Creates `events_attr` (events + app_id + app_basis) and the helper maps behind it. */
export async function buildAttribution(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE session_apps AS
    SELECT kind, key, arg_max(app, n) AS app FROM (
      SELECT 'login' AS kind, login_key AS key, connected_app_id AS app, count(*) AS n FROM events
        WHERE login_key IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL
      UNION ALL
      SELECT 'session', session_key, connected_app_id, count(*) FROM events
        WHERE session_key IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL)
    GROUP BY kind, key`);
  await db.run(sql`CREATE OR REPLACE TABLE request_apps AS
    SELECT request_id, arg_max(connected_app_id, n) AS app FROM (
      SELECT request_id, connected_app_id, count(*) AS n FROM events
        WHERE request_id IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL)
    GROUP BY request_id`);
  await db.run(sql`CREATE OR REPLACE VIEW events_attr AS
    SELECT e.*,
      coalesce(e.connected_app_id, r.app, sl.app, ss.app) AS app_id,
      CASE WHEN e.connected_app_id IS NOT NULL THEN 'connected_app_id'
           WHEN r.app IS NOT NULL THEN 'request_id'
           WHEN sl.app IS NOT NULL OR ss.app IS NOT NULL THEN 'session'
           ELSE 'none' END AS app_basis
    FROM events e
    LEFT JOIN request_apps r ON r.request_id = e.request_id
    LEFT JOIN session_apps sl ON sl.kind = 'login' AND sl.key = e.login_key
    LEFT JOIN session_apps ss ON ss.kind = 'session' AND ss.key = e.session_key`);
}
