/**
 * File downloads by two sales users during the period: a login, the download request in the URI
 * log and the ContentTransfer row of the same REQUEST_ID (the only link from a download to its
 * session), and the ContentVersion snapshot that names each file.
 */
import { DAY, HOUR, MINUTE, PERIOD_FROM } from './clock.js';
import type { Sim } from './api-calls.js';
import { id18Of } from './keys.js';
import type { Org } from './model.js';

export interface FileDownload {
  userId: string; // 18
  username: string;
  at: number;
  versionId: string; // 18
  documentId: string; // 18
  title: string;
  fileType: string;
  sizeBytes: number;
  createdDate: number;
}

const FILES = [
  { title: 'Pricing FY26 (internal)', fileType: 'EXCEL_X', sizeBytes: 48_213, day: 14, hour: 10 },
  { title: 'Partner contacts export', fileType: 'CSV', sizeBytes: 201_877, day: 21, hour: 15 },
];

/** Writes the downloads into the evidence and returns them (with their files) for the truth and the snapshot. */
export function fileDownloads(sim: Sim, org: Org): FileDownload[] {
  const { ev, mint, rng } = sim;
  const sales = org.users.filter((u) => u.role === 'sales' && u.isActive && u.ip !== '').sort((a, b) => (a.id.id18 < b.id.id18 ? -1 : 1));
  return FILES.map((f, i) => {
    const user = sales[i % sales.length]!;
    const version = mint.recordId('068');
    const document = mint.recordId('069');
    const at = PERIOD_FROM + f.day * DAY + f.hour * HOUR + rng.int(0, 50) * MINUTE + rng.int(0, 59_999);
    const loginKey = mint.sessionKey();
    const sessionKey = mint.sessionKey();
    const requestId = mint.tid();
    ev.addElf('URI', at, {
      REQUEST_ID: requestId, USER_ID: user.id.id15, RUN_TIME: '85', CPU_TIME: '30', URI: `/sfc/servlet.shepherd/version/download/${version.id18}`,
      SESSION_KEY: sessionKey, LOGIN_KEY: loginKey, REQUEST_STATUS: '', DB_TOTAL_TIME: '4100000', DB_BLOCKS: '', DB_CPU_TIME: '',
      REFERRER_URI: `northwind-demo.lightning.force.com/lightning/r/ContentDocument/${document.id18}/view`, CLIENT_IP: user.ip, URI_ID_DERIVED: version.id18,
    });
    ev.addElf('ContentTransfer', at + 40, {
      REQUEST_ID: requestId, USER_ID: user.id.id15, DOCUMENT_ID: document.id15, VERSION_ID: version.id15, FILE_TYPE: f.fileType,
      FILE_PREVIEW_TYPE: '', SIZE_BYTES: String(f.sizeBytes), TRANSACTION_TYPE: 'VersionDownloadAction',
      DOCUMENT_ID_DERIVED: id18Of(document.id15), VERSION_ID_DERIVED: id18Of(version.id15),
    });
    return { userId: user.id.id18, username: user.username, at: at + 40, versionId: version.id18, documentId: document.id18, title: f.title, fileType: f.fileType, sizeBytes: f.sizeBytes, createdDate: PERIOD_FROM - 20 * DAY };
  });
}
