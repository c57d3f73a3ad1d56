/**
 * A second org in the same case: Southwind (a subsidiary), handed over in its own folder with
 * its own Organization export and its own ORGANIZATION_ID on every log row. Its integration runs
 * a few queries, one of them paged (a query and a nextRecordsUrl page). Nothing of it may merge
 * with Northwind's exports.
 */
import { csvDocument } from './csv.js';
import { elfTimestamp, isoMillis } from './clock.js';
import { ELF_HEADERS, ORGANIZATION_HEADER } from './headers.js';
import { id18Of } from './keys.js';

export const SOUTHWIND = { id15: '00D8d000000SwNd', name: 'Southwind Subsidiary' };
export const SOUTHWIND_USER = '0058d000000SwUs';
export const SOUTHWIND_APP = '0H48d000000SwAp';
export const SOUTHWIND_APP_NAME = 'Southwind Sync';

export interface SecondOrgTruth {
  id: string; // 18
  name: string;
  exports: { channel: 'rest_query'; object: string; rows: number; appName: string }[];
}

const CALLS: { at: string; object: string; pages: number[] }[] = [
  { at: '2025-07-20T09:00:00.000Z', object: 'Contact', pages: [120] },
  { at: '2025-07-20T09:05:00.000Z', object: 'Account', pages: [45] },
  { at: '2025-07-20T09:10:00.000Z', object: 'Lead', pages: [2000, 350] },
];

/** Adds `org-southwind/…` to `files` and returns what it holds. */
export function renderSecondOrg(files: Map<string, string>): SecondOrgTruth {
  const rest: string[][] = [];
  const usage: string[][] = [];
  let n = 0;
  for (const c of CALLS) {
    c.pages.forEach((rows, page) => {
      const ms = Date.parse(c.at) + page * 1500;
      const requestId = `4SwNd${String(++n).padStart(17, '0')}-`;
      const uri = page === 0 ? '/services/data/v62.0/query' : `/services/data/v62.0/query/01g8d000000SwQr${String(n).padStart(3, '0')}-${page * 2000}`;
      const values: Record<string, string> = {
        EVENT_TYPE: 'RestApi', TIMESTAMP: elfTimestamp(ms), REQUEST_ID: requestId, ORGANIZATION_ID: SOUTHWIND.id15, USER_ID: SOUTHWIND_USER,
        RUN_TIME: '120', CPU_TIME: '40', URI: uri, SESSION_KEY: 'Sw1sEsSiOnKeY001', LOGIN_KEY: 'Sw1LoGiNkEy00001', USER_TYPE: 'Standard',
        REQUEST_STATUS: 'S', DB_TOTAL_TIME: '40000000', METHOD: 'GET', MEDIA_TYPE: 'application/json;charset=UTF-8', STATUS_CODE: '200',
        USER_AGENT: '9999', ROWS_PROCESSED: String(rows), ENTITY_NAME: c.object, CONNECTED_APP_ID: SOUTHWIND_APP, CLIENT_NAME: 'SouthwindSync/1.0',
        TIMESTAMP_DERIVED: isoMillis(ms), USER_ID_DERIVED: id18Of(SOUTHWIND_USER), CLIENT_IP: '198.18.7.20',
      };
      rest.push(ELF_HEADERS.RestApi.map((h) => values[h] ?? ''));
      const u: Record<string, string> = {
        EVENT_TYPE: 'ApiTotalUsage', TIMESTAMP: elfTimestamp(ms + 2), REQUEST_ID: requestId, ORGANIZATION_ID: SOUTHWIND.id15, USER_ID: SOUTHWIND_USER,
        API_FAMILY: 'REST', API_VERSION: '62.0', API_RESOURCE: uri.replace('/services/data', ''), CLIENT_NAME: 'SouthwindSync/1.0', HTTP_METHOD: 'GET',
        CLIENT_IP: '198.18.7.20', COUNTS_AGAINST_API_LIMIT: '1', CONNECTED_APP_ID: SOUTHWIND_APP, ENTITY_NAME: c.object, STATUS_CODE: '200',
        CONNECTED_APP_NAME: SOUTHWIND_APP_NAME, USER_NAME: 'sync@southwind-demo.com', TIMESTAMP_DERIVED: isoMillis(ms + 2),
      };
      usage.push(ELF_HEADERS.ApiTotalUsage.map((h) => u[h] ?? ''));
    });
  }
  files.set('org-southwind/Organization.csv', csvDocument(ORGANIZATION_HEADER, [[id18Of(SOUTHWIND.id15), SOUTHWIND.name, 'Enterprise Edition', 'EU45', 'Europe/London', '4', 'false']]));
  files.set('org-southwind/elf/RestApi/RestApi-2025-07-20.csv', csvDocument(ELF_HEADERS.RestApi, rest));
  files.set('org-southwind/elf/ApiTotalUsage/ApiTotalUsage-2025-07-20.csv', csvDocument(ELF_HEADERS.ApiTotalUsage, usage));
  return {
    id: id18Of(SOUTHWIND.id15),
    name: SOUTHWIND.name,
    exports: CALLS.map((c) => ({ channel: 'rest_query' as const, object: c.object, rows: c.pages.reduce((a, b) => a + b, 0), appName: SOUTHWIND_APP_NAME })),
  };
}
