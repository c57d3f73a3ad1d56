/**
 * The ground truth of what was planted, for the tests (an oracle independent of the engine)
 * and for humans (resources/demo/truth.json).
 */
import { PERIOD_FROM, SNAPSHOT_AT, isoMillis } from './clock.js';
import type { FileDownload } from './downloads.js';
import type { PlantedIncident } from './incident.js';
import { id18Of, ORG_ID15 } from './keys.js';
import type { SecondOrgTruth } from './second-org.js';
import type { SouthwindScopeTruth } from './second-org-snapshot.js';
import type { DataLoaderExport } from './traffic-admin.js';
import type { Org } from './model.js';
import type { ListViewExport } from './list-views.js';
import type { DataExportRun } from './data-export.js';
import type { AccessTruth } from './permissions.js';
import { ATTACKER_IP, ATTACKER_USER_AGENT, PLANTED_QUERIES } from './plant.js';
import type { ResponseTruth } from './response.js';
import type { PlantedSecret } from './cases.js';

export interface DemoTruth {
  seed: number;
  period: { from: string; to: string };
  snapshotAt: string;
  incident: {
    connectedAppId: string; // 18
    connectedAppName: string;
    userId: string; // 18
    username: string;
    sourceIp: string;
    userAgent: string;
    start: string;
    end: string;
  };
  /** `afterContainment`: made after the token was revoked (flagged access_after_containment). */
  plantedExports: { channel: 'rest_query' | 'bulk_api_2'; object: string; query: string | null; rows: number; countOnly: boolean; afterContainment: boolean }[];
  affectedPersons: { object: 'Contact' | 'Lead'; id: string; jurisdiction: string; exportQueries: string[] }[];
  byJurisdiction: Record<string, number>;
  otherObjects: Record<string, number>;
  unresolved: { object: string; rows: number }[];
  /** The orgs of the case; every export carries one of them, and nothing merges across them. */
  orgs: { id: string; name: string }[];
  /** The second org's exports (each attributed to its app, one of them paged) and its own Contact snapshot's scoped query. */
  secondOrg: SecondOrgTruth & { scope: SouthwindScopeTruth };
  /** The planted Bulk jobs, deleted after download: each stays one export with its deletion time. */
  deletedJobs: { jobId: string; object: string; deletedAt: string }[];
  /** Files downloaded (ContentTransfer), each tied to its session by REQUEST_ID and named from ContentVersion. */
  fileDownloads: { userId: string; username: string; at: string; versionId: string; documentId: string; title: string; fileType: string; sizeBytes: number }[];
  /** Data Loader exports: a query and its queryMore pages, `rows` their sum. */
  dataLoaderExports: { object: string; query: string; rows: number; pages: number; start: string }[];
  /** canaries.txt: record ids planted in the org; `exported` when a planted export with logged ids took it. */
  canaries: { id: string; object: string; exported: boolean }[];
  /** Organization.TimeZoneSidKey / FiscalYearStartMonth and each integration user's TimeZoneSidKey (date literals are evaluated in it). */
  calendar: {
    orgTimeZone: string; fiscalYearStartMonth: number; users: { userId: string; username: string; timeZone: string }[];
    /** A contact the Contact job took only because LAST_N_DAYS:7 is evaluated in the Convo Chat user's time zone (not in UTC). */
    timeZoneWitness: { contactId: string; createdDate: string };
  };
  /** The OauthToken export and the containment recorded in the Setup Audit Trail. */
  response: ResponseTruth;
  /** Could read (permission exports) vs did read (the traffic), per integration. */
  access: AccessTruth[];
  /** List-view exports (RTEM ListViewEvent) by sales reps: one `list_view` export each, with its rows. */
  listViewExports: Omit<ListViewExport, 'recordIds'>[];
  /** Credentials pasted into support cases (scripts/demo/cases.ts); `reported` when a scan of the exposed records must find it. */
  secrets: PlantedSecret[];
  /** Runs of the weekly Data Export service (Setup): one `data_export` export each, attributed to the admin who downloaded its zips. */
  dataExports: DataExportRun[];
}

export interface TruthExtras {
  orgName: string;
  secondOrg: SecondOrgTruth & { scope: SouthwindScopeTruth };
  downloads: readonly FileDownload[];
  dataLoaderExports: readonly DataLoaderExport[];
  canaries: DemoTruth['canaries'];
  calendar: DemoTruth['calendar'];
  response: ResponseTruth;
  access: AccessTruth[];
  listViews: readonly ListViewExport[];
  secrets: PlantedSecret[];
  dataExports: readonly DataExportRun[];
}

