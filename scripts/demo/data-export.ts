/**
 * The org's weekly Data Export (Setup → Data Export), ordinary administration: on the first Wednesday the setup
 * admin clicks "Export Now" and then schedules the export weekly; each run's two zip files are downloaded from
 * Setup in a browser session (UI login, then `/servlet/servlet.OrgExport?fileName=WE_<org>_<n>.ZIP&id=<file id>` in
 * the URI log). The Setup Audit Trail rows go into the audit-trail export (response.ts); the runs are the truth.
 */
import { DAY, HOUR, MINUTE, PERIOD_FROM, SECOND, SNAPSHOT_AT, isoMillis, utc } from './clock.js';
import type { Sim } from './api-calls.js';
import { id18Of, ORG_ID15 } from './keys.js';
import type { Org, OrgUser } from './model.js';
import { uiLogin } from './traffic-ui.js';

/** A Setup Audit Trail row of the Data Export section (the admin of response.ts is its CreatedById). */
export interface DataExportAuditRow { at: number; action: string; section: string; display: string }

/** One run of the service as an investigator should see it: `data_export` export of every object, no row count. */
export interface DataExportRun {
  audit: 'request' | 'schedule';
  start: string;
  end: string;
  userId: string; // 18
  username: string;
  sourceIp: string;
  files: { title: string; documentId: string }[];
}

export interface DataExportDemo { auditRows: DataExportAuditRow[]; runs: DataExportRun[] }

/** The action names are illustrative: no real Data Export audit row is in the reference (docs/OUTPUTS.md). */
const REQUESTED_AT = utc(2025, 7, 2, 9, 12, 31);
const SCHEDULED_AT = utc(2025, 7, 2, 9, 14, 5);
const FILES_PER_RUN = 2;

/** The admin who made the org's setup changes (the CreatedById of every Setup Audit Trail row, as in response.ts). */
export function setupAdmin(org: Org): OrgUser {
  return org.users.find((u) => u.role === 'admin' && u.id.id18 !== org.dataLoaderAdmin.id.id18) ?? org.dataLoaderAdmin;
}

/** Writes the runs' logins and downloads into the evidence; returns the audit rows and the runs. */
export function dataExportService(sim: Sim, org: Org): DataExportDemo {
  const { ev, mint, rng } = sim;
  const admin = setupAdmin(org);
  const auditRows: DataExportAuditRow[] = [
    { at: REQUESTED_AT, action: 'dataExportRequested', section: 'Data Export', display: 'Requested a data export (Export Now): include all data, images, documents and attachments' },
    { at: SCHEDULED_AT, action: 'dataExportScheduled', section: 'Data Export', display: 'Scheduled a weekly data export: every Sunday, include all data' },
  ];
  // The Export Now files are ready that afternoon; the scheduled runs on Sundays, downloaded on Monday morning.
  const downloadDays = [utc(2025, 7, 2, 13, 40)];
  for (let day = utc(2025, 7, 7, 8, 50); day < SNAPSHOT_AT; day += 7 * DAY) downloadDays.push(day);
  const runs = downloadDays.filter((d) => d >= PERIOD_FROM && d + HOUR < SNAPSHOT_AT).map((first, i): DataExportRun => {
    const loginKey = mint.sessionKey();
    const sessionKey = mint.sessionKey();
    let at = first + rng.int(0, 20) * MINUTE + rng.int(0, 59_999);
    uiLogin(sim, admin, at, loginKey, 'LOGIN_NO_ERROR');
    const files: DataExportRun['files'] = [];
    let start = 0;
    for (let n = 1; n <= FILES_PER_RUN; n++) {
      at += rng.int(20, 90) * SECOND + rng.int(0, 999);
      start ||= at;
      const file = mint.recordId('092');
      const title = `WE_${id18Of(ORG_ID15)}_${n}.ZIP`;
      ev.addElf('URI', at, {
        REQUEST_ID: mint.tid(), USER_ID: admin.id.id15, RUN_TIME: String(rng.int(400, 2500)), CPU_TIME: String(rng.int(20, 90)),
        URI: `/servlet/servlet.OrgExport?fileName=${title}&id=${file.id15}`, SESSION_KEY: sessionKey, LOGIN_KEY: loginKey, REQUEST_STATUS: '',
        DB_TOTAL_TIME: String(rng.int(2_000_000, 9_000_000)), DB_BLOCKS: '', DB_CPU_TIME: '',
        REFERRER_URI: 'northwind-demo.my.salesforce-setup.com/ui/setup/export/DataExportPage/d', CLIENT_IP: admin.ip, URI_ID_DERIVED: '',
      });
      files.push({ title, documentId: file.id18 });
    }
    const audit = i === 0 ? 'request' : 'schedule';
    return { audit, start: isoMillis(audit === 'request' ? REQUESTED_AT : start), end: isoMillis(at), userId: admin.id.id18, username: admin.username, sourceIp: admin.ip, files };
  });
  return { auditRows, runs };
}
