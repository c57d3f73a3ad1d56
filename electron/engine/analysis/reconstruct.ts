/**
 * Reconstruction as set-based SQL: `events` → `exports` (one row per logical export),
 * `export_events` (its events and the role each played), `export_records` (record ids the logs
 * name) and `files` (what each download took). Each step is a few statements over the whole case;
 * JavaScript only sequences them, reports progress and checks for cancel between them.
 * The rules are in docs/OUTPUTS.md ("Logical exports"); the steps are reconEvents, reconCalls,
 * reconBulk, reconOther, reconNames and reconAssemble.
 */
import type { CaseDb } from '../store/duck.js';
import { ident, sql } from '../store/sql.js';
import { withAnalysisPlan } from './analysisPlan.js';
import { buildAttribution } from './attribution.js';
import { createExportTables } from './exportTables.js';
import { writeExportRecords, writeExports, writeFiles } from './reconAssemble.js';
import { attachBulkQueryText, groupBulkJobs } from './reconBulk.js';
import { chainQueryPages, pairRtemWithCalls } from './reconCalls.js';
import { inferOrgs, selectCandidateEvents, setAsideUntimed } from './reconEvents.js';
import { buildNameTables, dropNameTables } from './reconNames.js';
import { reconstructDataExports } from './reconDataExport.js';
import { groupListViewsAndFiles, groupReports } from './reconOther.js';

export interface ReconstructionProgress {
  stage: string;
  done: number;
  total: number;
}

export interface ReconstructOptions {
  signal?: AbortSignal;
  onProgress?: (p: ReconstructionProgress) => void;
}

export interface ReconstructionOutcome {
  cancelled: boolean;
  exports: number;
  /** Rows set aside or doubtful, as `file line: reason` sentences (the first 50; `reconstruction_warnings` holds all). */
  warnings: string[];
  warningCount: number;
}

const STAGES: readonly [string, (db: CaseDb) => Promise<void>][] = [
  ['attribution', buildAttribution],
  ['candidate events', selectCandidateEvents],
  ['rows without a time', setAsideUntimed],
  ['orgs', inferOrgs],
  ['tables', prepareTables],
  ['RTEM and ELF twins', pairRtemWithCalls],
  ['queries and their pages', chainQueryPages],
  ['Bulk API jobs', groupBulkJobs],
  ['Bulk query text', attachBulkQueryText],
  ['reports', groupReports],
  ['list views and file downloads', groupListViewsAndFiles],
  ['names', buildNameTables],
  ['exports', writeExports],
  ['logged record ids', writeExportRecords],
  ['files', writeFiles],
  ['Data Export service', reconstructDataExports],
];

/** Fills the reconstruction tables from the case's events, replacing an earlier run's. */
export async function reconstructExportTables(db: CaseDb, options: ReconstructOptions = {}): Promise<ReconstructionOutcome> {
  return withAnalysisPlan(db, () => reconstruct(db, options));
}

async function reconstruct(db: CaseDb, options: ReconstructOptions): Promise<ReconstructionOutcome> {
  const total = STAGES.length;
  try {
    for (const [i, [stage, step]] of STAGES.entries()) {
      if (options.signal?.aborted) return { cancelled: true, exports: 0, warnings: ['Reconstruction cancelled'], warningCount: 0 };
      options.onProgress?.({ stage, done: i, total });
      await step(db);
    }
    options.onProgress?.({ stage: 'done', done: total, total });
    await db.run(sql`CREATE OR REPLACE TABLE reconstruction_warnings AS
      SELECT w.source_id, w.source_record, s.path AS file, w.reason FROM rc_warnings w LEFT JOIN sources s ON s.id = w.source_id
      ORDER BY w.source_id, w.source_record`);
    const n = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM exports`);
    const count = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM reconstruction_warnings`);
    const first = await db.all<{ file: string | null; source_record: number; reason: string }>(
      sql`SELECT file, source_record, reason FROM reconstruction_warnings ORDER BY source_id, source_record LIMIT 50`,
    );
    const caseWarnings = await multiOrgSnapshotWarning(db);
    return {
      cancelled: false,
      exports: n?.n ?? 0,
      warnings: [...caseWarnings, ...first.map((w) => `${w.file ?? 'unknown file'} record ${w.source_record}: ${w.reason}`)],
      warningCount: (count?.n ?? 0) + caseWarnings.length,
    };
  } finally {
    await dropWorkTables(db);
  }
}

/** Org metadata exports (not records a replay selects): named apart from the record snapshots in the multi-org warning. */
const METADATA_OBJECTS = ['organization', 'connectedapplication', 'user', 'oauthtoken', 'loginhistory', 'contentversion', 'document', 'setupaudittrail',
  'profile', 'permissionset', 'permissionsetassignment', 'objectpermissions', 'fieldpermissions', 'userlogin'];

/** In a case of several orgs, the snapshots intake could not assign to an org (snapshotOrgs.ts) are read for none: said here, where the results are. */
async function multiOrgSnapshotWarning(db: CaseDb): Promise<string[]> {
  const orgs = await db.one<{ n: number }>(sql`SELECT count(DISTINCT org_id)::BIGINT AS n FROM exports`);
  // snapshot_tables holds one row per object and org (tens of rows): sorted here, not in a loop over records.
  const snaps = (await db.all<{ object: string }>(sql`SELECT DISTINCT object FROM snapshot_tables WHERE contains(coalesce(org_basis, ''), 'unassigned') ORDER BY object`))
    .map((s) => ({ object: s.object, metadata: METADATA_OBJECTS.includes(s.object.toLowerCase()) }));
  const records = snaps.filter((s) => !s.metadata).map((s) => s.object);
  const metadata = snaps.filter((s) => s.metadata).map((s) => s.object);
  const held = (orgs?.n ?? 0) > 1 ? `The case holds ${orgs!.n} orgs; ` : 'The case holds several orgs; ';
  const fix = 'import them again with --org <org id>, or put the org\'s Organization export in their folder';
  const out: string[] = [];
  if (records.length) out.push(`${held}the record snapshots (${records.join(', ')}) of some files could not be assigned to an org, so no replay reads them (${fix}).`);
  if (metadata.length) out.push(`${held}the org metadata exports (${metadata.join(', ')}) of some files could not be assigned to an org, so names, could-read vs did-read and containment do not read them (${fix}).`);
  return out;
}

async function prepareTables(db: CaseDb): Promise<void> {
  await createExportTables(db);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_x (anchor_id BIGINT NOT NULL, channel VARCHAR NOT NULL, org_id VARCHAR, rows BIGINT,
    job_id VARCHAR, job_status VARCHAR, deleted_at TIMESTAMP, basis VARCHAR NOT NULL, object VARCHAR)`);
  await db.run(sql`CREATE OR REPLACE TEMP TABLE rc_members (anchor_id BIGINT NOT NULL, event_id BIGINT NOT NULL, role VARCHAR NOT NULL)`);
}

async function dropWorkTables(db: CaseDb): Promise<void> {
  await dropNameTables(db);
  for (const t of ['rc_ev', 'rc_warnings', 'rc_twin', 'rc_jobs', 'rc_x', 'rc_members', 'rc_msize', 'rc_mev', 'rc_agg', 'rc_agg_h', 'rc_ids', 'rc_org18',
    'rc_query_text', 'rc_query_facts', 'rc_ua_text', 'rc_records', 'rc_file_ev', 'rc_units', 'rc_chain', 'rc_chain_fix']) {
    await db.run(sql`DROP TABLE IF EXISTS ${ident(t)}`);
  }
}
