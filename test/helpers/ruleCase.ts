/**
 * Rule tests' evidence: Real-Time Event Monitoring ApiEvent rows (and any other files) written as
 * CSV by the test, taken in by the real intake, reconstructed by the SQL reconstruction into the
 * case tables, then flagged by the SQL rules. Nothing is inserted into `exports` by hand.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildContainment } from '../../electron/engine/analysis/containment.js';
import { reconstructExportTables } from '../../electron/engine/analysis/reconstruct.js';
import { flagExportTables, type FlagSummary } from '../../electron/engine/analysis/rules/flagExports.js';
import { loadRulePack, type RulePack, type Thresholds } from '../../electron/engine/analysis/rules/pack.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { intakeEvidence } from '../../electron/engine/intake/intake.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';

export const RESOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources');

export interface Integration {
  appId: string; // 15 characters, as ELF writes it
  name: string;
  userId: string; // 15 characters
  username: string;
}

export interface ApiCall {
  at: string; // ISO instant, unique within a case
  who: Integration;
  ip: string;
  ua: string;
  object: string;
  rows: number;
  count?: boolean;
  session?: string;
  records?: string[];
}

/** A deterministic generator (mulberry32), so every expectation is computed from the same draws. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const q = (v: string): string => `"${v.replaceAll('"', '""')}"`;

/** The ApiEvent export of these calls, as the Event Monitoring Analytics / Data Loader CSV writes it. */
export function apiEventCsv(calls: readonly ApiCall[]): string {
  const header = ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'LoginKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'];
  const sorted = [...calls].sort((a, b) => a.at.localeCompare(b.at));
  const lines = sorted.map((c, i) => {
    const session = c.session ?? `${c.who.appId.slice(-4)}-${c.at.slice(0, 13)}`;
    const query = c.count ? `SELECT COUNT() FROM ${c.object}` : `SELECT Id, Name FROM ${c.object} WHERE LastModifiedDate = LAST_N_DAYS:1`;
    const records = c.records ? JSON.stringify(c.records) : '';
    return [`ev-${String(i).padStart(6, '0')}`, c.at, c.who.userId, c.who.username, session, `L${session}`, c.ip, c.ua, 'REST', 'query', query, c.object, String(c.rows), records, c.who.appId, `req-${i}`].map(q).join(',');
  });
  return [header.map(q).join(','), ...lines].join('\n') + '\n';
}

/** The ConnectedApplication export naming these integrations (so flags name them as an investigator would). */
export function connectedAppsCsv(list: readonly Integration[]): string {
  return csv(['Id', 'Name'], list.map((i) => [i.appId, i.name]));
}

/** A CSV with a header and rows, every value quoted. */
export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

export interface RuleCase {
  db: CaseDb;
  summary: FlagSummary;
  /** Start times (ISO) of the exports flagged with a code, ascending. */
  flaggedAt(code: string): Promise<string[]>;
  /** The flags of a code with the export's start time. */
  flags(code: string): Promise<{ at: string; message: string; evidence: number[]; object: string | null }[]>;
  close(): void;
}

export interface CaseOptions {
  thresholds?: Partial<Thresholds>;
  canaries?: string[];
  /** Rows for `ip_intel` (the IP-intelligence stage's table): ip, country, asn, as_org, network. */
  ipIntel?: [string, string | null, number | null, string | null, string | null][];
  /** Files of the evidence given again with `--org` (the investigator says which org they are of). */
  orgOf?: { path: string; org: string }[];
}

const roots: string[] = [];

/** Writes the files, runs intake → reconstruction → containment → rules, and returns the case. */
export async function runRuleCase(files: Record<string, string>, options: CaseOptions = {}): Promise<RuleCase> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-rules-'));
  roots.push(root);
  const evidence = path.join(root, 'evidence');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(evidence, rel)), { recursive: true });
    writeFileSync(path.join(evidence, rel), content);
  }
  return runRulesOn(evidence, root, options);
}

/** Runs intake → reconstruction → containment → rules on an evidence folder, with the case in `root`. */
export async function runRulesOn(evidence: string, root: string, options: CaseOptions = {}): Promise<RuleCase> {
  const db = await CaseDb.open(path.join(root, 'case.duckdb'));
  const custody = CustodyLog.open(path.join(root, 'custody.sqlite'));
  await migrate(db);
  await intakeEvidence(db, custody, [evidence]);
  for (const o of options.orgOf ?? []) await intakeEvidence(db, custody, [o.path], { org: o.org });
  await reconstructExportTables(db);
  if (options.ipIntel) {
    await db.run(sql`CREATE OR REPLACE TABLE ip_intel (ip VARCHAR, country VARCHAR, asn INTEGER, as_org VARCHAR, network VARCHAR)`);
    for (const [ip, country, asn, org, network] of options.ipIntel) await db.run(sql`INSERT INTO ip_intel VALUES (${ip}, ${country}, ${asn}, ${org}, ${network})`);
  }
  const pack = packWith(options.thresholds);
  await buildContainment(db, pack.containment);
  const summary = await flagExportTables(db, pack, { canaries: options.canaries });
  const flags = async (code: string): Promise<{ at: string; message: string; evidence: number[]; object: string | null }[]> =>
    db.all(sql`SELECT strftime(x.start_ts, '%Y-%m-%dT%H:%M:%S.%gZ') AS at, f.message, f.evidence_event_ids AS evidence, x.object
      FROM flags f JOIN exports x USING (export_id) WHERE f.code = ${code} ORDER BY x.start_ts`);
  return {
    db,
    summary,
    flags,
    flaggedAt: async (code) => (await flags(code)).map((f) => f.at),
    close: () => {
      db.close();
      custody.close();
    },
  };
}

/** The bundled pack with some thresholds changed. */
export function packWith(thresholds: Partial<Thresholds> = {}): RulePack {
  const pack = loadRulePack(RESOURCES);
  if (!pack.ok) throw new Error(pack.error.message);
  return { ...pack.value, thresholds: { ...pack.value.thresholds, ...thresholds } };
}

/** A fresh, temporary case folder (removed by cleanRuleCases). */
export function caseRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ls-rules-'));
  roots.push(root);
  return root;
}

/** Removes every case folder this helper made. */
export function cleanRuleCases(): void {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** ISO instant of a day offset from 2025-07-01 at an hour and minute (UTC). */
export function at(day: number, hour: number, minute = 0, second = 0): string {
  return new Date(Date.UTC(2025, 6, 1 + day, hour, minute, second)).toISOString();
}
