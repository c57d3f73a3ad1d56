/**
 * Reconstructs logical exports from export events. One SOQL query, one Bulk job or one report
 * export is one logical export, however many log rows describe it: ELF rows and the RTEM row of
 * the same call are merged (by REQUEST_ID, else by session + object + time), Bulk job state rows
 * are grouped by JOB_ID, and REST/SOAP continuation calls (queryMore, nextRecordsUrl) join the
 * query they continue. Every export keeps the events that justify it.
 */
import type { EvidenceRef, ExportChannel, LogicalExport } from '../../../shared/domain.js';
import { returnsRecords } from '../../../shared/soql/ast.js';
import { parseSoql } from '../../../shared/soql/parser.js';
import { parseRecordIds } from '../scoping/recordIds.js';
import { QUERY_EVENT_TYPES, type ExportEvent } from './candidates.js';

export interface ExportContext {
  appNames: Map<string, string>;
  usernames: Map<string, string>;
  loginUserAgents: Map<string, string>;
  sourceFiles: Map<number, { file: string; sha256: string }>;
}

interface Draft {
  channel: ExportChannel;
  events: ExportEvent[];
  rtem: ExportEvent | null;
}

const MATCH_WINDOW_MS = 5_000;
const BULK_WINDOW_MS = 10 * 60_000;
const CONTINUATION_WINDOW_MS = 10 * 60_000;

export interface Reconstruction {
  exports: LogicalExport[];
  /** Record ids Real-Time Event Monitoring logged for an export (its `Records` field), by export id. */
  loggedRecordIds: Map<string, string[]>;
}

/** Groups export events into logical exports (ids X-0001… in time order). */
export function reconstructExports(events: readonly ExportEvent[], ctx: ExportContext): Reconstruction {
  const rtem = events.filter((e) => e.query !== null && QUERY_EVENT_TYPES.includes(e.event_type));
  const jobs = groupJobs(events.filter((e) => e.event_type === 'BulkApi' || e.event_type === 'BulkApi2'));
  const calls = groupContinuations(events.filter((e) => ['RestApi', 'ApexRestApi', 'API'].includes(e.event_type)));
  const drafts: Draft[] = [];
  const usedCalls = new Set<Draft>();
  const usedJobs = new Set<Draft>();
  for (const r of rtem) {
    const isBulk = /bulk/i.test(r.api_type ?? '') || r.event_type === 'BulkApiResultEvent';
    const match = isBulk ? findJob(jobs, usedJobs, r) : findCall(calls, usedCalls, r);
    if (match) {
      (isBulk ? usedJobs : usedCalls).add(match);
      drafts.push({ channel: match.channel, events: [r, ...match.events], rtem: r });
    } else {
      drafts.push({ channel: channelFromApiType(r.api_type), events: [r], rtem: r });
    }
  }
  for (const d of [...calls, ...jobs]) if (!usedCalls.has(d) && !usedJobs.has(d)) drafts.push(d);
  for (const e of events.filter((x) => x.event_type === 'ReportExport')) drafts.push({ channel: 'report_export', events: [e], rtem: null });
  drafts.sort((a, b) => startOf(a) - startOf(b) || a.events[0]!.event_id - b.events[0]!.event_id);
  const exports = drafts.map((d, i) => toExport(d, i, ctx));
  const loggedRecordIds = new Map<string, string[]>();
  drafts.forEach((d, i) => {
    const ids = d.events.flatMap((e) => parseRecordIds(e.records));
    if (ids.length) loggedRecordIds.set(exports[i]!.id, [...new Set(ids)]);
  });
  return { exports, loggedRecordIds };
}

function groupJobs(rows: ExportEvent[]): Draft[] {
  const byJob = new Map<string, ExportEvent[]>();
  for (const r of rows) {
    const key = `${r.event_type}:${r.job_id ?? `row-${r.event_id}`}`;
    byJob.set(key, [...(byJob.get(key) ?? []), r]);
  }
  return [...byJob.values()].map((evs) => ({ channel: evs[0]!.event_type === 'BulkApi2' ? 'bulk_api_2' : 'bulk_api', events: evs, rtem: null }));
}

function groupContinuations(rows: ExportEvent[]): Draft[] {
  const drafts: Draft[] = [];
  for (const r of rows) {
    const continuation = /querymore/i.test(r.method ?? '') || /\/query(all)?\/[a-z0-9]+-\d+/i.test(r.uri ?? '');
    const prev = continuation
      ? [...drafts].reverse().find((d) => sameSession(d.events[0]!, r) && r.ms - last(d).ms <= CONTINUATION_WINDOW_MS)
      : undefined;
    if (prev) prev.events.push(r);
    else drafts.push({ channel: r.event_type === 'API' ? 'soap_query' : 'rest_query', events: [r], rtem: null });
  }
  return drafts;
}