type AffectedPerson = DemoTruth['affectedPersons'][number];

/** Derives the truth from the generated records and what each planted query returned. */
export function buildTruth(seed: number, org: Org, incident: PlantedIncident, extras: TruthExtras): DemoTruth {
  const jurisdictionOf = new Map<string, string>();
  for (const c of org.contacts) jurisdictionOf.set(c.id.id18, c.jurisdiction);
  for (const l of org.leads) jurisdictionOf.set(l.id.id18, l.jurisdiction);

  const persons = new Map<string, AffectedPerson>();
  const others = new Map<string, Set<string>>();
  const plantedExports: DemoTruth['plantedExports'] = [];
  const unresolved: DemoTruth['unresolved'] = [];
  PLANTED_QUERIES.forEach((q, i) => {
    const result = incident.results[i];
    if (!result) throw new Error('a result for every planted query');
    plantedExports.push({ channel: q.channel, object: q.object, query: q.inApiEvent ? q.soql : null, rows: result.rows, countOnly: q.countOnly, afterContainment: q.afterRevocation === true });
    if (q.countOnly) return;
    if (!q.inApiEvent) {
      unresolved.push({ object: q.object, rows: result.rows }); // ELF-only: an object and a row count, no query
      return;
    }
    if (q.object === 'Contact' || q.object === 'Lead') {
      for (const id of result.ids) {
        const person = persons.get(id) ?? { object: q.object, id, jurisdiction: jurisdictionOf.get(id) ?? 'ZZ', exportQueries: [] };
        if (!person.exportQueries.includes(q.soql)) person.exportQueries.push(q.soql);
        persons.set(id, person);
      }
    } else {
      const ids = others.get(q.object) ?? new Set<string>();
      for (const id of result.ids) ids.add(id);
      others.set(q.object, ids);
    }
  });

  const affectedPersons = [...persons.values()].sort((a, b) => (a.object === b.object ? cmp(a.id, b.id) : cmp(a.object, b.object)));
  const counts = new Map<string, number>();
  for (const p of affectedPersons) counts.set(p.jurisdiction, (counts.get(p.jurisdiction) ?? 0) + 1);
  const otherObjects: Record<string, number> = {};
  for (const key of [...others.keys()].sort()) otherObjects[key] = others.get(key)?.size ?? 0;

  return {
    seed,
    period: { from: isoMillis(PERIOD_FROM), to: isoMillis(SNAPSHOT_AT) },
    snapshotAt: isoMillis(SNAPSHOT_AT),
    incident: {
      connectedAppId: org.convoChatApp.id.id18,
      connectedAppName: org.convoChatApp.name,
      userId: org.convoChatUser.id.id18,
      username: org.convoChatUser.username,
      sourceIp: ATTACKER_IP,
      userAgent: ATTACKER_USER_AGENT,
      start: isoMillis(incident.start),
      end: isoMillis(incident.end),
    },
    plantedExports,
    affectedPersons,
    byJurisdiction: Object.fromEntries([...counts.entries()].sort(([a], [b]) => cmp(a, b))),
    otherObjects,
    unresolved,
    orgs: [{ id: id18Of(ORG_ID15), name: extras.orgName }, { id: extras.secondOrg.id, name: extras.secondOrg.name }],
    secondOrg: extras.secondOrg,
    deletedJobs: incident.deletedJobs.map((j) => ({ jobId: j.jobId, object: j.object, deletedAt: isoMillis(j.deletedAt) })),
    fileDownloads: extras.downloads.map((d) => ({ userId: d.userId, username: d.username, at: isoMillis(d.at), versionId: d.versionId, documentId: d.documentId, title: d.title, fileType: d.fileType, sizeBytes: d.sizeBytes })),
    dataLoaderExports: extras.dataLoaderExports.filter((x) => x.at < SNAPSHOT_AT).map((x) => ({ object: x.object, query: x.soql, rows: x.rows, pages: x.pages, start: isoMillis(x.at) })),
    canaries: extras.canaries,
    calendar: extras.calendar,
    response: extras.response,
    access: extras.access,
    listViewExports: extras.listViews.map(({ recordIds: _ids, ...v }) => v),
    secrets: extras.secrets,
    dataExports: [...extras.dataExports],
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
