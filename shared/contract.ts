/**
 * The one typed API between the UI and the engine. The Electron main process and the loopback
 * web host both validate every request against these schemas (the renderer is untrusted); the
 * preload bridge and the renderer client are typed from `Api`.
 */
import { z } from 'zod';
import type { Channel } from './channels.js';
import { EXPORT_CHANNELS, SUSPICION_CODES, type AffectedRecord, type EvidenceRef, type InvestigationResult, type LogicalExport, type RunProgress, type SuspicionReason } from './domain.js';
import type { CaseStatus } from './caseStatus.js';
import { NOTE_TARGET_KINDS, noteInputSchema, type Note } from './notes.js';
import type { Result } from './result.js';
import { COLLECT_SECRET_PATHS, type CollectProgress, type CollectResult } from './collect.js';
import { DATA_CATEGORIES } from './categories/categories.js';
import type { JurisdictionAssignment, ProfilePreview, ProfileView } from './decisions.js';
import { organisationProfileSchema } from './duties/profile.js';
import type { GeneratedReport, IntegrationDetail, IntegrationsPage, MappingDecision, MappingPreviewView, MappingView, RecentCase, ScopePreview, ReportProgress, ReviewSession, VerifyOutcome } from './workbench.js';

const isoTime = z.string().datetime({ offset: true });
const nonEmpty = z.string().trim().min(1).max(4096);
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const personName = z.string().trim().min(1).max(200);
/** `Object.Field` or `*.Field` (a relationship path too), as the mapping takes it. */
/** An export id as the engine writes it (X-… derived from org, channel and job/request id). */
export const exportIdSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected an export id such as X-3f2a9c0d1e4b');

const mappingKey = z.string().trim().regex(/^(\*|[A-Za-z][A-Za-z0-9_]{0,79})(\.[A-Za-z][A-Za-z0-9_]{0,79}){1,4}$/, 'expected Object.Field or *.Field');
const categoryList = z.array(z.enum(DATA_CATEGORIES)).max(DATA_CATEGORIES.length);
const reason = z.string().trim().min(1, 'a reason is required').max(2000);
/** The record an assignment is about: its org (null when the case knows none), object and 18-character id. */
const recordRef = {
  orgId: z.string().regex(/^00D[A-Za-z0-9]{15}$/, 'expected an 18-character org id').nullable(),
  object: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/),
  recordId: z.string().regex(/^[A-Za-z0-9]{18}$/, 'expected an 18-character record id'),
};
/** A report folder's name under `<case>/reports/` (reportId in caseReports.ts: `20261201-170655`, `-2`…). */
export const reportIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'expected a report id such as 20261201-170655');
/** A file of a report folder as its manifest names it: relative, `/`-separated, never climbing out. */
export const reportFileSchema = z.string().min(1).max(300).regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._/-]+$/, 'expected a file of the report folder, such as affected/US-CA.csv').refine((f) => !f.startsWith('/'), 'expected a relative path');

export const scopeSchema = z
  .object({
    integrations: z.array(nonEmpty).max(200).default([]),
    users: z.array(nonEmpty).max(200).default([]),
    from: isoTime.nullable().default(null),
    to: isoTime.nullable().default(null),
    awareAt: isoTime.nullable().default(null),
    /** Exports taken into scope by hand, in addition to what the rules above select. */
    exportIds: z.array(exportIdSchema).max(10_000).optional(),
    /** Exports left out by hand, even when the rules above select them. */
    excludeExportIds: z.array(exportIdSchema).max(10_000).optional(),
  })
  .strict()
  .refine((s) => !(s.exportIds ?? []).some((id) => (s.excludeExportIds ?? []).includes(id)), { message: 'An export cannot be both taken into and left out of scope', path: ['exportIds'] })
  .refine((s) => s.from === null || s.to === null || Date.parse(s.from) <= Date.parse(s.to), { message: 'From is later than To: no export can fall between them', path: ['from'] });

/** The columns the exports table can be sorted by (a closed list: each maps to one SQL expression in the engine). */
export const EXPORT_SORT_COLUMNS = ['start', 'end', 'rows', 'channel', 'object', 'integration', 'user', 'sourceIp', 'flags', 'id'] as const;
export type ExportSortColumn = (typeof EXPORT_SORT_COLUMNS)[number];
/** The most exports one page may carry. */
export const EXPORT_PAGE_MAX = 500;

const filterValues = z.array(z.string().trim().min(1).max(200)).max(50).default([]);

