/**
 * What each user could read, from the org's permission exports (sObject snapshots of Profile, PermissionSet,
 * PermissionSetAssignment, ObjectPermissions, FieldPermissions and User): one temporary table of grants
 * (`access_grants`: user, object, via, view_all; object `*` for View All Data / Modify All Data) and one of
 * field grants (`access_field_grants`). Ids are compared on their 15-character form, so 15- and 18-character
 * exports join. A snapshot or column that is absent contributes nothing; the caller says what was there.
 */
import { findSnapshot } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql, type SqlFragment } from '../store/sql.js';

type Snap = { table: string; columns: string[] };
const PERMISSION_OBJECTS = ['Profile', 'PermissionSet', 'PermissionSetAssignment', 'ObjectPermissions', 'FieldPermissions', 'User'] as const;
type PermissionObject = (typeof PERMISSION_OBJECTS)[number];

/** Which permission snapshots the case holds, by object. */
export type PermissionEvidence = Partial<Record<PermissionObject, Snap>>;

/** Finds the permission snapshots of the case. */
export async function findPermissionEvidence(db: CaseDb): Promise<PermissionEvidence> {
  const out: PermissionEvidence = {};
  for (const o of PERMISSION_OBJECTS) {
    const s = await findSnapshot(db, o);
    if (s) out[o] = s;
  }
  return out;
}

/** A column of a snapshot by name (any letter case) as SQL, or NULL when the export lacks it. */
function col(s: Snap | undefined, alias: string, name: string): ReturnType<typeof raw> {
  const c = s?.columns.find((x) => x.toLowerCase() === name.toLowerCase());
  return c ? raw(`${alias}.${ident(c).text}`) : raw('NULL');
}
const id15 = (s: Snap | undefined, alias: string, name: string) => raw(`left(nullif(trim(${col(s, alias, name).text}), ''), 15)`);
const yes = (s: Snap | undefined, alias: string, name: string) => raw(`coalesce(lower(trim(${col(s, alias, name).text})) IN ('true', '1', 'yes'), false)`);

