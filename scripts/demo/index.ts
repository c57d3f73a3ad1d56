/**
 * The demo org generator: builds a synthetic Salesforce org ("Northwind Demo"), simulates 35
 * days of normal traffic plus one planted incident, and returns every evidence file and the
 * ground truth. Same seed, same bytes.
 */
import { adminTraffic } from './traffic-admin.js';
import type { Sim } from './api-calls.js';
import { Evidence } from './evidence.js';
import { plantIncident } from './incident.js';
import { KeyMint } from './keys.js';
import type { Org } from './model.js';
import { buildAccounts, buildOpportunities } from './org-business.js';
import { buildStaffing } from './org-staff.js';
import { buildContacts, buildLeads } from './people.js';
import { Rng } from './random.js';
import { renderLogs } from './render-logs.js';
import { renderRecords } from './render-records.js';
import { convoChatTraffic, marketingTraffic } from './traffic-integrations.js';
import { buildReports, uiTraffic } from './traffic-ui.js';
import { buildTruth, type DemoTruth } from './truth.js';
import { SNAPSHOT_AT, isoMillis } from './clock.js';
import { csvDocument } from './csv.js';
import { fileDownloads } from './downloads.js';
import { CONTENT_VERSION_HEADER, ORGANIZATION_HEADER } from './headers.js';
import { id18Of, ORG_ID15 } from './keys.js';
import { renderSecondOrg } from './second-org.js';
import { renderSouthwindSnapshot } from './second-org-snapshot.js';
import { renderPermissions } from './permissions.js';
import { renderResponse } from './response.js';
import { listViewExports } from './list-views.js';
import { dataExportService } from './data-export.js';
import { ORG_TIME_ZONE } from './org-staff.js';
import { PLANTED_QUERIES, plantTimeZoneWitness } from './plant.js';
import { buildCases, CASE_QUERY, renderCases, secretsTruth } from './cases.js';

export type { DemoTruth } from './truth.js';

export const DEFAULT_SEED = 20250726;
const ORG_NAME = 'Northwind Demo';
/** Northwind's fiscal year starts in February (Organization.FiscalYearStartMonth). */
const FISCAL_YEAR_START_MONTH = 2;

export interface GeneratedDemo {
  /** File contents keyed by POSIX path relative to the demo folder, sorted by path. */
  files: Map<string, string>;
  /** canaries.txt (beside the evidence, not in it): record ids planted in the org, for `--canaries`. */
  canaries: string;
  truth: DemoTruth;
}

