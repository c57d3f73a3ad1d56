/**
 * Ties every event to a connected app where the evidence allows: directly (CONNECTED_APP_ID /
 * ConnectedAppId on the row), through an ApiTotalUsage row of the same REQUEST_ID, or through
 * another event of the same LOGIN_KEY / SESSION_KEY that carries the app. The basis is kept, so
 * a report can say how each export was attributed. Every link stays inside one org (RTEM rows,
 * which carry no org, link only to RTEM rows).
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql, type SqlFragment } from '../store/sql.js';

/** A key seen in at most one org (org '' is no org): min = max instead of a DISTINCT count, which needs a hash table per group. */
const ONE_ORG_AT_MOST = sql`min(nullif(org, '')) IS NOT DISTINCT FROM max(nullif(org, ''))`;

/** The app a key is seen with most often; a tie goes to the app id that sorts first, so a second run links the same app. */
const MOST_USED_APP = sql`arg_min(app, (-n, app))`;

/**
 * The org an event without one (an RTEM row) is looked up under in `request_apps`: in a case whose app-carrying events
 * name one org only, that org (its map entries are the same as the "one org at most" entries would be, so they are not
 * written twice: 2.3 M request ids at 10 M events); otherwise '' (the entries of keys seen in at most one org).
 */
export const REQUEST_ORG_OF = (org: SqlFragment): SqlFragment => sql`coalesce(nullif(${org}, ''), (SELECT org FROM attr_default_org))`;

/**
 * The key an event is looked up by: NULL where the event carries its app itself, so the probe of the map is skipped for
 * most rows (coalesce would take the event's own app first anyway).
 */
export const LOOKUP_KEY = (app: SqlFragment, key: SqlFragment): SqlFragment => sql`CASE WHEN ${app} IS NULL THEN ${key} END`;

/** Creates `events_attr` (events + app_id + app_basis) and the helper maps behind it. */
export async function buildAttribution(db: CaseDb): Promise<void> {
  // How often each key (login, session, request) appears with each app, per org ('' is no org): one statement per kind,
  // each bounded by a semi-join to the keys that some event without an app id carries (only those are worth a link).
  await db.run(sql`CREATE OR REPLACE TEMP TABLE attr_counts (org VARCHAR, kind VARCHAR, key VARCHAR, app VARCHAR, n BIGINT)`);
  for (const [kind, col] of [['login', sql`login_key`], ['session', sql`session_key`], ['request', sql`request_id`]] as const) {
    await db.run(sql`INSERT INTO attr_counts
      SELECT coalesce(left(org_id, 15), '') AS org, ${kind} AS kind, ${col} AS key, connected_app_id AS app, count(*) AS n FROM events
      WHERE connected_app_id IS NOT NULL AND ${col} IN (SELECT ${col} FROM events WHERE connected_app_id IS NULL AND ${col} IS NOT NULL)
      GROUP BY ALL`);
  }
  const orgs = await db.all<{ org: string }>(sql`SELECT DISTINCT org FROM attr_counts LIMIT 2`);
  const single = orgs.length === 1 && orgs[0]!.org !== '' ? orgs[0]!.org : '';
  await db.run(sql`CREATE OR REPLACE TABLE attr_default_org AS SELECT ${single}::VARCHAR AS org`);
  // Per org, plus (org '') the links whose key names one org only, for RTEM rows that carry no org.
  await db.run(sql`CREATE OR REPLACE TABLE session_apps AS
    WITH c AS (SELECT * FROM attr_counts WHERE kind IN ('login', 'session'))
    SELECT org, kind, key, ${MOST_USED_APP} AS app FROM c WHERE org <> '' GROUP BY org, kind, key
    UNION ALL
    SELECT '', kind, key, ${MOST_USED_APP} FROM c GROUP BY kind, key HAVING ${ONE_ORG_AT_MOST}`);
  await db.run(sql`CREATE OR REPLACE TABLE request_apps AS
    SELECT org, key AS request_id, ${MOST_USED_APP} AS app FROM attr_counts WHERE kind = 'request' AND org <> '' GROUP BY org, key`);
  if (!single) {
    await db.run(sql`INSERT INTO request_apps
      SELECT '', key, ${MOST_USED_APP} FROM attr_counts WHERE kind = 'request' GROUP BY key HAVING ${ONE_ORG_AT_MOST}`);
  }
  await db.run(sql`CREATE OR REPLACE VIEW events_attr AS
    SELECT e.*,
      coalesce(e.connected_app_id, r.app, sl.app, ss.app) AS app_id,
      CASE WHEN e.connected_app_id IS NOT NULL THEN 'connected_app_id'
           WHEN r.app IS NOT NULL THEN 'request_id'
           WHEN sl.app IS NOT NULL OR ss.app IS NOT NULL THEN 'session'
           ELSE 'none' END AS app_basis
    FROM events e
    LEFT JOIN request_apps r ON r.request_id = ${LOOKUP_KEY(sql`e.connected_app_id`, sql`e.request_id`)}
      AND r.org = ${REQUEST_ORG_OF(sql`left(e.org_id, 15)`)}
    LEFT JOIN session_apps sl ON sl.kind = 'login' AND sl.key = ${LOOKUP_KEY(sql`e.connected_app_id`, sql`e.login_key`)} AND sl.org = coalesce(left(e.org_id, 15), '')
    LEFT JOIN session_apps ss ON ss.kind = 'session' AND ss.key = ${LOOKUP_KEY(sql`e.connected_app_id`, sql`e.session_key`)} AND ss.org = coalesce(left(e.org_id, 15), '')`);
  await db.run(sql`DROP TABLE ${ident('attr_counts')}`);
}
