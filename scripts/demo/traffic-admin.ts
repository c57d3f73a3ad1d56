/**
 * The admin's Data Loader work: SOAP Partner API sessions (describe, query, queryMore) a couple
 * of times a week, and the Bulk API v1 lead imports that created the imported leads.
 */
import { bulk1Insert, oauthLogin, soapCall, type ApiSession, type Sim } from './api-calls.js';
import { HOUR, MINUTE, SECOND, SNAPSHOT_AT, isWeekday, periodDays } from './clock.js';
import type { Org } from './model.js';
import { DATA_LOADER_CLIENT } from './org-staff.js';
import { LEAD_IMPORTS } from './people.js';

interface AdminQuery {
  object: string;
  soql: string;
  rows: (org: Org, at: number) => number;
}

const ADMIN_QUERIES: readonly AdminQuery[] = [
  { object: 'Account', soql: 'SELECT Id, Name, Type, BillingCountry FROM Account',
    rows: (org, at) => org.accounts.filter((a) => a.createdDate < at).length },
  { object: 'Lead', soql: "SELECT Id, Email, Status FROM Lead WHERE Status = 'Open - Not Contacted'",
    rows: (org, at) => org.leads.filter((l) => l.createdDate < at && l.status.toLowerCase() === 'open - not contacted').length },
  { object: 'Opportunity', soql: "SELECT Id, Name, StageName, Amount, CloseDate FROM Opportunity WHERE StageName != 'Closed Lost'",
    rows: (org, at) => org.opportunities.filter((o) => o.createdDate < at && o.stageName !== 'Closed Lost').length },
];

/** A Data Loader export as the admin ran it: one query and its queryMore pages (truth for the paged-export check). */
export interface DataLoaderExport {
  object: string;
  soql: string;
  rows: number;
  pages: number;
  at: number;
}

/** Data Loader sessions of the admin, and the lead imports; returns the exports it made. */
export function adminTraffic(sim: Sim, org: Org): DataLoaderExport[] {
  const exports: DataLoaderExport[] = [];
  const { rng } = sim;
  const admin = org.dataLoaderAdmin;
  const login = (at: number): ApiSession =>
    oauthLogin(sim, at, {
      user: admin, app: org.dataLoaderApp, ip: admin.ip, userAgent: DATA_LOADER_CLIENT, clientName: DATA_LOADER_CLIENT,
      subType: 'oauthcode',
    });
  for (const day of periodDays()) {
    if (!isWeekday(day) || !rng.chance(0.4)) continue;
    let at = day + 15 * HOUR + rng.int(0, 300) * MINUTE + rng.int(0, 59_999);
    if (at >= SNAPSHOT_AT) continue;
    const session = login(at);
    const q = rng.pick(ADMIN_QUERIES);
    at += rng.int(3, 9) * SECOND;
    soapCall(sim, session, at, { method: 'describeGlobal', object: '', rows: 0, soql: null });
    at += rng.int(1, 4) * SECOND + rng.int(0, 999);
    soapCall(sim, session, at, { method: 'describeSObjects', object: q.object, rows: 0, soql: null });
    at += rng.int(20, 90) * SECOND + rng.int(0, 999);
    const total = q.rows(org, at);
    soapCall(sim, session, at, { method: 'query', object: q.object, rows: Math.min(total, 500), soql: q.soql });
    exports.push({ object: q.object, soql: q.soql, rows: total, pages: Math.max(1, Math.ceil(total / 500)), at });
    for (let done = 500; done < total; done += 500) {
      at += rng.int(300, 1400);
      soapCall(sim, session, at, { method: 'queryMore', object: q.object, rows: Math.min(500, total - done), soql: q.soql });
    }
  }
  for (const [at, rows] of LEAD_IMPORTS) {
    const session = login(at - rng.int(60, 180) * SECOND);
    soapCall(sim, session, at - rng.int(20, 40) * SECOND, { method: 'describeSObjects', object: 'Lead', rows: 0, soql: null });
    bulk1Insert(sim, session, at - 2 * SECOND, 'Lead', rows);
  }
  return exports;
}