function findCall(calls: Draft[], used: Set<Draft>, r: ExportEvent): Draft | null {
  const free = calls.filter((c) => !used.has(c));
  if (r.request_id) {
    const byId = free.find((c) => c.events.some((e) => e.request_id === r.request_id));
    if (byId) return byId;
  }
  return (
    free.find((c) => sameSession(c.events[0]!, r) && sameObject(c.events[0]!, r) && Math.abs(c.events[0]!.ms - r.ms) <= MATCH_WINDOW_MS) ?? null
  );
}

function findJob(jobs: Draft[], used: Set<Draft>, r: ExportEvent): Draft | null {
  const fits = jobs.filter(
    (j) => !used.has(j) && sameSession(j.events[0]!, r) && sameObject(j.events[0]!, r) && r.ms >= startOf(j) - BULK_WINDOW_MS && r.ms <= last(j).ms + BULK_WINDOW_MS,
  );
  fits.sort((a, b) => Math.abs(startOf(a) - r.ms) - Math.abs(startOf(b) - r.ms));
  return fits[0] ?? null;
}

function sameSession(a: ExportEvent, b: ExportEvent): boolean {
  if (a.session_key && b.session_key) return a.session_key === b.session_key;
  if (a.login_key && b.login_key) return a.login_key === b.login_key;
  return a.user_id !== null && a.user_id === b.user_id;
}

function sameObject(a: ExportEvent, b: ExportEvent): boolean {
  return (a.entity ?? '').toLowerCase() === (b.entity ?? '').toLowerCase();
}

function channelFromApiType(apiType: string | null): ExportChannel {
  const t = (apiType ?? '').toLowerCase();
  if (t.includes('bulk')) return 'bulk_api_2';
  if (t.includes('soap')) return 'soap_query';
  if (t.includes('rest')) return 'rest_query';
  return 'api_query';
}

const startOf = (d: Draft): number => Math.min(...d.events.map((e) => e.ms));
const last = (d: Draft): ExportEvent => d.events.reduce((a, b) => (b.ms >= a.ms ? b : a));
const firstNonNull = <K extends keyof ExportEvent>(evs: ExportEvent[], k: K): ExportEvent[K] | null =>
  evs.find((e) => e[k] !== null && e[k] !== undefined)?.[k] ?? null;

function toExport(d: Draft, index: number, ctx: ExportContext): LogicalExport {
  const evs = d.rtem ? [d.rtem, ...d.events.filter((e) => e !== d.rtem)] : d.events;
  const attributed = evs.find((e) => e.app_basis === 'connected_app_id') ?? evs.find((e) => e.app_id !== null) ?? null;
  const appId = attributed?.app_id ?? null;
  const userId = firstNonNull(evs, 'user_id');
  const loginKey = firstNonNull(evs, 'login_key');
  const query = d.rtem?.query ?? firstNonNull(evs, 'query');
  const parsed = query ? parseSoql(query) : null;
  const rowCounts = evs.map((e) => e.rows).filter((n): n is number => n !== null);
  const start = startOf(d);
  const end = Math.max(...evs.map((e) => e.ms));
  return {
    id: `X-${String(index + 1).padStart(4, '0')}`,
    channel: d.channel,
    integration: { connectedAppId: appId, name: appId ? ctx.appNames.get(appId) ?? null : null, basis: attributed?.app_basis ?? 'none' },
    user: { id: userId, username: (userId ? ctx.usernames.get(userId) : null) ?? firstNonNull(evs, 'username') },
    object: (parsed?.ok ? parsed.value.from : null) ?? firstNonNull(evs, 'entity') ?? reportObject(evs),
    query,
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    rows: rowCounts.length ? Math.max(...rowCounts) : null,
    sourceIp: firstNonNull(evs, 'client_ip'),
    userAgent: firstNonNull(evs, 'user_agent') ?? (loginKey ? ctx.loginUserAgents.get(loginKey) ?? null : null),
    sessionKey: firstNonNull(evs, 'session_key'),
    loginKey,
    requestIds: [...new Set(evs.map((e) => e.request_id).filter((x): x is string => !!x))],
    suspicious: false,
    reasons: [],
    countOnly: parsed?.ok ? !returnsRecords(parsed.value) : false,
    evidence: evs.map((e) => evidenceOf(e, ctx)),
  };
}

function reportObject(evs: ExportEvent[]): string | null {
  return evs[0]?.event_type === 'ReportExport' ? 'Report' : null;
}

function evidenceOf(e: ExportEvent, ctx: ExportContext): EvidenceRef {
  const src = ctx.sourceFiles.get(e.source_id);
  return { sourceId: e.source_id, file: src?.file ?? '', sha256: src?.sha256 ?? '', record: e.source_record, eventType: e.event_type };
}
