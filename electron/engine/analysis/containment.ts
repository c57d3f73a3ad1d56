/**
 * `containment_actions`: what was done to stop an integration, and changes that opened it, as facts
 * with their source row: Setup Audit Trail entries that name an integration (its connected app, or
 * its run-as user), classified by the rule pack's action table; OAuth token grants (OauthToken
 * CreatedDate); integration users inactive in the User export or frozen in the UserLogin export
 * (timed by LastModifiedDate: the change happened at or before it).
 */
import { REC, SOURCE_ID } from '../intake/internalColumns.js';
import { epochMsColumn, findSnapshot, SNAPSHOT_ORG } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, modeOf, raw, sql, type SqlFragment } from '../store/sql.js';
import type { RulePack } from './rules/pack.js';

type Mapping = RulePack['containment'];

/** Creates (empty) `containment_actions` with the agreed columns. */
export async function createContainmentTable(db: CaseDb, replace = true): Promise<void> {
  const head = replace ? raw('CREATE OR REPLACE TABLE') : raw('CREATE TABLE IF NOT EXISTS');
  await db.run(sql`${head} containment_actions (org_id VARCHAR, "at" TIMESTAMP, kind VARCHAR, app_id VARCHAR, app_name VARCHAR,
    user_id VARCHAR, detail VARCHAR, source_id INTEGER, source_record BIGINT)`);
}