/** Builds `access_grants` and `access_field_grants` (temporary) from the permission evidence. */
export async function buildPermissionGrants(db: CaseDb, ev: PermissionEvidence): Promise<void> {
  const { Profile: pr, PermissionSet: ps, PermissionSetAssignment: psa, ObjectPermissions: op, FieldPermissions: fp, User: us } = ev;
  // Every permission set a user holds: explicit assignments (still active), and the one owned by the user's profile.
  const holds: SqlFragment[] = [];
  if (psa) {
    holds.push(sql`SELECT ${id15(psa, 'a', 'AssigneeId')} AS user15, ${id15(psa, 'a', 'PermissionSetId')} AS ps15 FROM ${ident(psa.table)} a
      WHERE NOT coalesce(lower(trim(${col(psa, 'a', 'IsActive')})) = 'false', false) AND NOT ${yes(psa, 'a', 'IsRevoked')}`);
  }
  if (us && ps) {
    holds.push(sql`SELECT ${id15(us, 'u', 'Id')}, ${id15(ps, 'p', 'Id')} FROM ${ident(us.table)} u
      JOIN ${ident(ps.table)} p ON ${id15(ps, 'p', 'ProfileId')} = ${id15(us, 'u', 'ProfileId')}`);
  }
  await db.run(holds.length
    ? sql`CREATE OR REPLACE TEMP TABLE access_holds AS SELECT DISTINCT user15, ps15 FROM (${joinUnion(holds)}) WHERE user15 IS NOT NULL AND ps15 IS NOT NULL`
    : sql`CREATE OR REPLACE TEMP TABLE access_holds (user15 VARCHAR, ps15 VARCHAR)`);
  // How each permission set is named in `via`: a profile's own set by the profile's name.
  const profileName = pr ? raw(`f.${ident(pr.columns.find((c) => c.toLowerCase() === 'name') ?? 'Id').text}`) : raw('NULL');
  const profileJoin = pr ? sql`LEFT JOIN ${ident(pr.table)} f ON ${id15(pr, 'f', 'Id')} = ${id15(ps, 'p', 'ProfileId')}` : sql``;
  await db.run(ps
    ? sql`CREATE OR REPLACE TEMP TABLE access_sets AS SELECT DISTINCT ON (ps15) * FROM (SELECT ${id15(ps, 'p', 'Id')} AS ps15,
        CASE WHEN ${id15(ps, 'p', 'ProfileId')} IS NOT NULL OR ${yes(ps, 'p', 'IsOwnedByProfile')}
          THEN 'profile ' || coalesce(${profileName}, ${col(ps, 'p', 'Label')}, ${col(ps, 'p', 'Name')}, ${col(ps, 'p', 'Id')})
          ELSE 'permission set ' || coalesce(${col(ps, 'p', 'Label')}, ${col(ps, 'p', 'Name')}, ${col(ps, 'p', 'Id')}) END AS via,
        ${yes(ps, 'p', 'PermissionsViewAllData')} AS view_all_data, ${yes(ps, 'p', 'PermissionsModifyAllData')} AS modify_all_data,
        ${yes(ps, 'p', 'PermissionsDataExport')} AS data_export
      FROM ${ident(ps.table)} p ${profileJoin})`
    : sql`CREATE OR REPLACE TEMP TABLE access_sets AS SELECT DISTINCT ps15, 'permission set ' || ps15 AS via, false AS view_all_data, false AS modify_all_data,
        false AS data_export FROM access_holds`);
  const grants: SqlFragment[] = [
    sql`SELECT h.user15, '*' AS object, s.via || CASE WHEN s.modify_all_data THEN ' (Modify All Data)' ELSE ' (View All Data)' END AS via, true AS view_all
      FROM access_holds h JOIN access_sets s USING (ps15) WHERE s.view_all_data OR s.modify_all_data`,
    // Weekly Data Export: the Data Export service writes every record of every object it includes, whatever the sharing.
    sql`SELECT h.user15, '*', s.via || ' (Weekly Data Export)', true FROM access_holds h JOIN access_sets s USING (ps15) WHERE s.data_export`,
  ];
  if (pr && us) {
    // The profile's own system permissions, also when no PermissionSet export ties the profile to its set.
    grants.push(sql`SELECT ${id15(us, 'u', 'Id')}, '*', 'profile ' || coalesce(${col(pr, 'f', 'Name')}, ${col(pr, 'f', 'Id')})
        || CASE WHEN ${yes(pr, 'f', 'PermissionsModifyAllData')} THEN ' (Modify All Data)' ELSE ' (View All Data)' END, true
      FROM ${ident(us.table)} u JOIN ${ident(pr.table)} f ON ${id15(pr, 'f', 'Id')} = ${id15(us, 'u', 'ProfileId')}
      WHERE ${yes(pr, 'f', 'PermissionsViewAllData')} OR ${yes(pr, 'f', 'PermissionsModifyAllData')}`);
    grants.push(sql`SELECT ${id15(us, 'u', 'Id')}, '*', 'profile ' || coalesce(${col(pr, 'f', 'Name')}, ${col(pr, 'f', 'Id')}) || ' (Weekly Data Export)', true
      FROM ${ident(us.table)} u JOIN ${ident(pr.table)} f ON ${id15(pr, 'f', 'Id')} = ${id15(us, 'u', 'ProfileId')}
      WHERE ${yes(pr, 'f', 'PermissionsDataExport')}`);
  }
  if (op) {
    grants.push(sql`SELECT h.user15, trim(${col(op, 'o', 'SobjectType')}), coalesce(s.via, 'permission set ' || h.ps15),
        ${yes(op, 'o', 'PermissionsViewAllRecords')} OR ${yes(op, 'o', 'PermissionsModifyAllRecords')}
      FROM ${ident(op.table)} o JOIN access_holds h ON h.ps15 = ${id15(op, 'o', 'ParentId')} LEFT JOIN access_sets s ON s.ps15 = h.ps15
      WHERE ${yes(op, 'o', 'PermissionsRead')} AND nullif(trim(${col(op, 'o', 'SobjectType')}), '') IS NOT NULL`);
  }
  await db.run(sql`CREATE OR REPLACE TEMP TABLE access_grants AS
    SELECT user15, object, string_agg(DISTINCT via, '; ' ORDER BY via) AS via, bool_or(view_all) AS view_all
    FROM (${joinUnion(grants)}) GROUP BY user15, object`);
  await db.run(fp
    ? sql`CREATE OR REPLACE TEMP TABLE access_field_grants AS
        SELECT h.user15, trim(${col(fp, 'f', 'SobjectType')}) AS object, trim(${col(fp, 'f', 'Field')}) AS field,
          string_agg(DISTINCT coalesce(s.via, 'permission set ' || h.ps15), '; ' ORDER BY coalesce(s.via, 'permission set ' || h.ps15)) AS via
        FROM ${ident(fp.table)} f JOIN access_holds h ON h.ps15 = ${id15(fp, 'f', 'ParentId')} LEFT JOIN access_sets s ON s.ps15 = h.ps15
        WHERE ${yes(fp, 'f', 'PermissionsRead')} GROUP BY ALL`
    : sql`CREATE OR REPLACE TEMP TABLE access_field_grants (user15 VARCHAR, object VARCHAR, field VARCHAR, via VARCHAR)`);
}

function joinUnion(parts: SqlFragment[]): SqlFragment {
  return parts.slice(1).reduce((acc, p) => sql`${acc} UNION ALL ${p}`, parts[0]!);
}
