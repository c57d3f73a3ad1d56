/**
 * The secrets scan (issue #8): credentials in the free text of the exposed records, so they get rotated. Reads
 * `exposures` and the snapshots, writes `exposed_secrets` (docs/DATA_MODEL.md); everything runs as SQL in DuckDB,
 * JavaScript only walks the snapshots and the rules. Progress per step, cancellable between statements.
 */
import type { CaseDb } from '../store/duck.js';
import { raw, sql } from '../store/sql.js';
import { finishCells, readSnapshotCells, startCells, type SnapshotScan } from './secretsCells.js';
import { filterFindings, pairCandidates, runRule, writeExposedSecrets } from './secretsFindings.js';
import { loadSecretPatterns, type SecretRuleSet } from './secretsRules.js';
import { compilableRules, createRuleTables, type LeftOutRule } from './secretsTables.js';

/** What the scan found, in figures and sentences (the findings themselves stay in `exposed_secrets`). */
export interface SecretsScan {
  /** Exposed records with at least one finding. */
  records: number;
  findings: number;
  /** Findings per rule: `{ruleId, records}`, most records first. */
  kinds: { ruleId: string; records: number }[];
  scannedRecords: number;
  scannedFields: number;
  /** The one sentence for the summary: what was found and that it must be rotated, or why nothing was. */
  summary: string;
  notes: string[];
  ruleSets: SecretRuleSet[];
  rulesRun: number;
  leftOut: LeftOutRule[];
  cancelled: boolean;
}

/** Scans the exposed records' text for secrets into `exposed_secrets`; progress per snapshot and rule. */
export async function scanExposedSecrets(
  db: CaseDb,
  resourcesDir: string,
  options: { signal?: AbortSignal; onStep?: (step: string, done: number, total: number) => void } = {},
): Promise<SecretsScan> {
  const out: SecretsScan = { records: 0, findings: 0, kinds: [], scannedRecords: 0, scannedFields: 0, summary: '', notes: [], ruleSets: [], rulesRun: 0, leftOut: [], cancelled: false };
  await createEmptyTable(db);
  const patterns = loadSecretPatterns(resourcesDir);
  if (!patterns.ok) {
    out.summary = `Secrets were not scanned: ${patterns.error.message}`;
    out.notes.push(out.summary);
    return out;
  }
  const usable = await compilableRules(db, patterns.value);
  out.ruleSets = patterns.value.sets;
  out.leftOut = [...patterns.value.leftOut, ...usable.leftOut];
  out.rulesRun = usable.rules.length;
  await createRuleTables(db, usable.rules, patterns.value.globalAllowlists);
  const hasExposures = (await db.one(sql`SELECT 1 AS x FROM duckdb_tables() WHERE table_name = 'exposures'`)) !== null;
  const snapshots = hasExposures
    ? await db.all<{ object: string; table_name: string }>(sql`SELECT DISTINCT t.object, t.table_name FROM snapshot_tables t
        WHERE lower(t.object) IN (SELECT DISTINCT lower(object) FROM exposures) ORDER BY t.object`)
    : [];
  const cancelled = (): boolean => options.signal?.aborted === true;
  await startCells(db);
  const keywords = [...new Set(usable.rules.flatMap((r) => r.keywords))];
  const read: SnapshotScan[] = [];
  for (const [i, s] of snapshots.entries()) {
    if (cancelled()) return cancel(db, out);
    options.onStep?.(`Scanning ${s.object} text for secrets`, i, snapshots.length);
    read.push(await readSnapshotCells(db, s.object, s.table_name, keywords));
  }
  for (const r of read) if (r.skipped) out.notes.push(`Secrets scan: ${r.skipped}; its records were not read.`);
  out.scannedRecords = read.reduce((n, r) => n + r.records, 0);
  out.scannedFields = read.reduce((n, r) => n + r.fields, 0);
  await finishCells(db);
  await pairCandidates(db);
  // Only the rules some field holds a keyword of are run (usually a few dozen of the 216).
  const called = new Set((await db.all<{ rule_id: string }>(sql`SELECT DISTINCT rule_id FROM ls_secret_candidates`)).map((r) => r.rule_id));
  const toRun = usable.rules.filter((r) => called.has(r.id));
  for (const [i, rule] of toRun.entries()) {
    if (cancelled()) return cancel(db, out);
    if (i % 10 === 0) options.onStep?.('Matching secret patterns', i, toRun.length);
    await runRule(db, rule);
  }
  if (cancelled()) return cancel(db, out);
  await filterFindings(db);
  await writeExposedSecrets(db);
  await dropWork(db);
  await summarise(db, out);
  return out;
}

async function summarise(db: CaseDb, out: SecretsScan): Promise<void> {
  const totals = await db.one<{ records: number; findings: number }>(sql`SELECT count(DISTINCT (object, record_id))::BIGINT AS records,
    count(DISTINCT (object, record_id, field, rule_id, masked, record))::BIGINT AS findings FROM exposed_secrets`);
  out.records = Number(totals?.records ?? 0);
  out.findings = Number(totals?.findings ?? 0);
  out.kinds = (await db.all<{ rule_id: string; records: number }>(sql`SELECT rule_id, count(DISTINCT (object, record_id))::BIGINT AS records
    FROM exposed_secrets GROUP BY rule_id ORDER BY records DESC, rule_id`)).map((k) => ({ ruleId: k.rule_id, records: Number(k.records) }));
  if (out.scannedRecords === 0) {
    out.summary = 'The secrets scan had nothing to read: no exposed record has a snapshot row with text fields.';
  } else if (out.records === 0) {
    out.summary = `No secrets found in ${out.scannedFields.toLocaleString('en-US')} exposed text field(s) of ${out.scannedRecords.toLocaleString('en-US')} record(s).`;
  } else {
    const kinds = out.kinds.map((k) => `${k.ruleId} (${k.records})`).join(', ');
    out.summary = `${out.records} exposed record(s) contain secrets of ${out.kinds.length} kind(s): ${kinds}; rotate them (secrets.json).`;
  }
  out.notes.push(out.summary);
}

async function cancel(db: CaseDb, out: SecretsScan): Promise<SecretsScan> {
  await dropWork(db);
  out.cancelled = true;
  out.summary = 'The secrets scan was cancelled: exposed_secrets is empty for that reason.';
  out.notes.push(out.summary);
  return out;
}

async function createEmptyTable(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TABLE exposed_secrets (export_id VARCHAR, org_id VARCHAR, object VARCHAR, record_id VARCHAR,
    field VARCHAR, rule_id VARCHAR, description VARCHAR, masked VARCHAR, secret_length INTEGER, tier VARCHAR,
    source_id BIGINT, file VARCHAR, record BIGINT)`);
}

/** The work tables hold unmasked secrets: dropped as soon as `exposed_secrets` is written. */
async function dropWork(db: CaseDb): Promise<void> {
  for (const t of ['ls_secret_findings', 'ls_secret_hits', 'ls_secret_candidates', 'ls_secret_cells', 'ls_secret_cells_raw']) await db.run(sql`DROP TABLE IF EXISTS ${raw(t)}`);
}
