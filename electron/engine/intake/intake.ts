/**
 * Intake: every file an investigator hands over is hashed and recorded in custody, recognised by
 * its header, and loaded into the case through DuckDB. Files of one kind with the same header
 * are loaded together. Sources are only ever read; a file that changes while it is being read is
 * reported. Files that cannot be used are still hashed and listed, with the reason.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceFile } from '../../../shared/domain.js';
import type { CustodyLog } from '../casestore/custody.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { detectSource, type Detection } from './detect.js';
import { sha256File } from './hash.js';
import { loadCsvGroup } from './load.js';
import { appendEvents, removeDuplicateEvents } from './normalize.js';
import { buildSnapshots } from './snapshots.js';
import { walkEvidence, type FoundFile } from './walk.js';

export interface IntakeReport {
  sources: SourceFile[];
  events: number;
  duplicates: number;
  warnings: string[];
}

interface Pending {
  id: number;
  file: FoundFile;
  detection: Detection;
  sha256: Promise<string>;
  detail: string | null;
  rows: number;
  rejected: number;
  loaded: boolean;
}

/** Takes in every file under `paths` and builds the events and snapshot tables. */
export async function intakeEvidence(db: CaseDb, custody: CustodyLog, paths: readonly string[]): Promise<IntakeReport> {
  const { files, problems } = await walkEvidence(paths);
  const warnings = [...problems];
  let nextId = ((await db.one<{ m: number }>('SELECT coalesce(max(id), 0) AS m FROM sources'))?.m ?? 0) + 1;
  const pending: Pending[] = [];
  let hashChain: Promise<unknown> = Promise.resolve();
  for (const file of files) {
    const detection = await detectSource(file.path);
    // Hashes run one after another on Node's thread while DuckDB loads on its own threads.
    const sha256 = hashChain.then(() => sha256File(file.path));
    hashChain = sha256.catch(() => undefined);
    pending.push({ id: nextId++, file, detection, sha256, detail: detection.detail, rows: 0, rejected: 0, loaded: false });
    if (detection.kind === 'unknown') warnings.push(`${file.path}: not loaded: ${detection.reason}`);
  }
  const groups = new Map<string, Pending[]>();
  for (const p of pending.filter((x) => x.detection.kind !== 'unknown')) {
    const key = `${p.detection.kind}|${p.detection.kind === 'elf' ? '' : p.detail}|${p.detection.header.join(',')}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const snapshotSources: { id: number; object: string; table: string }[] = [];
  let groupNo = 0;
  for (const members of groups.values()) {
    const first = members[0]!;
    const load = await loadCsvGroup(db, String(++groupNo), members.map((m) => ({ sourceId: m.id, path: m.file.path })));
    for (const m of members) {
      const got = load.loaded.get(m.id);
      if (got) {
        m.rows = got.rows;
        m.rejected = got.rejected;
        m.loaded = true;
      }
      const failure = load.failed.get(m.id);
      if (failure) warnings.push(`${m.file.path}: could not be read: ${failure}`);
      if (m.rejected > 0) warnings.push(`${m.file.path}: ${m.rejected} malformed row(s) quarantined (file, line and reason in the quarantine list)`);
    }
    if (!load.view) continue;
    if (first.detection.kind === 'elf') {
      await appendEvents(db, { table: load.view, columns: load.columns, fixedEventType: null });
      const types = await db.all<{ s: number; t: string | null }>(
        `SELECT __source_id AS s, any_value("${load.columns.find((c) => c.toLowerCase() === 'event_type')!.replaceAll('"', '""')}") AS t FROM ${load.view} GROUP BY 1`,
      );
      for (const t of types) members.find((m) => m.id === t.s)!.detail = t.t;
    } else if (first.detection.kind === 'rtem') {
      await appendEvents(db, { table: load.view, columns: load.columns, fixedEventType: first.detail ?? 'RealTimeEvent' });
    } else {
      for (const m of members) if (load.loaded.has(m.id)) snapshotSources.push({ id: m.id, object: m.detail!, table: `src_${m.id}` });
    }
  }
  for (const p of pending) {
    const sha256 = await p.sha256;
    const after = await stat(p.file.path).catch(() => null);
    if (!after || after.size !== p.file.bytes || after.mtime.toISOString() !== p.file.modifiedAt) {
      warnings.push(`${p.file.path}: changed while it was being imported (size or modified time differ); re-import it once it is stable`);
    }
    await db.run(sql`INSERT INTO sources VALUES (${p.id}, ${p.file.path}, ${path.basename(p.file.path)}, ${sha256}, ${p.file.bytes},
      ${p.file.modifiedAt}, ${p.detection.kind}, ${p.detail}, ${p.loaded ? `src_${p.id}` : null}, ${p.detection.header.join(',')},
      ${p.rows}, ${p.rejected}, 0, ${new Date().toISOString()})`);
    custody.append('source.imported', {
      sourceId: p.id, path: p.file.path, sha256, bytes: p.file.bytes, modifiedAt: p.file.modifiedAt,
      kind: p.detection.kind, detail: p.detail, rows: p.rows, rejected: p.rejected,
    });
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
