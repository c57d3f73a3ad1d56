/**
 * The detection stage as the investigation runs it: load the rule pack and canaries, build
 * `containment_actions`, run the SQL rules into `flags`, and (until reconstruction is SQL) copy the
 * flags onto the JavaScript export objects so `suspicious` means "has a flag".
 */
import type { LogicalExport, RunProgress } from '../../../../shared/domain.js';
import { fail, ok, type Result } from '../../../../shared/result.js';
import type { CaseDb } from '../../store/duck.js';
import { buildContainment } from '../containment.js';
import { loadCanaries, type CanaryList } from './canaries.js';
import { flagExportTables, readFlags, type FlagProgress, type FlagSummary } from './flagExports.js';
import { loadRulePack } from './pack.js';

export interface DetectOptions {
  resourcesDir: string;
  /** A canary file (`--canaries`). */
  canaryFile?: string;
  signal?: AbortSignal;
  /** The run's progress listener: each rule is reported as phase `analysing`, `current` naming it, files done/total counting rules. */
  onProgress?: (p: RunProgress) => void;
}

function runProgress(p: FlagProgress, started: number): RunProgress {
  return { phase: 'analysing', bytesDone: 0, bytesTotal: 0, files: p.done, filesTotal: p.total, rows: 0, rowsPerSecond: 0, elapsedMs: Math.round(performance.now() - started), current: `flags: ${p.rule}` };
}

/** Runs containment and every rule; sets `suspicious`/`reasons` on the given exports from `flags`. */
export async function detect(db: CaseDb, exports: LogicalExport[], o: DetectOptions): Promise<Result<FlagSummary & { warnings: string[] }>> {
  const pack = loadRulePack(o.resourcesDir);
  if (!pack.ok) return pack;
  let list: CanaryList = { ids: [], warnings: [] };
  if (o.canaryFile) {
    try {
      list = await loadCanaries(db, o.canaryFile);
    } catch (e) {
      return fail('BAD_INPUT', `Cannot read the canary file ${o.canaryFile}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (list.ids.length === 0) list.warnings.push(`The canary file ${o.canaryFile} holds no record id: the canary_record rule checked nothing.`);
  }
  const warnings = list.warnings;
  await buildContainment(db, pack.value.containment);
  const started = performance.now();
  const onProgress = o.onProgress ? (p: FlagProgress): void => o.onProgress!(runProgress(p, started)) : undefined;
  const summary = await flagExportTables(db, pack.value, { canaries: list.ids, signal: o.signal, onProgress });
  if (summary.cancelled) return fail('CANCELLED', 'Investigation cancelled while flagging exports');
  const flags = await readFlags(db, exports.map((x) => x.id));
  for (const x of exports) {
    x.reasons = flags.get(x.id) ?? [];
    x.suspicious = x.reasons.length > 0;
  }
  return ok({ ...summary, warnings });
}
