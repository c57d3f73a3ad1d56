/**
 * Reconstruction, step 4: the channels that are not API queries. A ReportExport row is one export;
 * the RTEM ReportEvent of the same run (same session, within 10 s) joins it and gives its rows, and
 * a ReportEvent that exported with no ReportExport twin is a `report_run` of its own. Each
 * ListViewEvent row is a `list_view` export. File downloads (ContentTransfer, FileEvent,
 * DocumentAttachmentDownloads) of one REQUEST_ID are one `file_download` export.
 */
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';

/** A ReportEvent and its ReportExport twin are logged within this many ms. */
export const REPORT_TWIN_MS = 10_000;

/** Report exports and report runs into `rc_x` / `rc_members`. */
export async function groupReports(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_report_twin AS
    SELECT r.event_id AS run_id, c.event_id AS export_id FROM
      (SELECT *, unnest([b - 1, b, b + 1]) AS jb FROM (SELECT *, epoch_ms(ts) // ${REPORT_TWIN_MS}::BIGINT AS b FROM rc_ev WHERE fam = 'report_run')) r
    JOIN (SELECT *, epoch_ms(ts) // ${REPORT_TWIN_MS}::BIGINT AS b FROM rc_ev WHERE fam = 'report') c ON c.sess = r.sess AND c.b = r.jb
    WHERE abs(epoch_ms(c.ts) - epoch_ms(r.ts)) <= ${REPORT_TWIN_MS}::BIGINT AND (r.org_id IS NULL OR r.org_id = c.org_id)
    QUALIFY row_number() OVER (PARTITION BY r.event_id ORDER BY abs(epoch_ms(c.ts) - epoch_ms(r.ts)), c.event_id) = 1`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_report_twin1 AS SELECT * FROM rc_report_twin
    QUALIFY row_number() OVER (PARTITION BY export_id ORDER BY run_id) = 1`);
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis, object)
    SELECT e.event_id, 'report_export', e.org_id, r.rows, coalesce(e.request_id, 'event:' || e.event_id), coalesce(r.entity, 'Report')
    FROM rc_ev e LEFT JOIN (SELECT t.export_id, r.rows, r.entity FROM rc_ev r JOIN rc_report_twin1 t ON t.run_id = r.event_id) r
      ON r.export_id = e.event_id
    WHERE e.fam = 'report'`);
  await db.run(sql`INSERT INTO rc_members SELECT event_id, event_id, 'report_export' FROM rc_ev WHERE fam = 'report'
    UNION ALL SELECT export_id, run_id, 'report_run' FROM rc_report_twin1`);
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis, object)
    SELECT event_id, 'report_run', org_id, rows, coalesce(request_id, 'event:' || event_id), coalesce(entity, 'Report') FROM rc_ev
    WHERE fam = 'report_run' AND event_id NOT IN (SELECT run_id FROM rc_report_twin1)`);
  await db.run(sql`INSERT INTO rc_members SELECT event_id, event_id, 'report_run' FROM rc_ev
    WHERE fam = 'report_run' AND event_id NOT IN (SELECT run_id FROM rc_report_twin1)`);
  await db.run(sql`DROP TABLE rc_report_twin`);
  await db.run(sql`DROP TABLE rc_report_twin1`);
}

/** List-view exports and file downloads into `rc_x` / `rc_members`. */
export async function groupListViewsAndFiles(db: CaseDb): Promise<void> {
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis)
    SELECT event_id, 'list_view', org_id, rows, 'event:' || event_id FROM rc_ev WHERE fam = 'list_view'`);
  await db.run(sql`INSERT INTO rc_members SELECT event_id, event_id, 'list_view' FROM rc_ev WHERE fam = 'list_view'`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_files AS
    SELECT *, min(event_id) OVER (PARTITION BY org_id, coalesce(request_id, 'event:' || event_id)) AS anchor_id FROM rc_ev WHERE fam = 'file'`);
  await db.run(sql`INSERT INTO rc_x (anchor_id, channel, org_id, rows, basis, object)
    SELECT anchor_id, 'file_download', any_value(org_id), count(DISTINCT file_key),
      coalesce(any_value(request_id), 'event:' || anchor_id), 'File'
    FROM rc_files GROUP BY anchor_id`);
  await db.run(sql`INSERT INTO rc_members SELECT anchor_id, event_id, 'file_download' FROM rc_files`);
  await db.run(sql`DROP TABLE rc_files`);
}
