/**
 * Detection as SQL rules over the case: writes the `flags` table (export_id, code, message,
 * evidence_event_ids) and `daily_volume` from `exports`, `export_events`, `export_records`,
 * `events_attr`, `ip_intel` and `containment_actions`. Every rule is one set-based statement (or a
 * few); progress is reported and cancel checked between rules.
 */
import { withAnalysisPlan } from '../analysisPlan.js';
import type { CaseDb } from '../../store/duck.js';
import { sql } from '../../store/sql.js';
import { createContainmentTable } from '../containment.js';
import { afterContainmentRule } from './afterContainment.js';
import { enumerationRule, reconRule } from './bursts.js';
import { canaryRule, loadCanaryTable } from './canaryRule.js';
import type { FlagCode } from './codes.js';
import { dataExportByIntegrationRule } from './dataExportByIntegration.js';
import { firstObjectRule } from './firstObject.js';
import { buildRuleInputs, dropRuleInputs } from './inputs.js';
import { iocIpRule, iocUserAgentRule, loadIndicatorTables } from './indicators.js';
import { jobDeletedRule } from './jobDeleted.js';
import { newNetworkRule } from './newNetwork.js';
import { offHoursRule } from './offHours.js';
import type { RulePack } from './pack.js';
import type { Rule } from './rule.js';
import { scriptingClientRule } from './scriptingClient.js';
import { buildDailyVolume, volumeRule } from './volume.js';

/** Every rule, in the order they run (the order of codes in SUSPICION_CODES). */
export const RULES: readonly Rule[] = [
  volumeRule, firstObjectRule, newNetworkRule, scriptingClientRule, iocIpRule, iocUserAgentRule, reconRule, enumerationRule,
  offHoursRule, jobDeletedRule, afterContainmentRule, canaryRule, dataExportByIntegrationRule,
];

export interface FlagProgress {
  rule: FlagCode | 'inputs';
  done: number;
  total: number;
}

export interface FlagOptions {
  /** 18-character canary record ids. */
  canaries?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (p: FlagProgress) => void;
}

export interface FlagSummary {
  cancelled: boolean;
  /** Flags written per code (every code present, 0 when the rule found nothing). */
  counts: Record<string, number>;
  flaggedExports: number;
}

/** Replaces the `flags` table with the rules' findings over the reconstruction tables. */
export async function flagExportTables(db: CaseDb, pack: RulePack, options: FlagOptions = {}): Promise<FlagSummary> {
  return withAnalysisPlan(db, () => flagAll(db, pack, options));
}

async function flagAll(db: CaseDb, pack: RulePack, options: FlagOptions): Promise<FlagSummary> {
  const total = RULES.length + 1;
  const cancelled = (): boolean => options.signal?.aborted === true;
  await db.run(sql`DELETE FROM flags`);
  await createContainmentTable(db, false);
  options.onProgress?.({ rule: 'inputs', done: 0, total });
  await buildRuleInputs(db, pack);
  await loadIndicatorTables(db, pack);
  await loadCanaryTable(db, options.canaries ?? []);
  await buildDailyVolume(db, pack.thresholds);
  const ctx = { pack, t: pack.thresholds, canaries: options.canaries ?? [] };
  let done = 1;
  // Cancel interrupts the statement under way too; the flags written so far are dropped with the run.
  const onAbort = (): void => db.connection.interrupt();
  options.signal?.addEventListener('abort', onAbort);
  try {
    for (const rule of RULES) {
      if (cancelled()) break;
      options.onProgress?.({ rule: rule.code, done, total });
      for (const statement of rule.statements(ctx)) await db.run(statement);
      done++;
    }
  } catch (e) {
    if (!cancelled()) throw e;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await dropRuleInputs(db);
    for (const t of [sql`DROP TABLE IF EXISTS rule_ioc_ip`, sql`DROP TABLE IF EXISTS rule_ioc_ua`, sql`DROP TABLE IF EXISTS rule_canaries`]) await db.run(t);
  }
  if (cancelled()) {
    await db.run(sql`DELETE FROM flags`);
    return { cancelled: true, counts: {}, flaggedExports: 0 };
  }
  await fillOwnEvidence(db);
  options.onProgress?.({ rule: RULES.at(-1)!.code, done: total, total });
  const rows = await db.all<{ code: string; n: number }>(sql`SELECT code, count(*)::BIGINT AS n FROM flags GROUP BY code`);
  const counts: Record<string, number> = Object.fromEntries(RULES.map((r) => [r.code, 0]));
  for (const r of rows) counts[r.code] = r.n;
  const flagged = await db.one<{ n: number }>(sql`SELECT count(DISTINCT export_id)::BIGINT AS n FROM flags`);
  return { cancelled: false, counts, flaggedExports: flagged?.n ?? 0 };
}

/**
 * A flag whose rule left its evidence NULL points at its export's own events: filled here, once, for the flagged
 * exports only (the flagged are the build side; every export event is streamed past them once). An export without
 * events (none today: each has its first event) keeps an empty list.
 */
async function fillOwnEvidence(db: CaseDb): Promise<void> {
  await db.run(sql`CREATE OR REPLACE TEMP TABLE flag_own_evidence AS
    SELECT xe.export_id, list_sort(list_distinct(list(xe.event_id))) AS ids
    FROM export_events xe JOIN (SELECT DISTINCT export_id FROM flags WHERE evidence_event_ids IS NULL) f ON f.export_id = xe.export_id
    GROUP BY xe.export_id`);
  await db.run(sql`UPDATE flags SET evidence_event_ids = o.ids FROM flag_own_evidence o
    WHERE flags.evidence_event_ids IS NULL AND flags.export_id = o.export_id`);
  await db.run(sql`UPDATE flags SET evidence_event_ids = []::BIGINT[] WHERE evidence_event_ids IS NULL`);
  await db.run(sql`DROP TABLE flag_own_evidence`);
}

/** The flags of the given exports (one page, e.g. the JavaScript export objects of the bridge), grouped by export. */
export async function readFlags(db: CaseDb, exportIds: readonly string[]): Promise<Map<string, { code: FlagCode; message: string }[]>> {
  if (exportIds.length === 0) return new Map();
  const ids = exportIds.slice(1).reduce((list, id) => sql`${list}, ${id}`, sql`${exportIds[0]!}`);
  const rows = await db.all<{ export_id: string; reasons: { code: FlagCode; message: string }[] }>(sql`
    SELECT export_id, list({'code': code, 'message': message} ORDER BY code) AS reasons FROM flags
    WHERE export_id IN (${ids}) GROUP BY export_id`);
  return new Map(rows.map((r) => [r.export_id, r.reasons]));
}
