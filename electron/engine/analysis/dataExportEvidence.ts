/**
 * The evidence the weekly Data Export service (Setup → Data Export: "Export Now" / "Schedule Export") leaves, as
 * two temporary tables: `de_req`, its Setup Audit Trail rows (Section "Data Export"), and `de_dl`, each download
 * of one of its zip files through `/servlet/servlet.OrgExport?fileName=WE_<org id>_<n>.ZIP&id=<file id>` in the
 * URI logs (EventLogFile URI, or any event whose URI names the servlet). Each row gets its org (15 characters);
 * a row whose org or time cannot be told is a warning (`rc_warnings`), never a guess.
 */
import { id18SqlExpression } from '../../../shared/ids.js';
import { REC, SOURCE_ID } from '../intake/internalColumns.js';
import { epochMsColumn, findAnySnapshot, SNAPSHOT_ORG } from '../intake/snapshots.js';
import type { CaseDb } from '../store/duck.js';
import { ident, raw, sql, type SqlFragment } from '../store/sql.js';

/**
 * How an audit-trail row of the Data Export section is read. The reference holds no such row, so the Action values
 * are not pinned: the row's Action and Display text decide, first match wins (cancel, schedule, else a request).
 */
const CANCEL = '(?i)cancel|unschedul|delet|stop';
const SCHEDULE = '(?i)schedul';

/** Builds `de_dl` (downloads of Data Export zip files) and `de_req` (Data Export audit rows), each with its org. */
export async function gatherDataExportEvidence(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE TEMP TABLE IF NOT EXISTS rc_warnings (source_id INTEGER, source_record BIGINT, reason VARCHAR)`);
  await gatherDownloads(db);
  await gatherAuditRows(db);
  await assignOrgs(db);
}

async function gatherDownloads(db: CaseDb): Promise<void> {
  // One scan of the events; the file name and file id come from the query string when the log keeps it.
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_dl AS
    SELECT event_id, source_id, source_record, event_type, ts, left(nullif(trim(org_id), ''), 15) AS org15, user_id, username,
      session_key, login_key, client_ip, user_agent, request_id, uri,
      nullif(regexp_extract(uri, '(?i)[?&]fileName=([^&#]+)', 1), '') AS file_name,
      nullif(regexp_extract(uri, '(?i)[?&]id=([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)(?:[&#]|$)', 1), '') AS file_id
    FROM events WHERE uri ILIKE '%servlet.orgexport%'`);
  await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
      event_type || ' row downloads a Data Export file but has no usable timestamp; it is not part of any export' FROM de_dl WHERE ts IS NULL`);
  await db.run(sql`DELETE FROM de_dl WHERE ts IS NULL`);
  // The zip's name carries the org id (WE_00D…_1.ZIP): an org for rows (RTEM) that name none.
  await db.run(sql`UPDATE de_dl SET org15 = left(regexp_extract(file_name, '(00D[a-zA-Z0-9]{12})', 1), 15)
    WHERE org15 IS NULL AND regexp_matches(coalesce(file_name, ''), '00D[a-zA-Z0-9]{12}')`);
}

/**
 * The Setup Audit Trail rows come from every snapshot of it, unassigned ones included: each row is placed on its own
 * (the org its snapshot was assigned, else the org of its CreatedById user in the logs, inferOrgs below), so an
 * audit-trail export that could not be tied to one org still places the rows whose user the logs know, and warns for the rest.
 */
async function gatherAuditRows(db: CaseDb): Promise<void> {
  const found = await findAnySnapshot(db, 'SetupAuditTrail');
  const snap = found ? { table: found.relation, columns: found.columns } : null;
  const pick = (n: string): string | undefined => snap?.columns.find((c) => c.toLowerCase() === n.toLowerCase());
  const col = (n: string): SqlFragment => {
    const c = pick(n);
    return c ? sql`nullif(trim(${ident(c)}), '')` : sql`CAST(NULL AS VARCHAR)`;
  };
  const created = pick('CreatedDate');
  if (!snap || !pick('Section') || !created) {
    await db.run(sql`CREATE OR REPLACE TEMP TABLE de_req (event_id BIGINT, source_id INTEGER, source_record BIGINT, ts TIMESTAMP, audit_id VARCHAR,
      user_id VARCHAR, action VARCHAR, display VARCHAR, kind VARCHAR, org15 VARCHAR)`);
    return;
  }
  const id18 = (n: string): SqlFragment => (pick(n) ? sql`${raw(id18SqlExpression(ident(pick(n)!).text))}` : sql`CAST(NULL AS VARCHAR)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_req AS
    WITH a AS (
      SELECT (${ident(SOURCE_ID)}::BIGINT << 32) + ${ident(REC)}::BIGINT AS event_id, ${ident(SOURCE_ID)}::INTEGER AS source_id,
        ${ident(REC)}::BIGINT AS source_record, epoch_ms(TRY_CAST(${ident(epochMsColumn(created))} AS BIGINT)) AS ts, ${id18('Id')} AS audit_id,
        ${id18('CreatedById')} AS user_id, ${col('Action')} AS action, ${col('Display')} AS display, ${col('Section')} AS section
      , ${pick(SNAPSHOT_ORG) ? sql`left(${ident(SNAPSHOT_ORG)}, 15)` : sql`CAST(NULL AS VARCHAR)`} AS snap_org15
      FROM ${snap.table} s)
    SELECT event_id, source_id, source_record, ts, audit_id, user_id, action, display,
      CASE WHEN regexp_matches(concat_ws(' ', action, display), ${CANCEL}) THEN 'cancel'
           WHEN regexp_matches(concat_ws(' ', action, display), ${SCHEDULE}) THEN 'schedule' ELSE 'request' END AS kind,
      snap_org15 AS org15
    FROM a WHERE lower(section) = 'data export'`);
  await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
      'Setup Audit Trail Data Export row has no usable CreatedDate; it is not part of any export' FROM de_req WHERE ts IS NULL`);
  await db.run(sql`DELETE FROM de_req WHERE ts IS NULL`);
}