export const exportFilterSchema = z
  .object({
    orgs: filterValues,
    integrations: filterValues,
    users: filterValues,
    objects: filterValues,
    channels: z.array(z.enum(EXPORT_CHANNELS)).max(EXPORT_CHANNELS.length).default([]),
    ips: filterValues,
    flags: z.array(z.enum(SUSPICION_CODES)).max(SUSPICION_CODES.length).default([]),
    suspicious: z.boolean().nullable().default(null),
    inScope: z.boolean().nullable().default(null),
    from: isoTime.nullable().default(null),
    to: isoTime.nullable().default(null),
    /** Words looked for in the id, object, SOQL, integration, user, IP and user agent (case-insensitive). */
    search: z.string().trim().max(200).default(''),
  })
  .strict();
export type ExportPageFilter = z.output<typeof exportFilterSchema>;

/** An API name (sObject, EventLogFile type or RTEM object), as the collector takes it. */
const apiName = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/, 'expected an API name such as Contact, RestApi or ApiEvent');
/** An org or login address: https, or http only on this machine (a test org on loopback). */
const orgUrl = z
  .string()
  .trim()
  .max(2048)
  .url('expected an address such as https://northwind.my.salesforce.com')
  .refine((u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u), 'expected https:// (http only for 127.0.0.1 or localhost)');

/**
 * How the collector signs in from the app: a pasted access token (held in memory only, never
 * echoed: its messages name no value), or the OAuth 2.0 JWT bearer flow with the connected app's
 * key file. The web login (a browser sign-in) is the CLI's (`leakscope collect --web-login`).
 */
export const collectAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), accessToken: z.string().trim().min(1, 'paste the access token').max(4096, 'too long for an access token').regex(/^[\x21-\x7e]+$/, 'an access token is printable characters without spaces') }).strict(),
  z
    .object({
      kind: z.literal('jwt'),
      keyFile: nonEmpty,
      clientId: z.string().trim().min(1).max(256),
      username: z.string().trim().min(1).max(320),
      loginUrl: orgUrl.default('https://login.salesforce.com'),
    })
    .strict(),
]);

/** The fields of each request that hold a credential: the dispatcher keeps their values out of every message and answer. */
export const SECRET_FIELDS: Partial<Record<Channel, readonly (readonly string[])[]>> = { 'collect.start': COLLECT_SECRET_PATHS };

