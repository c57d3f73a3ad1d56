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

export type { DemoTruth } from './truth.js';

export const DEFAULT_SEED = 20250726;

export interface GeneratedDemo {
  /** File contents keyed by POSIX path relative to the demo folder, sorted by path. */
  files: Map<string, string>;
  truth: DemoTruth;
}

/** Builds the whole demo in memory; the CLI writes it and the tests compare it with the checked-in copy. */
export function generateDemo(seed: number): GeneratedDemo {
  const mint = new KeyMint(new Rng(seed, 'ids'));
  const staffing = buildStaffing(new Rng(seed, 'staff'), mint);
  const accounts = buildAccounts(new Rng(seed, 'accounts'), mint, 400, 8);
  const opportunities = buildOpportunities(new Rng(seed, 'opportunities'), mint, accounts, 600, 20);
  const contacts = buildContacts(new Rng(seed, 'contacts'), mint, accounts, 3000);
  const { leads, imports } = buildLeads(new Rng(seed, 'leads'), mint, 2000);
  const org: Org = { ...staffing, accounts, opportunities, contacts, leads, leadImports: imports };

  const ev = new Evidence();
  const sim = (stream: string): Sim => ({ ev, mint, rng: new Rng(seed, stream) });
  const reports = buildReports(sim('reports'));
  uiTraffic(sim('ui'), org, reports);
  adminTraffic(sim('admin'), org);
  convoChatTraffic(sim('convochat'), org);
  marketingTraffic(sim('marketing'), org);
  const incident = plantIncident(sim('incident'), org);

  const unsorted = new Map<string, string>();
  renderLogs(ev, unsorted);
  renderRecords(org, ev, unsorted);
  const files = new Map([...unsorted.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files, truth: buildTruth(seed, org, incident) };
}

/** truth.json as written next to the evidence (pretty-printed, trailing newline). */
export function truthJson(truth: DemoTruth): string {
  return JSON.stringify(truth, null, 2) + '\n';
}