/** Rebuilds `containment_actions` from the case's snapshots, after the reconstruction tables exist. */
export async function buildContainment(db: CaseDb, mapping: Mapping): Promise<void> {
  await createContainmentTable(db);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ca_apps AS SELECT DISTINCT app_id, app_name FROM exports WHERE app_id IS NOT NULL AND length(app_name) >= 3`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ca_users AS SELECT user_id, lower(${modeOf(sql`username`)}) AS username FROM exports WHERE app_id IS NOT NULL AND user_id IS NOT NULL GROUP BY user_id`);
  // Each user's integration: the app (and its name) of most of the user's exports, a tie going to the app id sorting first.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ca_user_apps AS SELECT user_id, pick.app_id, pick.app_name FROM (
      SELECT user_id, ${modeOf(sql`{'app_id': app_id, 'app_name': app_name}`)} AS pick FROM exports WHERE app_id IS NOT NULL AND user_id IS NOT NULL GROUP BY user_id)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE ca_map (ord INTEGER, kind VARCHAR, actions VARCHAR, display VARCHAR, section VARCHAR)`);
  await db.appendRows('ca_map', mapping.actions.map((m, i) => [String(i), m.kind, m.actions ? m.actions.map((a) => a.toLowerCase()).join(',') : null, m.display ?? null, m.section ?? null]));
  await db.run(sql`ALTER TABLE ca_map ALTER ord TYPE INTEGER`);
  await auditTrail(db);
  await oauthTokens(db);
  await userState(db, 'User', 'IsActive', 'false', 'user_deactivated', 'inactive (IsActive false) in the User export');
  await userState(db, 'UserLogin', 'IsFrozen', 'true', 'user_frozen', 'frozen (IsFrozen true) in the UserLogin export');
  for (const t of ['ca_apps', 'ca_users', 'ca_user_apps', 'ca_map']) await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
}

/** The snapshot of an object with a lookup of its columns by lower-case name. */
async function snapshot(db: CaseDb, object: string): Promise<{ table: ReturnType<typeof ident>; org: SqlFragment; col: (name: string) => SqlFragment | null } | null> {
  const snap = await findSnapshot(db, object);
  if (!snap) return null;
  const byLower = new Map(snap.columns.map((c) => [c.toLowerCase(), c]));
  return {
    table: ident(snap.table),
    // The org the export's file was assigned (snapshotOrgs.ts): each action is its org's.
    org: snap.columns.includes(SNAPSHOT_ORG) ? sql`${ident(SNAPSHOT_ORG)}` : sql`CAST(NULL AS VARCHAR)`,
    col: (name) => {
      const c = byLower.get(name.toLowerCase());
      return c ? sql`${ident(c)}` : null;
    },
  };
}

const msToTs = (col: SqlFragment | null): SqlFragment => (col ? sql`epoch_ms(TRY_CAST(${col} AS BIGINT))` : sql`CAST(NULL AS TIMESTAMP)`);
const text = (col: SqlFragment | null): SqlFragment => col ?? sql`CAST(NULL AS VARCHAR)`;

async function auditTrail(db: CaseDb): Promise<void> {
  const s = await snapshot(db, 'SetupAuditTrail');
  if (!s || !s.col('Display') && !s.col('Action')) return;
  await db.run(sql`INSERT INTO containment_actions
    WITH a AS (
      SELECT ${msToTs(s.col(epochMsColumn('CreatedDate')))} AS "at", lower(coalesce(${text(s.col('Action'))}, '')) AS action, ${text(s.col('Action'))} AS action_text,
        coalesce(${text(s.col('Section'))}, '') AS section, coalesce(${text(s.col('Display'))}, '') AS display, ${ident(SOURCE_ID)} AS _source_id, ${ident(REC)} AS _rec, ${s.org} AS _org
      FROM ${s.table}),
    k AS (
      SELECT a.*, coalesce((SELECT m.kind FROM ca_map m
          WHERE (m.actions IS NULL OR list_contains(string_split(m.actions, ','), a.action))
            AND (m.display IS NULL OR regexp_matches(lower(a.display), m.display))
            AND (m.section IS NULL OR regexp_matches(lower(a.section), m.section))
          ORDER BY m.ord LIMIT 1), 'other') AS kind,
        (SELECT arg_max(p.app_id, length(p.app_name)) FROM ca_apps p WHERE contains(lower(a.display), lower(p.app_name))) AS app_id,
        (SELECT arg_max(u.user_id, length(u.username)) FROM ca_users u WHERE contains(lower(a.display), u.username)) AS user_id
      FROM a)
    SELECT k._org, k."at", k.kind, coalesce(k.app_id, ua.app_id), coalesce(p.app_name, ua.app_name), k.user_id,
      format('Setup Audit Trail {} ({}): "{}"', k.action_text, k.section, k.display), k._source_id, k._rec
    FROM k LEFT JOIN ca_apps p ON p.app_id = k.app_id LEFT JOIN ca_user_apps ua ON k.app_id IS NULL AND ua.user_id = k.user_id
    WHERE k.app_id IS NOT NULL OR k.user_id IS NOT NULL OR lower(k.section) = 'connected apps'`);
}

async function oauthTokens(db: CaseDb): Promise<void> {
  const s = await snapshot(db, 'OauthToken');
  const appName = s?.col('AppName');
  if (!s || !appName || !s.col('CreatedDate')) return;
  const useCount = text(s.col('UseCount'));
  const lastUsed = text(s.col('LastUsedDate'));
  await db.run(sql`INSERT INTO containment_actions
    SELECT ${s.org}, ${msToTs(s.col(epochMsColumn('CreatedDate')))}, 'permission_granted', p.app_id, t.${appName}, u.user_id,
      format('OAuth token granted to {}{}{}{}', t.${appName}, CASE WHEN u.username IS NOT NULL THEN ' by ' || u.username ELSE '' END,
        CASE WHEN ${useCount} IS NOT NULL THEN '; use count ' || ${useCount} ELSE '' END,
        CASE WHEN ${lastUsed} IS NOT NULL THEN '; last used ' || ${lastUsed} ELSE '' END),
      t.${ident(SOURCE_ID)}, t.${ident(REC)}
    FROM ${s.table} t JOIN ca_apps p ON lower(p.app_name) = lower(t.${appName})
    LEFT JOIN ca_users u ON left(u.user_id, 15) = left(trim(${text(s.col('UserId'))}), 15)`);
}

async function userState(db: CaseDb, object: string, column: string, value: string, kind: string, what: string): Promise<void> {
  const s = await snapshot(db, object);
  const flag = s?.col(column);
  const userId = object === 'User' ? s?.col('Id') : s?.col('UserId');
  if (!s || !flag || !userId) return;
  await db.run(sql`INSERT INTO containment_actions
    SELECT ${s.org}, ${msToTs(s.col(epochMsColumn('LastModifiedDate')))}, ${kind}, ua.app_id, ua.app_name, ua.user_id,
      format('{} {}; time from LastModifiedDate, the change happened at or before it', coalesce(u.username, ua.user_id), ${what}), t.${ident(SOURCE_ID)}, t.${ident(REC)}
    FROM ${s.table} t JOIN ca_user_apps ua ON left(ua.user_id, 15) = left(trim(t.${userId}), 15)
    LEFT JOIN ca_users u ON u.user_id = ua.user_id
    WHERE lower(trim(t.${flag})) = ${value}`);
}