export const requestSchemas = {
  'app.info': z.object({}).strict(),
  'investigation.run': z
    .object({
      /** May be empty when `caseDir` names an existing case: the run then works on the evidence the case holds (a change of scope). */
      evidencePaths: z.array(nonEmpty).max(1000),
      outDir: nonEmpty.optional(),
      caseDir: nonEmpty.optional(),
      scope: scopeSchema.default({ integrations: [], users: [], from: null, to: null, awareAt: null }),
      /** Chosen by the client so it can ask for progress and cancel while the run is under way. */
      runId: runId.optional(),
      /** The investigator's name for the custody log (the OS user is recorded as well). */
      investigator: z.string().trim().min(1).max(200).optional(),
      /** Take every given file as an export of this sObject (e.g. Contact), whatever its name. */
      asObject: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,79}$/).optional(),
      /** Keep a verified read-only copy of every source in the case's evidence folder. */
      copyEvidence: z.boolean().optional(),
      /** The org (15/18 chars) the snapshots, metadata and RTEM exports taken in come from, where no Organization export stands beside them. */
      org: z.string().regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/).optional(),
      /** A file of canary record ids (one a line, or a CSV with an Id column): an export that logged one is confirmed exfiltration. */
      canaryFile: nonEmpty.optional(),
    })
    .strict()
    .refine((r) => r.evidencePaths.length > 0 || r.caseDir !== undefined, { message: 'Give at least one evidence file or folder (or the case to run again on its own evidence)', path: ['evidencePaths'] }),
  'investigation.progress': z.object({ runId }).strict(),
  'investigation.cancel': z.object({ runId }).strict(),
  'investigation.records': z
    .object({
      caseDir: nonEmpty,
      jurisdiction: z.string().trim().min(1).max(16).optional(),
      /** A record id (15 or 18 characters) or words found in the name or email ("was this person affected?"). */
      search: z.string().trim().max(200).default(''),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    })
    .strict(),
  'source.line': z
    .object({
      caseDir: nonEmpty,
      sourceId: z.number().int().min(1),
      record: z.number().int().min(1),
    })
    .strict(),
  'exports.page': z
    .object({
      caseDir: nonEmpty,
      filter: exportFilterSchema.default(() => exportFilterSchema.parse({})),
      sort: z
        .object({ column: z.enum(EXPORT_SORT_COLUMNS), direction: z.enum(['asc', 'desc']).default('asc') })
        .strict()
        .default({ column: 'start', direction: 'asc' }),
      offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
      limit: z.number().int().min(1).max(EXPORT_PAGE_MAX).default(100),
    })
    .strict(),
  'exports.detail': z.object({ caseDir: nonEmpty, exportId: exportIdSchema }).strict(),
  'case.open': z.object({ caseDir: nonEmpty }).strict(),
  'duties.list': z.object({ caseDir: nonEmpty }).strict(),
  'timeline.get': z.object({ caseDir: nonEmpty, from: isoTime.nullable().default(null), to: isoTime.nullable().default(null) }).strict(),
  'notes.list': z
    .object({
      caseDir: nonEmpty,
      target: z.object({ kind: z.enum(NOTE_TARGET_KINDS), id: z.string().trim().max(200).default('') }).strict().optional(),
      tag: z.string().trim().min(1).max(60).optional(),
      includePrivileged: z.boolean().default(true),
      includeRetracted: z.boolean().default(false),
    })
    .strict(),
  'notes.add': z.object({ caseDir: nonEmpty, note: noteInputSchema, investigator: z.string().trim().min(1).max(200).optional() }).strict(),
  'notes.retract': z
    .object({ caseDir: nonEmpty, noteId: z.string().regex(/^N-\d{1,9}$/), reason: z.string().trim().min(1).max(2000), investigator: z.string().trim().min(1).max(200).optional() })
    .strict(),
  'case.create': z.object({ caseDir: nonEmpty, name: z.string().trim().min(1).max(200).optional(), investigator: personName.optional() }).strict(),
  'case.recent': z.object({}).strict(),
  'case.results': z.object({ caseDir: nonEmpty }).strict(),
  'case.verify': z
    .object({
      caseDir: nonEmpty,
      head: z.string().trim().regex(/^\d+:[0-9a-fA-F]{64}$/, 'expected <seq>:<sha256>').optional(),
      /** Verify this report of the case instead (`leakscope verify <case>/reports/<id>`): its files against its manifest, then the case against the head it recorded. */
      reportId: reportIdSchema.optional(),
    })
    .strict(),
  'report.generate': z.object({ caseDir: nonEmpty, runId: runId.optional(), privileged: z.boolean().default(false), redacted: z.boolean().default(false), investigator: personName.optional() }).strict(),
  /** Electron only: a report's file opened with the system's application for it (the browser host downloads it instead). */
  'report.open': z.object({ caseDir: nonEmpty, reportId: reportIdSchema, file: reportFileSchema }).strict(),
  'report.progress': z.object({ runId }).strict(),
  'report.cancel': z.object({ runId }).strict(),
  'report.list': z.object({ caseDir: nonEmpty }).strict(),
  'review.open': z.object({ caseDir: nonEmpty, reviewer: personName }).strict(),
  'review.close': z.object({ caseDir: nonEmpty }).strict(),
  'mapping.get': z.object({ caseDir: nonEmpty }).strict(),
  'mapping.preview': z.object({ caseDir: nonEmpty, key: mappingKey, categories: categoryList }).strict(),
  'mapping.set': z.object({ caseDir: nonEmpty, key: mappingKey, categories: categoryList, reason: z.string().trim().min(1).max(2000), investigator: personName.optional() }).strict(),
  'mapping.unset': z.object({ caseDir: nonEmpty, key: mappingKey, reason: z.string().trim().min(1).max(2000), investigator: personName.optional() }).strict(),
  /** What a proposed scope would change, against the case's last run (nothing is written). */
  'scope.preview': z.object({ caseDir: nonEmpty, scope: scopeSchema }).strict(),
  'integrations.page': z.object({ caseDir: nonEmpty, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }).strict(),
  'integrations.detail': z.object({ caseDir: nonEmpty, orgId: z.string().trim().max(18).nullable(), appId: z.string().trim().max(18).nullable() }).strict(),
  'collect.start': z
    .object({
      /** The org; with the JWT flow the sign-in answer names it when this is absent. */
      instanceUrl: orgUrl.optional(),
      /** The bundle folder (new or empty, or an earlier bundle of the same org and options, which is continued). */
      outDir: nonEmpty,
      from: isoTime.optional(),
      to: isoTime.optional(),
      /** EventLogFile types and RTEM objects (empty: every log file type and the RTEM objects). */
      types: z.array(apiName).max(200).default([]),
      /** sObjects to snapshot through Bulk API 2.0. */
      objects: z.array(apiName).max(200).default([]),
      queryAll: z.boolean().default(false),
      auth: collectAuthSchema,
      runId: runId.optional(),
    })
    .strict()
    .refine((r) => r.auth.kind !== 'token' || r.instanceUrl !== undefined, { message: 'a pasted access token needs the instance URL of its org', path: ['instanceUrl'] })
    .refine((r) => r.from === undefined || r.to === undefined || Date.parse(r.from) < Date.parse(r.to), { message: 'From must be before To', path: ['from'] }),
  'collect.progress': z.object({ runId }).strict(),
  'collect.cancel': z.object({ runId }).strict(),
  'jurisdiction.codes': z.object({}).strict(),
  'jurisdiction.assign': z.object({ caseDir: nonEmpty, ...recordRef, jurisdiction: z.string().trim().regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'expected a code such as US-CA or DE'), reason, investigator: personName.optional() }).strict(),
  'jurisdiction.unassign': z.object({ caseDir: nonEmpty, ...recordRef, reason, investigator: personName.optional() }).strict(),
  'profile.get': z.object({ caseDir: nonEmpty }).strict(),
  'profile.preview': z.object({ caseDir: nonEmpty, profile: organisationProfileSchema }).strict(),
  'profile.set': z.object({ caseDir: nonEmpty, profile: organisationProfileSchema, reason, investigator: personName.optional() }).strict(),
  'profile.unset': z.object({ caseDir: nonEmpty, reason, investigator: personName.optional() }).strict(),
  /** Electron only: the system's open dialog for evidence files or folders (the browser host cannot give paths: type them). */
  'evidence.pick': z.object({ what: z.enum(['files', 'folders']).default('files') }).strict(),
} satisfies Record<Channel, z.ZodType>;

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  demoEvidencePath: string;
  defaultOutDir: string;
}

