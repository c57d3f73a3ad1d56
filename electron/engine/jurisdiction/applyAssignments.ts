/**
 * Jurisdictions assigned by hand, applied to `affected` in SQL: the assignments in force are written to the case
 * table `jurisdiction_assignments`, each assigned record's resolved jurisdiction is kept in `affected_resolved` (so
 * an unassignment gives it back), and the record's rows get the code with confidence `assigned` and the basis
 * "assigned by hand (<investigator>: <reason>)". Run after every rebuild of `affected` and after every change; the
 * same decisions always give the same table. JavaScript holds only the decisions (a handful), never the records.
 */
import { ASSIGNED_CONFIDENCE } from '../../../shared/decisions.js';
import type { JurisdictionAssignment } from '../../../shared/decisions.js';
import type { CaseDb } from '../store/duck.js';
import { modeOf, raw, sql, type SqlFragment } from '../store/sql.js';

/** The same record in two tables (aliases are fixed letters of this file, never data). */
const SAME_RECORD = (a: 'a', b: 'r' | 'j'): SqlFragment => sql`${raw(`${a}.object = ${b}.object AND ${a}.id = ${b}.id AND ${a}.org_id IS NOT DISTINCT FROM ${b}.org_id`)}`;

/** Applies `assignments` to `affected`; `rebuilt` says `affected` was just written afresh (nothing to give back). */
export async function applyJurisdictionAssignments(db: CaseDb, assignments: readonly JurisdictionAssignment[], options: { rebuilt: boolean }): Promise<void> {
  if (options.rebuilt) await db.run(sql`DROP TABLE IF EXISTS affected_resolved`);
  await db.run(sql`CREATE TABLE IF NOT EXISTS affected_resolved (org_id VARCHAR, object VARCHAR, id VARCHAR, jurisdiction VARCHAR, jurisdiction_confidence VARCHAR, jurisdiction_basis VARCHAR)`);
  // Every record assigned before gets its resolved jurisdiction back; the assignments in force are then applied anew.
  await db.run(sql`UPDATE affected a SET jurisdiction = r.jurisdiction, jurisdiction_confidence = r.jurisdiction_confidence, jurisdiction_basis = r.jurisdiction_basis
    FROM affected_resolved r WHERE ${SAME_RECORD('a', 'r')}`);
  await db.run(sql`DELETE FROM affected_resolved`);
  await db.run(sql`CREATE OR REPLACE TABLE jurisdiction_assignments (org_id VARCHAR, object VARCHAR NOT NULL, id VARCHAR NOT NULL, jurisdiction VARCHAR NOT NULL,
    assigned_by VARCHAR NOT NULL, reason VARCHAR NOT NULL, assigned_at VARCHAR NOT NULL, previous VARCHAR, custody_seq BIGINT NOT NULL)`);
  if (assignments.length === 0) return;
  await db.appendRows('jurisdiction_assignments', assignments.map((a) => [a.orgId, a.object, a.recordId, a.jurisdiction, a.by, a.reason, a.at, a.previous, String(a.custodySeq)]));
  await db.run(sql`INSERT INTO affected_resolved SELECT a.org_id, a.object, a.id, a.jurisdiction, a.jurisdiction_confidence, a.jurisdiction_basis
    FROM affected a JOIN jurisdiction_assignments j ON ${SAME_RECORD('a', 'j')}`);
  await db.run(sql`UPDATE affected a SET jurisdiction = j.jurisdiction, jurisdiction_confidence = ${ASSIGNED_CONFIDENCE},
      jurisdiction_basis = 'assigned by hand (' || j.assigned_by || ': ' || j.reason || ')'
    FROM jurisdiction_assignments j WHERE ${SAME_RECORD('a', 'j')}`);
}

/** How many `affected` rows (and people among them) one record has in the case: zero when it is not affected. */
export async function affectedRowsOf(db: CaseDb, orgId: string | null, object: string, recordId: string): Promise<{ rows: number; people: number; jurisdiction: string | null; resolved: string | null }> {
  const row = await db.one<{ rows: number; people: number; jurisdiction: string | null }>(sql`
    SELECT count(*)::BIGINT AS rows, count(*) FILTER (WHERE is_person)::BIGINT AS people, ${modeOf(sql`jurisdiction`)} AS jurisdiction
    FROM affected WHERE org_id IS NOT DISTINCT FROM ${orgId} AND object = ${object} AND id = ${recordId}`);
  const resolved = (await db.one(sql`SELECT 1 FROM information_schema.tables WHERE table_name = 'affected_resolved'`))
    ? await db.one<{ jurisdiction: string }>(sql`SELECT jurisdiction FROM affected_resolved WHERE org_id IS NOT DISTINCT FROM ${orgId} AND object = ${object} AND id = ${recordId}`)
    : null;
  return { rows: Number(row?.rows ?? 0), people: Number(row?.people ?? 0), jurisdiction: row?.jurisdiction ?? null, resolved: resolved?.jurisdiction ?? row?.jurisdiction ?? null };
}
