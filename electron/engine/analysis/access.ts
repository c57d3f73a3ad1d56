/**
 * Could read vs did read, per integration: for every (org, connected app, user) that exported anything, each
 * object the user's profile and permission sets let it read (the blast radius an attacker holding its token had)
 * beside what its exports actually read. An object it could read but never read is the least-privilege fix.
 */
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { buildPermissionGrants, findPermissionEvidence } from './permissionGrants.js';

/**
 * Files (a `file_download` export's object `File`, ContentVersion, ContentDocument) are not governed by object
 * permissions: who can open a file is decided by its sharing (its owner, the libraries and records it is linked to).
 * ObjectPermissions cannot say yes or no, so could_read stays null and `via` says why, rather than a false "no".
 */
const FILE_OBJECT = raw(`lower(c.object) IN ('file', 'contentversion', 'contentdocument', 'contentdocumentlink', 'contentnote')`);
const FILE_SHARING = 'governed by file sharing (owner, libraries, linked records), not object permissions: the permission exports cannot tell which files it could open';

/** What the access comparison found, so an empty or unknown result says why. */
export interface IntegrationAccessSummary {
  integrations: number;
  objectsRead: number;
  couldReadNeverRead: number;
  /** Permission exports present in the case (Profile, PermissionSet, …). */
  evidence: string[];
  warnings: string[];
}

/**
 * Builds `integration_access` (org_id, app_id, user_id, object, could_read, via, view_all, governed_by, did_read, rows_read,
 * first_read, last_read) and `integration_field_access` (org_id, app_id, user_id, object, field, via, object_read)
 * from `exports` and the permission snapshots. `could_read` is NULL where the evidence cannot tell.
 */
export async function buildIntegrationAccess(db: CaseDb): Promise<IntegrationAccessSummary> {
  const ev = await findPermissionEvidence(db);
  await buildPermissionGrants(db, ev);
  const knowsObjects = Boolean(ev.ObjectPermissions && (ev.PermissionSetAssignment || (ev.User && ev.PermissionSet)));
  await db.run(sql`CREATE OR REPLACE TEMP TABLE access_pairs AS
    SELECT DISTINCT org_id, app_id, user_id, left(user_id, 15) AS user15 FROM exports WHERE user_id IS NOT NULL`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE access_did AS
    SELECT org_id, app_id, user_id, any_value(object ORDER BY object) AS object, lower(object) AS object_key,
      bool_or(NOT count_only) AS did_read,
      sum(rows) FILTER (WHERE NOT count_only) AS rows_read,
      min(start_ts) FILTER (WHERE NOT count_only) AS first_read,
      max(end_ts) FILTER (WHERE NOT count_only) AS last_read
    FROM exports WHERE user_id IS NOT NULL AND object IS NOT NULL AND object <> '?' GROUP BY org_id, app_id, user_id, lower(object)`);
  await db.run(sql`CREATE OR REPLACE TABLE integration_access AS
    WITH all_objects AS (SELECT DISTINCT user15, '*' AS object, via FROM access_grants WHERE object = '*'),
    universe AS (SELECT any_value(object ORDER BY object) AS object FROM (
        SELECT object FROM access_grants WHERE object <> '*' UNION ALL SELECT object FROM access_did) GROUP BY lower(object)),
    candidates AS (
      SELECT p.org_id, p.app_id, p.user_id, p.user15, g.object FROM access_pairs p JOIN access_grants g USING (user15)
      UNION SELECT p.org_id, p.app_id, p.user_id, p.user15, u.object FROM access_pairs p JOIN all_objects a USING (user15) CROSS JOIN universe u
      UNION SELECT org_id, app_id, user_id, left(user_id, 15), object FROM access_did),
    keyed AS (SELECT DISTINCT ON (org_id, app_id, user_id, lower(object)) * FROM candidates ORDER BY org_id, app_id, user_id, lower(object), object)
    SELECT c.org_id, c.app_id, c.user_id, c.object,
      CASE WHEN ${FILE_OBJECT} THEN NULL WHEN a.user15 IS NOT NULL OR g.user15 IS NOT NULL THEN true WHEN ${knowsObjects} THEN false END AS could_read,
      CASE WHEN ${FILE_OBJECT} THEN ${FILE_SHARING} ELSE nullif(concat_ws('; ', g.via, a.via), '') END AS via,
      CASE WHEN ${FILE_OBJECT} THEN NULL WHEN a.user15 IS NOT NULL OR g.view_all THEN true WHEN g.user15 IS NOT NULL THEN false END AS view_all,
      CASE WHEN ${FILE_OBJECT} THEN 'file_sharing' ELSE 'object_permissions' END AS governed_by,
      coalesce(d.did_read, false) AS did_read,
      CASE WHEN d.did_read THEN d.rows_read ELSE 0 END AS rows_read,
      d.first_read, d.last_read
    FROM keyed c
    LEFT JOIN access_grants g ON g.user15 = c.user15 AND g.object <> '*' AND lower(g.object) = lower(c.object)
    LEFT JOIN (SELECT user15, string_agg(via, '; ' ORDER BY via) AS via FROM all_objects GROUP BY user15) a ON a.user15 = c.user15
    LEFT JOIN access_did d ON d.org_id IS NOT DISTINCT FROM c.org_id AND d.app_id IS NOT DISTINCT FROM c.app_id
      AND d.user_id = c.user_id AND d.object_key = lower(c.object)
    ORDER BY c.org_id, c.app_id, c.user_id, c.object = '*' DESC, c.object`);
  await db.run(sql`CREATE OR REPLACE TABLE integration_field_access AS
    SELECT p.org_id, p.app_id, p.user_id, f.object, f.field, f.via, coalesce(d.did_read, false) AS object_read
    FROM access_pairs p JOIN access_field_grants f USING (user15)
    LEFT JOIN access_did d ON d.org_id IS NOT DISTINCT FROM p.org_id AND d.app_id IS NOT DISTINCT FROM p.app_id
      AND d.user_id = p.user_id AND d.object_key = lower(f.object)
    ORDER BY ALL`);
  const s = await db.one<{ integrations: number; objectsRead: number; couldReadNeverRead: number }>(sql`SELECT
      (SELECT count(*) FROM access_pairs)::BIGINT AS integrations,
      count(*) FILTER (WHERE did_read)::BIGINT AS "objectsRead",
      count(*) FILTER (WHERE could_read AND NOT did_read AND object <> '*')::BIGINT AS "couldReadNeverRead"
    FROM integration_access`);
  for (const t of ['access_pairs', 'access_did', 'access_holds', 'access_sets', 'access_grants', 'access_field_grants']) await db.run(sql`DROP TABLE IF EXISTS ${raw(t)}`);
  const evidence = Object.keys(ev).sort();
  const warnings: string[] = [];
  if (!evidence.some((o) => o !== 'User')) warnings.push('Could read vs did read: the case holds no Profile, PermissionSet, PermissionSetAssignment, ObjectPermissions or FieldPermissions export, so what each integration could read is unknown (could_read is null); only what it did read is listed.');
  else if (!knowsObjects) warnings.push(`Could read vs did read: object permissions need ObjectPermissions with PermissionSetAssignment (or User and PermissionSet) exports; the case has ${evidence.join(', ')}, so object-level could_read is unknown except where View All Data / Modify All Data grants everything.`);
  return { ...(s ?? { integrations: 0, objectsRead: 0, couldReadNeverRead: 0 }), evidence, warnings };
}
