/**
 * The names reconstruction puts on ids, as lookup tables built in SQL: connected apps (the
 * ConnectedApplication snapshot, else ApiTotalUsage CONNECTED_APP_NAME), users (User snapshot,
 * else the events' USER_NAME), orgs (Organization snapshot), the user agent a login presented, and
 * the application of a login (LoginEvent by LOGIN_KEY; LoginHistory, the user's latest login before the
 * export) and the one app a user's OAuth tokens name (OauthToken AppName), for exports no app id reaches.
 * Where the evidence gives one id several names, the one logged most is kept, a tie going to the name that sorts first
 * (never the order rows happen to arrive in: a second run names the same). App, user and token names are kept per org (`org`, 18 chars, '' for exports of no known org): a snapshot row of
 * the export's own org names it, never another org's.
 */
import { id18SqlExpression } from '../../../shared/ids.js';
import { sfTimestampSql } from '../../../shared/sfTimestamp.js';
import { findSnapshot, SNAPSHOT_ORG } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, modeOf, raw, sql, type SqlFragment } from '../store/sql.js';

/**
 * `SELECT id, org, value` from a snapshot's id column and one other column (org: the 18-char org its file was
 * assigned, null for the case's one org), or null when the snapshot or column is absent.
 */
async function snapshotPairs(db: CaseDb, object: string, idColumn: string, column: string): Promise<SqlFragment | null> {
  const snap = await findSnapshot(db, object);
  if (!snap) return null;
  const id = snap.columns.find((c) => c.toLowerCase() === idColumn.toLowerCase());
  const val = snap.columns.find((c) => c.toLowerCase() === column.toLowerCase());
  if (!id || !val) return null;
  const org = snap.columns.includes(SNAPSHOT_ORG) ? ident(SNAPSHOT_ORG) : raw('NULL::VARCHAR');
  return sql`SELECT ${raw(id18SqlExpression(ident(id).text))} AS id, ${org} AS org, nullif(trim(${ident(val)}), '') AS value FROM ${ident(snap.table)}`;
}

/**
 * One name per (id, org) for every org of the case's exports ('' for an export of no known org): a snapshot row of
 * that org first, then one of the case's one org, then the events' name. `names` is (id, org, name, pref). The orgs are
 * made distinct before their 18-character form is computed (a few, not one per export).
 */
function perOrg(names: SqlFragment): SqlFragment {
  return sql`SELECT n.id, o.org, arg_min(n.name, (CASE WHEN n.org IS NULL THEN 1 ELSE 0 END, n.pref, n.name)) AS name
    FROM (${names}) n JOIN (SELECT DISTINCT coalesce(${raw(id18SqlExpression('org_id'))}, '') AS org FROM (SELECT DISTINCT org_id FROM rc_x)) o
      ON n.org IS NULL OR n.org = o.org
    GROUP BY n.id, o.org`;
}