/** Builds the whole demo in memory; the CLI writes it and the tests compare it with the checked-in copy. */
export function generateDemo(seed: number): GeneratedDemo {
  const mint = new KeyMint(new Rng(seed, 'ids'));
  const staffing = buildStaffing(new Rng(seed, 'staff'), mint);
  const accounts = buildAccounts(new Rng(seed, 'accounts'), mint, 400, 8);
  const opportunities = buildOpportunities(new Rng(seed, 'opportunities'), mint, accounts, 600, 20);
  const contacts = buildContacts(new Rng(seed, 'contacts'), mint, accounts, 3000);
  const witness = plantTimeZoneWitness(contacts);
  const { leads, imports } = buildLeads(new Rng(seed, 'leads'), mint, 2000);
  const support = buildCases(new Rng(seed, 'cases'), accounts, contacts);
  const org: Org = { ...staffing, accounts, opportunities, contacts, leads, cases: support.cases, leadImports: imports };

  const ev = new Evidence();
  const sim = (stream: string): Sim => ({ ev, mint, rng: new Rng(seed, stream) });
  const reports = buildReports(sim('reports'));
  uiTraffic(sim('ui'), org, reports);
  const dataLoaderExports = adminTraffic(sim('admin'), org);
  convoChatTraffic(sim('convochat'), org);
  marketingTraffic(sim('marketing'), org);
  const incident = plantIncident(sim('incident'), org);
  const downloads = fileDownloads(sim('downloads'), org);

  const unsorted = new Map<string, string>();
  const listViews = listViewExports(sim('listviews'), org, unsorted); // mints after the rest: earlier ids stay as they were
  const dataExport = dataExportService(sim('dataexport'), org); // mints after the list views, for the same reason
  renderLogs(ev, unsorted);
  renderRecords(org, ev, unsorted);
  renderCases(org.cases, unsorted);
  // At the top of the evidence: every export below it is Northwind's, except org-southwind/ (its own Organization export is nearer).
  unsorted.set('Organization.csv', csvDocument(ORGANIZATION_HEADER, [[id18Of(ORG_ID15), ORG_NAME, 'Enterprise Edition', 'NA224', ORG_TIME_ZONE, String(FISCAL_YEAR_START_MONTH), 'false']]));
  unsorted.set('metadata/ContentVersion.csv', csvDocument(CONTENT_VERSION_HEADER,
    downloads.map((d) => [d.versionId, d.documentId, d.title, d.fileType, String(d.sizeBytes), isoMillis(d.createdDate)])));
  const secondOrg = renderSecondOrg(unsorted);
  const southwindScope = renderSouthwindSnapshot(new Rng(seed, 'southwind'), unsorted, secondOrg);
  const access = renderPermissions(org, unsorted);
  const response = renderResponse(org, ev, unsorted, PLANTED_QUERIES[0]?.at ?? incident.start, dataExport.auditRows);
  const calendar = {
    orgTimeZone: ORG_TIME_ZONE, fiscalYearStartMonth: FISCAL_YEAR_START_MONTH,
    users: [org.convoChatUser, org.marketingUser].map((u) => ({ userId: u.id.id18, username: u.username, timeZone: u.timeZone })),
    timeZoneWitness: { contactId: witness.id.id18, createdDate: isoMillis(witness.createdDate) },
  };
  const files = new Map([...unsorted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const canaryList = pickCanaries(new Rng(seed, 'canaries'), org, ev, listViews.flatMap((v) => v.recordIds));
  const caseQuery = PLANTED_QUERIES.findIndex((q) => q.soql === CASE_QUERY);
  const secrets = secretsTruth(support.planted, new Set(incident.results[caseQuery]?.ids ?? []), ['Id', 'CaseNumber', 'Subject', 'Description', 'Status']);
  const truth = buildTruth(seed, org, incident, { secrets, orgName: ORG_NAME, secondOrg: { ...secondOrg, scope: southwindScope }, downloads, dataLoaderExports, canaries: canaryList, calendar, response, access, listViews, dataExports: dataExport.runs });
  const canaries = ['# Canary records planted in Northwind Demo: one id per line (for --canaries).', ...truth.canaries.map((c) => c.id)].join('\n') + '\n';
  return { files, truth, canaries };
}

/**
 * Canary records: two leads whose ids a logged export names (RTEM `Records` of an ApiEvent in the
 * evidence: confirmed exfiltration) and two leads that no logged export (ApiEvent or ListViewEvent) names.
 */
function pickCanaries(rng: Rng, org: Org, ev: Evidence, alsoLogged: readonly string[]): DemoTruth['canaries'] {
  const logged = new Set<string>(alsoLogged);
  for (const e of ev.apiEvents) {
    if (e.at >= SNAPSHOT_AT || !e.values.Records) continue;
    for (const id of JSON.parse(e.values.Records) as string[]) logged.add(id);
  }
  const leads = org.leads.map((l) => l.id.id18).sort();
  const taken = rng.shuffled(leads.filter((id) => logged.has(id))).slice(0, 2);
  const untouched = rng.shuffled(leads.filter((id) => !logged.has(id))).slice(0, 2);
  return [...taken.map((id) => ({ id, object: 'Lead', exported: true })), ...untouched.map((id) => ({ id, object: 'Lead', exported: false }))];
}

/** truth.json as written next to the evidence (pretty-printed, trailing newline). */
export function truthJson(truth: DemoTruth): string {
  return JSON.stringify(truth, null, 2) + '\n';
}
