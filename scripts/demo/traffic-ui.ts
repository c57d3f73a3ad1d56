/**
 * Staff using Salesforce in the browser on weekdays: UI logins (LOGIN_TYPE `A`), page requests
 * (URI) and, now and then, a sales rep exporting a report to CSV (ReportExport).
 */
import type { Sim } from './api-calls.js';
import { LOGIN_URL } from './api-calls.js';
import { HOUR, MINUTE, SECOND, SNAPSHOT_AT, isWeekday, periodDays } from './clock.js';
import type { SfId } from './keys.js';
import type { Office, Org, OrgUser } from './model.js';

export interface Report {
  id: SfId;
  name: string;
  developerName: string;
  reportType: string;
  columns: string[];
}

const REPORTS: readonly (readonly [string, string, string[]])[] = [
  ['Pipeline by Stage', 'Opportunity', ['OPPORTUNITY_NAME', 'STAGE_NAME', 'AMOUNT', 'CLOSE_DATE']],
  ['Open Leads by Source', 'LeadList', ['FULL_NAME', 'COMPANY', 'LEAD_SOURCE', 'STATUS']],
  ['Contacts by Account', 'ContactList', ['FULL_NAME', 'ACCOUNT.NAME', 'TITLE', 'EMAIL']],
  ['Closed Won This Quarter', 'Opportunity', ['OPPORTUNITY_NAME', 'ACCOUNT_NAME', 'AMOUNT']],
  ['My Accounts', 'AccountList', ['ACCOUNT.NAME', 'TYPE', 'BILLING_COUNTRY']],
];

const FIRST_LOGIN: Readonly<Record<Office, readonly [number, number]>> = {
  boston: [12.5 * HOUR, 3 * HOUR],
  dublin: [7.5 * HOUR, 2 * HOUR],
  remote: [13 * HOUR, 4 * HOUR],
};

/** The saved reports sales reps export. */
export function buildReports(sim: Sim): Report[] {
  return REPORTS.map(([name, reportType, columns]) => ({
    id: sim.mint.recordId('00O'),
    name,
    developerName: name.replace(/[^A-Za-z]+/g, '_'),
    reportType,
    columns,
  }));
}

/** Browser sessions of every active staff member over the period. */
export function uiTraffic(sim: Sim, org: Org, reports: readonly Report[]): void {
  const { rng } = sim;
  const staff = org.users.filter((u) => u.role !== 'integration' && u.isActive);
  for (const day of periodDays()) {
    const records = pageTargets(org, day);
    for (const user of staff) {
      const working = isWeekday(day) ? rng.chance(0.88) : user.role === 'admin' && rng.chance(0.2);
      if (!working) continue;
      const [base, spread] = FIRST_LOGIN[user.office];
      let at = day + base + Math.floor(rng.next() * spread);
      const sessions = rng.chance(0.25) ? 2 : 1;
      for (let s = 0; s < sessions && at < SNAPSHOT_AT; s++) {
        at = browserSession(sim, user, at, records, reports) + rng.int(2, 5) * HOUR;
      }
    }
  }
}

function pageTargets(org: Org, day: number): string[][] {
  const before = <T extends { createdDate: number; id: SfId }>(rows: readonly T[]): string[] =>
    rows.filter((r) => r.createdDate < day).map((r) => r.id.id18);
  return [before(org.contacts), before(org.accounts), before(org.opportunities), before(org.leads)];
}

const OBJECTS = ['Contact', 'Account', 'Opportunity', 'Lead'];

