/**
 * Ties every event to a connected app where the evidence allows: directly (CONNECTED_APP_ID /
 * ConnectedAppId on the row), through an ApiTotalUsage row of the same REQUEST_ID, or through
 * another event of the same LOGIN_KEY / SESSION_KEY that carries the app. The basis is kept, so
 * a report can say how each export was attributed. Every link stays inside one org (RTEM rows,
 * which carry no org, link only to RTEM rows).
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';

/** A key seen in at most one org (org '' is no org): min = max instead of a DISTINCT count, which needs a hash table per group. */
const ONE_ORG_AT_MOST = sql`min(nullif(org, '')) IS NOT DISTINCT FROM max(nullif(org, ''))`;

/** Creates `events_attr` (events + app_id + app_basis) and the helper maps behind it. */
export async function buildAttribution(db: CaseDb): Promise<void> {
  // Per org, plus (org '') the links whose key names one org only, for RTEM rows that carry no org.
  // Only keys that some event without an app id carries are worth a link.
  // (DISTINCT rows, not lists: a GROUP BY spills to disk where one row of ten-million-element lists cannot.)
  await db.run(sql`CREATE OR REPLACE TEMP TABLE attr_need_keys AS
    SELECT DISTINCT v.kind, v.key FROM (SELECT login_key, session_key, request_id FROM events WHERE connected_app_id IS NULL) e
      CROSS JOIN LATERAL (VALUES ('login', e.login_key), ('session', e.session_key), ('request', e.request_id)) v(kind, key)
    WHERE v.key IS NOT NULL`);
  // How often each needed key (login, session, request) appears with each app, per org: one semi-join per kind, each
  // bounded by that kind's needed keys.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE attr_counts (org VARCHAR, kind VARCHAR, key VARCHAR, app VARCHAR, n BIGINT)`);
  for (const [kind, col] of [['login', sql`login_key`], ['session', sql`session_key`], ['request', sql`request_id`]] as const) {
    await db.run(sql`INSERT INTO attr_counts
      SELECT coalesce(left(org_id, 15), '') AS org, ${kind} AS kind, ${col} AS key, connected_app_id AS app, count(*) AS n FROM events
      WHERE connected_app_id IS NOT NULL AND ${col} IN (SELECT key FROM attr_need_keys WHERE kind = ${kind})
      GROUP BY ALL`);
  }
  await db.run(sql`CREATE OR REPLACE TABLE session_apps AS
    WITH c AS (SELECT * FROM attr_counts WHERE kind IN ('login', 'session'))
    SELECT org, kind, key, arg_max(app, n) AS app FROM c WHERE org <> '' GROUP BY org, kind, key
    UNION ALL
    SELECT '', kind, key, arg_max(app, n) FROM c GROUP BY kind, key HAVING ${ONE_ORG_AT_MOST}`);
  await db.run(sql`CREATE OR REPLACE TABLE request_apps AS
    WITH c AS (SELECT org, key AS request_id, app, n FROM attr_counts WHERE kind = 'request')
    SELECT org, request_id, arg_max(app, n) AS app FROM c WHERE org <> '' GROUP BY org, request_id
    UNION ALL
    SELECT '', request_id, arg_max(app, n) FROM c GROUP BY request_id HAVING ${ONE_ORG_AT_MOST}`);
  await db.run(sql`CREATE OR REPLACE VIEW events_attr AS
    SELECT e.*,
      coalesce(e.connected_app_id, r.app, sl.app, ss.app) AS app_id,
      CASE WHEN e.connected_app_id IS NOT NULL THEN 'connected_app_id'
           WHEN r.app IS NOT NULL THEN 'request_id'
           WHEN sl.app IS NOT NULL OR ss.app IS NOT NULL THEN 'session'
           ELSE 'none' END AS app_basis
    FROM events e
    LEFT JOIN request_apps r ON r.request_id = e.request_id AND r.org = coalesce(left(e.org_id, 15), '')
    LEFT JOIN session_apps sl ON sl.kind = 'login' AND sl.key = e.login_key AND sl.org = coalesce(left(e.org_id, 15), '')
    LEFT JOIN session_apps ss ON ss.kind = 'session' AND ss.key = e.session_key AND ss.org = coalesce(left(e.org_id, 15), '')`);
  for (const t of ['attr_need_keys', 'attr_counts']) await db.run(sql`DROP TABLE ${ident(t)}`);
}