/**
 * Downloads without ORGANIZATION_ID take the org of their user's other events; audit rows (a snapshot names no org)
 * take the org of the user who made them; else the case's only org. In a case of several orgs, a row no link
 * reaches keeps no org and is a warning.
 */
async function assignOrgs(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_user_org AS
    SELECT user_id, any_value(left(org_id, 15)) AS org15 FROM events
    WHERE nullif(trim(org_id), '') IS NOT NULL AND user_id IN (SELECT user_id FROM de_dl UNION SELECT user_id FROM de_req)
    GROUP BY user_id HAVING count(DISTINCT left(org_id, 15)) = 1`);
  for (const t of ['de_dl', 'de_req']) {
    await db.run(sql`UPDATE ${ident(t)} SET org15 = u.org15 FROM de_user_org u WHERE ${ident(t)}.org15 IS NULL AND u.user_id = ${ident(t)}.user_id`);
  }
  await db.run(sql`CREATE OR REPLACE TEMP TABLE de_orgs AS SELECT DISTINCT org15 FROM (
      SELECT left(org_id, 15) AS org15 FROM exports UNION ALL SELECT org15 FROM de_dl UNION ALL SELECT org15 FROM de_req) WHERE org15 IS NOT NULL`);
  const orgs = (await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM de_orgs`))?.n ?? 0;
  if (orgs === 1) {
    for (const t of ['de_dl', 'de_req']) await db.run(sql`UPDATE ${ident(t)} SET org15 = (SELECT org15 FROM de_orgs) WHERE org15 IS NULL`);
  } else if (orgs > 1) {
    await db.run(sql`INSERT INTO rc_warnings SELECT source_id, source_record,
        'Data Export download names no org and its user belongs to none known: its org is left empty, not guessed' FROM de_dl WHERE org15 IS NULL
      UNION ALL SELECT source_id, source_record,
        'Setup Audit Trail Data Export row: the case holds several orgs and its user (CreatedById) is in none of their logs, so its org is left empty, not guessed'
      FROM de_req WHERE org15 IS NULL`);
  }
  await db.run(sql`DROP TABLE de_user_org`);
  await db.run(sql`DROP TABLE de_orgs`);
}