function browserSession(sim: Sim, user: OrgUser, start: number, targets: string[][], reports: readonly Report[]): number {
  const { ev, mint, rng } = sim;
  let at = start;
  if (rng.chance(0.015)) {
    uiLogin(sim, user, at, '', 'LOGIN_ERROR_INVALID_PASSWORD');
    at += rng.int(20, 90) * SECOND;
  }
  const loginKey = mint.sessionKey();
  const sessionKey = mint.sessionKey();
  uiLogin(sim, user, at, loginKey, 'LOGIN_NO_ERROR');
  const pages = rng.int(4, 14);
  const exportAt = user.role === 'sales' && rng.chance(0.07) ? rng.int(1, pages - 1) : -1;
  for (let p = 0; p < pages; p++) {
    at += rng.int(20, 900) * SECOND + rng.int(0, 999);
    if (at >= SNAPSHOT_AT) break;
    const kind = rng.int(0, OBJECTS.length - 1);
    const target = rng.pick(targets[kind] ?? []);
    const object = OBJECTS[kind] ?? 'Contact';
    const classic = rng.chance(0.12);
    const runTime = rng.int(15, 400);
    ev.addElf('URI', at, {
      REQUEST_ID: mint.tid(), USER_ID: user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(Math.floor(runTime * 0.6)),
      URI: classic ? `/${target.slice(0, 15)}` : '/aura', SESSION_KEY: sessionKey, LOGIN_KEY: loginKey, REQUEST_STATUS: '',
      DB_TOTAL_TIME: String(runTime * rng.int(20_000, 90_000)), DB_BLOCKS: '', DB_CPU_TIME: '',
      REFERRER_URI: classic ? '' : `northwind-demo.lightning.force.com/lightning/r/${object}/${target}/view`,
      CLIENT_IP: user.ip, URI_ID_DERIVED: classic ? target : '',
    });
    if (p === exportAt) {
      const report = rng.pick(reports);
      ev.addElf('ReportExport', at + rng.int(5, 40) * SECOND, {
        REQUEST_ID: mint.requestId(), USER_ID: user.id.id15, RUN_TIME: '', CPU_TIME: '', URI: `/${report.id.id18}`,
        SESSION_KEY: sessionKey, LOGIN_KEY: loginKey, CLIENT_INFO: user.userAgent, REPORT_DESCRIPTION: reportDescription(report),
        CLIENT_IP: user.ip, URI_ID_DERIVED: report.id.id18,
      });
    }
  }
  return at + rng.int(1, 30) * MINUTE;
}

/** A browser login (LOGIN_TYPE `A`): also the start of the admin's Setup sessions (data-export.ts). */
export function uiLogin(sim: Sim, user: OrgUser, at: number, loginKey: string, status: string): void {
  const { ev, mint, rng } = sim;
  const runTime = rng.int(60, 400);
  ev.addElf('Login', at, {
    REQUEST_ID: mint.requestId(), USER_ID: user.id.id15, RUN_TIME: String(runTime), CPU_TIME: String(rng.int(10, 60)),
    URI: '/index.jsp', SESSION_KEY: '', LOGIN_KEY: loginKey, USER_TYPE: 'Standard', REQUEST_STATUS: '',
    DB_TOTAL_TIME: String(runTime * rng.int(200_000, 500_000)), LOGIN_TYPE: 'A', BROWSER_TYPE: user.userAgent, API_TYPE: '',
    API_VERSION: '9998.0', USER_NAME: user.username, TLS_PROTOCOL: 'TLSv1.3', CIPHER_SUITE: 'TLS_AES_128_GCM_SHA256',
    LOGIN_URL, AUTHENTICATION_METHOD_REFERENCE: '', LOGIN_SUB_TYPE: '', AUTHENTICATION_SERVICE_ID: '', CLIENT_IP: user.ip,
    URI_ID_DERIVED: '', LOGIN_STATUS: status, SOURCE_IP: user.ip, FORWARDED_FOR_IP: '',
  });
}

/** REPORT_DESCRIPTION as Lightning writes it for a CSV ("details only") export: URL-encoded runReportJson, `xf=csv`. */
export function reportDescription(report: Report): string {
  const runReportJson = {
    reportMetadata: {
      aggregates: ['RowCount'], currency: 'USD', detailColumns: report.columns, developerName: report.developerName,
      hasDetailRows: true, hasRecordCount: true, id: report.id.id18, name: report.name, reportFormat: 'TABULAR',
      reportType: { label: report.name, type: report.reportType }, scope: 'organization',
    },
  };
  const encoded = encodeURIComponent(JSON.stringify(runReportJson)).replace(/%20/g, '+');
  return `?jsonFormat=api&isdtp=p1&enc=UTF-8&skipFooter=true&lexExport=true&export=Export&runReportJson=${encoded}&xf=csv`;
}
