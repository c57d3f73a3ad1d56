/**
 * Intake: every file an investigator hands over is hashed and recorded in custody, recognised by
 * its header, and loaded into the case through DuckDB. Sources are only ever read. Files that
 * cannot be used are still hashed and listed, with the reason.
 */
import path from 'node:path';
import type { SourceFile } from '../../../shared/domain.js';
import type { CustodyLog } from '../casestore/custody.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { detectSource } from './detect.js';
import { sha256File } from './hash.js';
import { loadCsvSource } from './load.js';
import { appendEvents, removeDuplicateEvents } from './normalize.js';
import { buildSnapshots } from './snapshots.js';
import { walkEvidence } from './walk.js';

export interface IntakeReport {
  sources: SourceFile[];
  events: number;
  duplicates: number;
  warnings: string[];
}

/** Takes in every file under `paths` and builds the events and snapshot tables. */
export async function intakeEvidence(db: CaseDb, custody: CustodyLog, paths: readonly string[]): Promise<IntakeReport> {
  const { files, problems } = await walkEvidence(paths);
  const warnings = [...problems];
  const snapshotSources: { id: number; object: string; table: string }[] = [];
  let nextId = ((await db.one<{ m: number }>('SELECT coalesce(max(id), 0) AS m FROM sources'))?.m ?? 0) + 1;
  for (const file of files) {
    const id = nextId++;
    const detection = await detectSource(file.path);
    // Hash while DuckDB loads: the hash runs on Node's thread, the load on DuckDB's.
    const hashing = sha256File(file.path);
    let detail = detection.detail;
    let table: string | null = null;
    let rows = 0;
    let rejected = 0;
    if (detection.kind !== 'unknown') {
      const loaded = await loadCsvSource(db, id, file.path);
      ({ table, rows, rejected } = loaded);
      if (detection.kind === 'elf') {
        const t = await db.one<{ t: string | null }>(`SELECT any_value("${headerName(loaded.columns, 'EVENT_TYPE')}") AS t FROM ${table}`);
        detail = t?.t ?? null;
      }
      if (detection.kind === 'elf' || detection.kind === 'rtem') {
        await appendEvents(db, { sourceId: id, table, columns: loaded.columns, fixedEventType: detection.kind === 'rtem' ? detail ?? 'RealTimeEvent' : null });
      } else {
        snapshotSources.push({ id, object: detail!, table });
      }
      if (rejected > 0) warnings.push(`${file.path}: ${rejected} malformed row(s) quarantined (see quarantine list)`);
    } else {
      warnings.push(`${file.path}: not loaded: ${detection.reason}`);
    }
    const sha256 = await hashing;
    const importedAt = new Date().toISOString();
    await db.run(sql`INSERT INTO sources VALUES (${id}, ${file.path}, ${path.basename(file.path)}, ${sha256}, ${file.bytes},
      ${file.modifiedAt}, ${detection.kind}, ${detail}, ${table}, ${detection.header.join(',')}, ${rows}, ${rejected}, 0, ${importedAt})`);
    custody.append('source.imported', { sourceId: id, path: file.path, sha256, bytes: file.bytes, modifiedAt: file.modifiedAt, kind: detection.kind, detail, rows, rejected });
  }
  const { events, duplicates } = await removeDuplicateEvents(db);
  await buildSnapshots(db, snapshotSources);
  return { sources: await listSources(db), events, duplicates, warnings };
}

/** Every source of the case, as the investigator sees it. */
export async function listSources(db: CaseDb): Promise<SourceFile[]> {
  const rows = await db.all<{
    id: number; path: string; name: string; sha256: string; bytes: number; modified_at: string;
    kind: SourceFile['kind']; detail: string | null; rows: number; rejected: number;
  }>('SELECT * FROM sources ORDER BY id');
  return rows.map((r) => ({
    id: r.id, path: r.path, name: r.name, sha256: r.sha256, bytes: r.bytes, modifiedAt: r.modified_at,
    kind: r.kind, detail: r.detail, rows: r.rows, rejectedRows: r.rejected,
  }));
}

function headerName(columns: string[], wanted: string): string {
  return (columns.find((c) => c.toLowerCase() === wanted.toLowerCase()) ?? wanted).replaceAll('"', '""');
}
