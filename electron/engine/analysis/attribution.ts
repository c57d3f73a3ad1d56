/**
 * Ties every event to a connected app where the evidence allows: directly (CONNECTED_APP_ID /
 * ConnectedAppId on the row), through an ApiTotalUsage row of the same REQUEST_ID, or through
 * another event of the same LOGIN_KEY / SESSION_KEY that carries the app. The basis is kept, so
 * a report can say how each export was attributed.
 */
import { id18SqlExpression } from '../../../shared/ids.js';
import { findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';

/** Creates `events_attr` (events + app_id + app_basis) and the helper maps behind it. */
export async function buildAttribution(db: CaseDb): Promise<void> {
  await db.run(`CREATE OR REPLACE TABLE session_apps AS
    SELECT kind, key, arg_max(app, n) AS app FROM (
      SELECT 'login' AS kind, login_key AS key, connected_app_id AS app, count(*) AS n FROM events
        WHERE login_key IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL
      UNION ALL
      SELECT 'session', session_key, connected_app_id, count(*) FROM events
        WHERE session_key IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL)
    GROUP BY kind, key`);
  await db.run(`CREATE OR REPLACE TABLE request_apps AS
    SELECT request_id, arg_max(connected_app_id, n) AS app FROM (
      SELECT request_id, connected_app_id, count(*) AS n FROM events
        WHERE request_id IS NOT NULL AND connected_app_id IS NOT NULL GROUP BY ALL)
    GROUP BY request_id`);
  await db.run(`CREATE OR REPLACE VIEW events_attr AS
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

/** Connected app names: ConnectedApplication snapshot first, then names seen in ApiTotalUsage rows. */
export async function connectedAppNames(db: CaseDb): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const fromEvents = await db.all<{ id: string; name: string }>(
    `SELECT connected_app_id AS id, mode(connected_app_name) AS name FROM events
     WHERE connected_app_id IS NOT NULL AND connected_app_name IS NOT NULL GROUP BY 1`,
  );
  for (const r of fromEvents) names.set(r.id, r.name);
  for (const r of await snapshotPairs(db, 'ConnectedApplication', 'Name')) names.set(r.id, r.value);
  return names;
}

/** Usernames from the User snapshot, then from the events themselves. */
export async function usernames(db: CaseDb): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const fromEvents = await db.all<{ id: string; name: string }>(
    `SELECT user_id AS id, mode(username) AS name FROM events WHERE user_id IS NOT NULL AND username IS NOT NULL GROUP BY 1`,
  );
  for (const r of fromEvents) names.set(r.id, r.name);
  for (const r of await snapshotPairs(db, 'User', 'Username')) names.set(r.id, r.value);
  return names;
}

/** The user agent a login presented (Login BROWSER_TYPE), by LOGIN_KEY. */
export async function loginUserAgents(db: CaseDb): Promise<Map<string, string>> {
  const rows = await db.all<{ k: string; ua: string }>(
    `SELECT login_key AS k, arg_min(user_agent, ts) AS ua FROM events
     WHERE event_type IN ('Login', 'LoginEvent') AND login_key IS NOT NULL AND user_agent IS NOT NULL GROUP BY 1`,
  );
  return new Map(rows.map((r) => [r.k, r.ua]));
}

async function snapshotPairs(db: CaseDb, object: string, column: string): Promise<{ id: string; value: string }[]> {
  const snap = await findSnapshot(db, object);
  if (!snap) return [];
  const id = snap.columns.find((c) => c.toLowerCase() === 'id');
  const val = snap.columns.find((c) => c.toLowerCase() === column.toLowerCase());
  if (!id || !val) return [];
  return db.all<{ id: string; value: string }>(
    `SELECT ${id18SqlExpression(`"${id}"`)} AS id, "${val}" AS value FROM ${snap.table} WHERE "${val}" IS NOT NULL`,
  );
}