/** Builds `rc_app_names`, `rc_user_names`, `rc_org_names`, `rc_login_ua`, `rc_token_apps`, `rc_login_apps`, `rc_history_apps`. */
export async function buildNameTables(db: CaseDb): Promise<void> {
  // One scan of the events for every name they give: app names (ApiTotalUsage), and per login its user agent and application.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_event_names AS
    SELECT kind, key, ${modeOf(sql`app_name`)} AS app_name,
      arg_min(user_agent, (ts, event_id)) FILTER (WHERE user_agent IS NOT NULL) AS ua, arg_min(application, (ts, event_id)) FILTER (WHERE application IS NOT NULL) AS application
    FROM (SELECT CASE WHEN event_type IN ('Login', 'LoginEvent') AND login_key IS NOT NULL THEN 'login'
                      WHEN connected_app_name IS NOT NULL AND connected_app_id IS NOT NULL THEN 'app' END AS kind,
            CASE WHEN event_type IN ('Login', 'LoginEvent') AND login_key IS NOT NULL THEN login_key ELSE connected_app_id END AS key,
            connected_app_name AS app_name, user_agent, application, ts, event_id FROM events)
    WHERE kind IS NOT NULL GROUP BY kind, key`);
  const apps = await snapshotPairs(db, 'ConnectedApplication', 'Id', 'Name');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_app_names AS ${perOrg(sql`
      ${apps ? sql`SELECT id, org, value AS name, 0 AS pref FROM (${apps}) WHERE id IS NOT NULL AND value IS NOT NULL UNION ALL` : sql``}
      SELECT key AS id, NULL AS org, app_name AS name, 1 AS pref FROM rc_event_names WHERE kind = 'app' AND app_name IS NOT NULL`)}`);
  const users = await snapshotPairs(db, 'User', 'Id', 'Username');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_user_names AS ${perOrg(sql`
      ${users ? sql`SELECT id, org, value AS name, 0 AS pref FROM (${users}) WHERE id IS NOT NULL AND value IS NOT NULL UNION ALL` : sql``}
      SELECT user_id AS id, NULL AS org, ${modeOf(sql`username`)} AS name, 1 AS pref FROM rc_ev WHERE user_id IS NOT NULL AND username IS NOT NULL GROUP BY user_id`)}`);
  const orgs = await snapshotPairs(db, 'Organization', 'Id', 'Name');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_org_names AS
    ${orgs ? sql`SELECT id, ${modeOf(sql`value`)} AS name FROM (${orgs}) WHERE id IS NOT NULL AND value IS NOT NULL GROUP BY id` : sql`SELECT NULL::VARCHAR AS id, NULL::VARCHAR AS name WHERE false`}`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_login_ua AS SELECT key AS k, ua FROM rc_event_names WHERE kind = 'login' AND ua IS NOT NULL`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_login_apps AS
    SELECT key AS k, application AS app_name FROM rc_event_names WHERE kind = 'login' AND application IS NOT NULL`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_history_apps AS ${await loginHistory(db)}`);
  const tokens = await snapshotPairs(db, 'OauthToken', 'UserId', 'AppName');
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_token_apps AS
    ${tokens ? sql`SELECT id AS user_id, org, name AS app_name FROM (${perOrg(sql`SELECT id, org, any_value(value) AS name, 0 AS pref FROM (${tokens})
      WHERE id IS NOT NULL AND value IS NOT NULL GROUP BY id, org HAVING count(DISTINCT value) = 1`)})`
      : sql`SELECT NULL::VARCHAR AS user_id, NULL::VARCHAR AS org, NULL::VARCHAR AS app_name WHERE false`}`);
}

/** LoginHistory rows (user, login time, application) for an as-of join, or an empty table without the snapshot. */
async function loginHistory(db: CaseDb): Promise<SqlFragment> {
  const empty = sql`SELECT NULL::VARCHAR AS user_id, NULL::TIMESTAMP AS at, NULL::VARCHAR AS app_name WHERE false`;
  const snap = await findSnapshot(db, 'LoginHistory');
  if (!snap) return empty;
  const pick = (n: string): string | undefined => snap.columns.find((c) => c.toLowerCase() === n.toLowerCase());
  const [user, time, app] = [pick('UserId'), pick('LoginTime'), pick('Application')];
  if (!user || !time || !app) return empty;
  return sql`SELECT ${raw(id18SqlExpression(ident(user).text))} AS user_id, ${raw(sfTimestampSql(ident(time).text))} AS at,
      nullif(trim(${ident(app)}), '') AS app_name FROM ${ident(snap.table)}
    WHERE nullif(trim(${ident(app)}), '') IS NOT NULL AND lower(trim(${ident(app)})) NOT IN ('browser', 'n/a')`;
}

/** Drops the lookup tables. */
export async function dropNameTables(db: CaseDb): Promise<void> {
  for (const t of ['rc_event_names', 'rc_app_names', 'rc_user_names', 'rc_org_names', 'rc_login_ua', 'rc_token_apps', 'rc_login_apps', 'rc_history_apps']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}