export interface RecordsPage {
  total: number;
  offset: number;
  records: AffectedRecord[];
}

export interface SourceLine {
  sourceId: number;
  file: string;
  sha256: string;
  record: number;
  /** The physical line the record starts on (records may span lines), when the source is a CSV file. */
  line: number | null;
  /** The record's text exactly as it stands in the file, when the source is a CSV file. */
  raw: string | null;
  /** Column name → value, exactly as parsed from the source. */
  values: Record<string, string | null>;
}

/** One export as the table lists it: the domain shape (its evidence counted, listed by `exports.detail`) plus org and in-scope. */
export interface ExportListRow extends Omit<LogicalExport, 'evidence'> {
  org: { id: string | null; name: string | null };
  inScope: boolean;
  evidenceCount: number;
}

/** A value of a facet and how many exports of the current filter have it. */
export interface FacetCount {
  value: string;
  /** The name shown for the value (an integration's name for its id), when it differs. */
  label: string | null;
  count: number;
}

export interface ExportsPage {
  total: number;
  offset: number;
  rows: ExportListRow[];
  /** Counts per value for the current filter (each list its 50 largest). */
  facets: { channel: FacetCount[]; flag: FacetCount[]; object: FacetCount[]; integration: FacetCount[] };
  /** Said when the case has no exports at all, so an empty table is not mistaken for "no match". */
  note: string | null;
}

/** One export with everything behind it: its events (role, source line), each flag with its evidence, files. */
export interface ExportDetailResponse extends ExportListRow {
  jobId: string | null;
  jobStatus: string | null;
  deletedAt: string | null;
  /** The export's events in order (at most the first 1,000; `evidenceCount` is the total), each with the role it played. */
  evidence: (EvidenceRef & { role: string })[];
  flags: (SuspicionReason & { evidence: EvidenceRef[] })[];
  files: { documentId: string | null; versionId: string | null; title: string | null; fileType: string | null; sizeBytes: number | null; namedFrom: string }[];
}

/** One notification duty of the last run, as the duties screen lists it (the `duties` table; docs/OUTPUTS.md duties.json). */
export interface DutyRow {
  jurisdiction: string;
  recipient: string;
  step: string | null;
  law: string | null;
  authority: string | null;
  required: 'yes' | 'no' | 'assess';
  why: string;
  people: number;
  peopleSure: number | null;
  /** People in the jurisdiction meeting the trigger that the notice needs (e.g. 501 for California's Attorney General). */
  threshold: number | null;
  /** The data categories exposed to the people of this duty, `;`-separated. */
  categoriesExposed: string | null;
  /** Of them, the categories that trigger this duty under its law, `;`-separated (empty: none does). */
  triggersMet: string | null;
  /** ISO time the notice is due (null: the law sets no fixed period, or ties it to another notice — see dueReason). */
  due: string | null;
  dueReason: string | null;
  citation: string | null;
  verification: string | null;
  /** Where the notice is filed (regulator portal, form, or the page naming the address); null for notices to people. */
  filingUrl: string | null;
  /** How the notice is filed, or what the law says when no filing page was found. */
  filingNote: string | null;
}

/** A mark on the timeline: a flag of interest on an export, or a containment action. */
export interface TimelineMarker {
  t: string;
  kind: 'new_network' | 'indicator' | 'recon' | 'deletion' | 'after_containment' | 'canary' | 'volume' | 'containment';
  /** The flag code, or `containment:<kind>`. */
  code: string;
  label: string;
  exportId: string | null;
}

/** Rows exported per time bucket by integration, with the markers, for one window of the case. */
export interface TimelineResponse {
  from: string | null;
  to: string | null;
  bucket: string | null;
  bucketMs: number | null;
  /** The busiest integrations of the window (rows), then `other`. */
  series: string[];
  /** Only buckets with exports; `rows` by series. */
  buckets: { t: string; rows: Record<string, number>; exports: number; suspicious: number }[];
  /** At most 500, containment actions first kept; `markersTotal` is how many the window holds. */
  markers: TimelineMarker[];
  markersTotal: number;
}

export interface Responses {
  'app.info': AppInfo;
  'investigation.run': InvestigationResult;
  'investigation.progress': RunProgress | null;
  'investigation.cancel': { cancelled: boolean };
  'investigation.records': RecordsPage;
  'source.line': SourceLine;
  'exports.page': ExportsPage;
  'exports.detail': ExportDetailResponse;
  /** Where the case stands, and the review open on it in this host (null: it may be changed). */
  'case.open': CaseStatus & { review: ReviewSession | null };
  'case.create': CaseStatus & { review: ReviewSession | null };
  'case.recent': { cases: RecentCase[] };
  /** The last investigation's results read back from the case tables (nothing re-run). */
  'case.results': InvestigationResult;
  'case.verify': VerifyOutcome;
  'report.generate': GeneratedReport;
  'report.progress': ReportProgress | null;
  'report.cancel': { cancelled: boolean };
  'report.list': { reports: GeneratedReport[] };
  'review.open': { session: ReviewSession; status: CaseStatus };
  'review.close': { closed: boolean };
  'mapping.get': MappingView;
  'mapping.preview': MappingPreviewView;
  'mapping.set': { decisions: MappingDecision[] };
  'mapping.unset': { decisions: MappingDecision[] };
  'scope.preview': ScopePreview;
  'integrations.page': IntegrationsPage;
  'integrations.detail': IntegrationDetail;
  /** The paths chosen (validated in the main process: absolute, existing); empty when the dialog was cancelled. */
  'evidence.pick': { paths: string[]; refused: { path: string; reason: string }[] };
  'report.open': { opened: string };
  'timeline.get': TimelineResponse;
  /** The duties and the awareness time their deadlines run from (null when the case has no evaluated duties). */
  'duties.list': { duties: DutyRow[]; awareAt: string | null; asOf: string | null };
  'notes.list': { notes: Note[] };
  'notes.add': Note;
  'notes.retract': Note;
  'collect.start': CollectResult;
  'collect.progress': CollectProgress | null;
  'collect.cancel': { cancelled: boolean };
  /** The codes a record may be assigned (every rule, ISO country, US state and Canadian province). */
  'jurisdiction.codes': { codes: { code: string; name: string; hasRule: boolean }[] };
  /** The assignments in force after the change (affected and duties already recomputed). */
  'jurisdiction.assign': { assignments: JurisdictionAssignment[] };
  'jurisdiction.unassign': { assignments: JurisdictionAssignment[] };
  'profile.get': ProfileView;
  'profile.preview': ProfilePreview;
  'profile.set': ProfileView;
  'profile.unset': ProfileView;
}

export type RequestOf<C extends Channel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requestSchemas)[C]>;
export type ResponseOf<C extends Channel> = Responses[C];

/** What the renderer sees: one async function per channel, each returning a Result. */
export type Api = { [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> };

/** What a host implements: handlers receive requests already validated and defaulted. */
export type Handlers = { [C in Channel]: (request: ParsedRequestOf<C>) => Promise<Result<ResponseOf<C>>> };
