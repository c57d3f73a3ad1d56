/**
 * Intake: every file an investigator hands over is hashed and recorded in custody, recognised by
 * its header, and loaded into the case through DuckDB. Files of one kind with the same header are
 * loaded together, each group committed on its own, so a cancelled or interrupted import leaves
 * the case consistent (finished groups in, the current one out). Importing the same file again
 * (same SHA-256) changes nothing. Sources are only ever read; a file that changes while it is
 * being read is reported. Files that cannot be used are still hashed and listed, with the reason.
 */
import { chmod, copyFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SkippedItem, SourceFile } from '../../../shared/domain.js';
import type { CustodyLog } from '../casestore/custody.js';
import type { CaseDb } from '../store/duck.js';
import { sql } from '../store/sql.js';
import { detectSource, type Detection } from './detect.js';
import { DEFAULT_ARCHIVE_LIMITS, extractArchive, isArchive } from './archives.js';
import { importListing } from './listing.js';
import { hashAndCountLines, sha256File } from './hash.js';
import { loadJsonSource } from './json.js';
import { prepareForDuckDb } from './transcode.js';
import { columnNames, loadCsvGroup, type RecordCount } from './load.js';
import { addEventView, appendEvents, DERIVED_COLUMNS, derivedColumnsSql, removeDuplicateEvents, sourceEventTypes } from './normalize.js';
import { ProgressTracker, type ProgressListener } from './progress.js';
import { buildSnapshots } from './snapshots.js';
import { assignSourceOrgs } from './snapshotOrgs.js';
import { errorCode, skippedRecorder, type SkippedRecorder } from './skipped.js';
import { walkEvidence, type FoundFile } from './walk.js';
import { bundleRole, checkBundles, findBundles } from './bundleCheck.js';

export interface IntakeOptions {
  signal?: AbortSignal;
  /** Where archive members are extracted (inside the case folder); default `<case>/extracted`. */
  extractDir?: string;
  onProgress?: ProgressListener;
  /** Who imports (investigator name); the OS user is recorded as well. */
  actor?: string;
  /** Also keep a verified, read-only copy of every source file in this folder (the case's `evidence/`). */
  copyEvidenceTo?: string;
  /** The investigator says these files are exports of this sObject (`--as Contact`), whatever their name. */
  asObject?: string;
  /** `--org`: the org (15 or 18 chars) the snapshots, metadata and RTEM exports taken in by this run belong to. */
  org?: string;
}

export interface IntakeReport {
  sources: SourceFile[];
  /** Sources added by this import. */
  added: number[];
  events: number;
  duplicates: number;
  warnings: string[];
  /** Everything found but not taken in (walk and archives), also logged in custody as `source.skipped`. */
  skipped: SkippedItem[];
  cancelled: boolean;
}

interface Pending {
  id: number;
  file: FoundFile;
  detection: Detection;
  sha256: Promise<string>;
  /** Physical lines of the file as hashed (for the count check); absent for archive members. */
  lines?: Promise<number>;
  detail: string | null;
  rows: number;
  rejected: number;
  loaded: boolean;
  count?: RecordCount;
  /** For a member taken out of an archive: the archive's pending entry and the path inside it. */
  origin?: { archive: Pending; memberPath: string };
  /** A collection bundle's own file (manifest, coverage report) or a log file it marks superseded: recorded, not loaded, no warning. */
  bundleFile?: boolean;
}

class Cancelled extends Error {}

/** Files loaded by one DuckDB read_csv: enough to amortise the call, few enough to stay in the memory bound. */
const MAX_FILES_PER_GROUP = 256;

/** Takes in every file under `paths` and (re)builds the events and snapshot tables. */
export async function intakeEvidence(db: CaseDb, custody: CustodyLog, paths: readonly string[], options: IntakeOptions = {}): Promise<IntakeReport> {
  const tracker = new ProgressTracker(db, options.onProgress);
  const onAbort = (): void => db.connection.interrupt();
  options.signal?.addEventListener('abort', onAbort);
  const warnings: string[] = [];
  const added: number[] = [];
  const skipped = skippedRecorder(custody, warnings, options.actor);
  try {
    await importFiles(db, custody, paths, options, tracker, warnings, added, skipped);
    tracker.setPhase('deduplicating');
    const { events, duplicates } = await removeDuplicateEvents(db);
    tracker.setPhase('snapshots');
    await buildSnapshots(db, await assignSourceOrgs(db, custody, { added, paths, org: options.org, actor: options.actor }, warnings));
    // The loaded rows written into the case file's own storage now, not left to the WAL and a checkpoint at close: every
    // later stage scans them, and at 10 million events reconstruction's scans of rows not yet checkpointed took 2–4× as
    // long (rc_ev 53 s against 19 s; 2 s for the checkpoint). Measured in docs/BENCHMARKS.md. Only a speed-up: a plain
    // CHECKPOINT refuses while another transaction runs (a screen reading the case), and then DuckDB checkpoints later.
    await db.run(sql`CHECKPOINT`).catch(() => undefined);
    tracker.stop('done');
    return { sources: await listSources(db), added, events, duplicates, warnings, skipped: skipped.items, cancelled: false };
  } catch (e) {
    if (!(e instanceof Cancelled) && !options.signal?.aborted) throw e;
    tracker.stop('cancelled');
    custody.append('intake.cancelled', { added, paths }, options.actor);
    warnings.push(`Import cancelled: ${added.length} file(s) were taken in before it stopped; the rest were not. Import again to finish.`);
    return { sources: await listSources(db), added, events: 0, duplicates: 0, warnings, skipped: skipped.items, cancelled: true };
  } finally {
    tracker.dispose(); // the progress timer never outlives the import, whatever happened
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function importFiles(
  db: CaseDb, custody: CustodyLog, paths: readonly string[], options: IntakeOptions,
  tracker: ProgressTracker, warnings: string[], added: number[], skipped: SkippedRecorder,
): Promise<void> {
  const checkCancel = (): void => {
    if (options.signal?.aborted) throw new Cancelled('cancelled');
  };
  const walked = await walkEvidence(paths);
  const files = walked.files;
  for (const item of walked.skipped) skipped.add(item);
  warnings.push(...walked.followedLinks.map((l) => `symbolic link followed (it points inside the evidence): ${l}`));
  // No path at all is a run again over the case's own evidence (a change of scope): nothing to say.
  if (files.length === 0 && paths.length > 0) {
    warnings.push(`No evidence file was found in ${paths.join(', ')}${walked.skipped.length ? ` (${walked.skipped.length} item(s) skipped, listed under "Not taken in")` : ''}: nothing was imported, so every result below is empty for that reason.`);
  }
  const duplicates: string[] = [];
  const known = new Map((await db.all<{ id: number; sha256: string }>(sql`SELECT id, sha256 FROM sources`)).map((r) => [r.sha256, r.id]));
  let nextId = ((await db.one<{ m: number }>(sql`SELECT coalesce(max(id), 0) AS m FROM sources`))?.m ?? 0) + 1;
  const pending: Pending[] = [];
  // Collection bundles: their manifests are read first, so their own files are known as such.
  const bundles = await findBundles(files, warnings);
  const hashes = new Map<string, Promise<string>>();
  let hashChain: Promise<unknown> = Promise.resolve();
  const extractDir = options.extractDir ?? path.join(path.dirname(db.path), 'extracted');
  for (const file of files) {
    checkCancel();
    // One file that cannot be opened (EACCES, EIO, vanished) is listed and skipped; the others go on.
    const detected = await detectSource(file.path, { as: options.asObject }).catch((e: unknown) => {
      skipped.add({ path: file.path, kind: 'unreadable', reason: `cannot be read (${errorCode(e)}); not imported` });
      return null;
    });
    if (!detected) continue;
    const role = bundles.length ? bundleRole(bundles, file.path) : null;
    const detection = role ? { ...detected, kind: 'unknown' as const, detail: null, reason: role.reason } : detected;
    // Hashes run one after another on Node's thread, ahead of DuckDB loading on its own threads.
    // CSV files have their lines counted in the same read (the first half of the count check).
    const hashed = hashChain.then(() => (detection.format === 'csv' ? hashAndCountLines(file.path) : sha256File(file.path).then((h) => ({ sha256: h, lines: 0 }))));
    hashChain = hashed.catch(() => undefined);
    const sha256 = hashed.then((h) => h.sha256);
    const lines = hashed.then((h) => h.lines);
    lines.catch(() => undefined);
    sha256.catch(() => undefined);
    hashes.set(path.resolve(file.path), sha256);
    const entry: Pending = { id: 0, file, detection, sha256, lines, detail: detection.detail, rows: 0, rejected: 0, loaded: false, bundleFile: role !== null };
    if (!isArchive(file.path)) {
      pending.push(entry);
      continue;
    }
    checkCancel();
    entry.detection = { ...detection, kind: 'archive', reason: 'archive' };
    pending.push(entry);
    const archiveSha = await sha256.catch(() => null); // unreadable: listed when the archives are numbered
    if (archiveSha === null || known.has(archiveSha)) continue; // the whole archive is already in the case
    const out = await extractArchive(file.path, extractDir, DEFAULT_ARCHIVE_LIMITS, options.signal);
    for (const p of out.problems) skipped.add({ path: p.path, kind: 'member', reason: p.reason });
    entry.detail = `${out.members.length} member(s)`;
    for (const m of out.members) {
      const memberDetection = await detectSource(m.path, { as: options.asObject }).catch(() => null);
      if (!memberDetection) {
        skipped.add({ path: `${file.path}!/${m.memberPath}`, kind: 'unreadable', reason: 'extracted but cannot be read back; not imported' });
        continue;
      }
      pending.push({
        id: 0, file: { path: m.path, bytes: m.bytes, modifiedAt: m.modifiedAt }, detection: memberDetection,
        sha256: Promise.resolve(m.sha256), detail: memberDetection.detail, rows: 0, rejected: 0, loaded: false,
        origin: { archive: entry, memberPath: m.memberPath },
      });
    }
  }
  tracker.plan(pending.length, pending.reduce((n, p) => n + p.file.bytes, 0));
  // Drops files already in the case (or twice in this import) and numbers the rest.
  const fresh = async (list: Pending[]): Promise<Pending[]> => {
    const out: Pending[] = [];
    for (const p of list) {
      const sha = await p.sha256.catch((e: unknown) => {
        skipped.add({ path: displayPath(p), kind: 'unreadable', reason: `cannot be read to the end to be hashed (${errorCode(e)}); not imported` });
        tracker.skip(1, p.file.bytes);
        return null;
      });
      if (sha === null) continue;
      const existing = known.get(sha);
      if (existing !== undefined) {
        duplicates.push(`${p.file.path} = source ${existing}`);
        custody.append('source.duplicate', { path: p.file.path, sha256: sha, sameAs: existing }, options.actor);
        tracker.skip(1, p.file.bytes);
        continue;
      }
      p.id = nextId++;
      known.set(sha, p.id);
      out.push(p);
    }
    return out;
  };
  // Archives are numbered and recorded first, so their members can name them.
  for (const p of await fresh(pending.filter((x) => x.detection.kind === 'archive'))) {
    await recordSource(db, p, warnings);
    logCustody(custody, p, await p.sha256, options.actor);
    await copyEvidence(custody, p, options, warnings);
    added.push(p.id);
    tracker.skip(1, p.file.bytes);
  }
  // CSV files of one kind, encoding, delimiter and header load together; each JSON file alone.
  const units = new Map<string, Pending[]>();
  const openUnit = new Map<string, string>(); // kind key → the unit still taking files
  pending.forEach((p, index) => {
    if (p.detection.kind === 'unknown' || p.detection.kind === 'archive') return;
    const d = p.detection;
    const key = d.format === 'csv'
      ? ['csv', d.kind, d.kind === 'elf' ? '' : p.detail, d.encoding, d.delimiter, d.header.join('\u0001')].join('|')
      : `json|${index}`;
    // Appended in place (thousands of archive members must not cost n² copies), and at most
    // MAX_FILES_PER_GROUP files per DuckDB load, so many small files load in bounded memory.
    const open = openUnit.get(key);
    const unit = open === undefined ? undefined : units.get(open);
    if (unit && unit.length < MAX_FILES_PER_GROUP) unit.push(p);
    else {
      openUnit.set(key, `${key}|${index}`);
      units.set(`${key}|${index}`, [p]);
    }
  });
  const workDir = path.join(path.dirname(db.path), 'work', 'transcoded');
  for (const candidates of units.values()) {
    checkCancel();
    const members = await fresh(candidates);
    if (!members.length) continue;
    const first = members[0]!;
    tracker.startGroup(members.reduce((n, m) => n + m.file.bytes, 0), displayPath(first));
    const load = await loadUnit(db, members, workDir, options.signal).catch((e: unknown): UnitLoad => {
      if (options.signal?.aborted) throw new Cancelled('cancelled');
      // One group that DuckDB cannot load never stops the others: its files are recorded, not loaded, with the reason.
      const reason = e instanceof Error ? e.message : String(e);
      return { view: null, columns: [], object: null, loaded: new Map(), failed: new Map(members.map((m) => [m.id, reason])) };
    });
    checkCancel();
    for (const m of members) {
      const got = load.loaded.get(m.id);
      if (got) Object.assign(m, { rows: got.rows, rejected: got.rejected, loaded: true, count: got.count });
      const failure = load.failed.get(m.id);
      if (failure) warnings.push(`${displayPath(m)}: could not be read: ${failure}`);
      if (got?.count && !got.count.ok) {
        warnings.push(`${displayPath(m)}: the record count does not add up: ${got.count.seen} record(s) in the file, ${got.rows} loaded + ${got.rejected} quarantined${got.count.note ? ` (${got.count.note})` : ''}`);
      } else if (got?.count?.method === 'fallback') {
        warnings.push(`${displayPath(m)}: ${got.count.note}; ${got.rows} row(s) loaded, ${got.rejected} quarantined, ${got.count.seen} record(s) in all`);
      }
      if (m.rejected > 0) warnings.push(`${displayPath(m)}: ${m.rejected} malformed row(s) quarantined (file, line and reason in the quarantine list)`);
      if (first.detection.format !== 'csv' && load.object && !m.detail) m.detail = load.object;
    }
    try {
      await db.transaction(async () => {
        const kind = first.detection.kind;
        const fixedEventType = kind === 'rtem' ? first.detail ?? load.object ?? 'RealTimeEvent' : null;
        if (load.view && (kind === 'elf' || kind === 'rtem')) {
          const src = { table: load.view, columns: load.columns, fixedEventType };
          // CSV groups carry their typed columns already: a view, no copy. Other sources are copied.
          if (first.detection.format === 'csv') await addEventView(db, `ev_g${first.id}`, src);
          else await appendEvents(db, src);
        }
        if (load.view && kind === 'elf') {
          const types = await sourceEventTypes(db, members.map((m) => m.id));
          for (const m of members) if (types.has(m.id)) m.detail = types.get(m.id) ?? null;
        }
        for (const m of members) await recordSource(db, m, warnings);
        for (const m of members) await recordCount(db, m);
      });
    } catch (e) {
      if (options.signal?.aborted) throw new Cancelled('cancelled');
      // The group's events could not be added: its files stay listed (hashed, not loaded) and the run goes on.
      warnings.push(`${displayPath(first)}${members.length > 1 ? ` and ${members.length - 1} like file(s)` : ''}: could not be added to the case (${e instanceof Error ? e.message : String(e)}); not loaded`);
      for (const m of members) {
        Object.assign(m, { rows: 0, rejected: 0, loaded: false });
        await recordSource(db, m, warnings);
      }
    }
    if (first.detection.kind === 'listing') {
      for (const m of members.filter((x) => x.loaded)) {
        const listed = await importListing(db, m.id, `src_${m.id}`);
        if (!listed.ok) warnings.push(`${displayPath(m)}: EventLogFile listing not read: ${listed.error.message}`);
      }
    }
    for (const m of members) {
      logCustody(custody, m, await m.sha256, options.actor);
      await copyEvidence(custody, m, options, warnings);
    }
    added.push(...members.map((m) => m.id));
    tracker.finishGroup(members.length, members.reduce((n, m) => n + m.rows, 0));
  }
  for (const p of await fresh(pending.filter((x) => x.detection.kind === 'unknown'))) {
    if (!p.bundleFile) warnings.push(`${displayPath(p)}: not loaded: ${p.detection.reason}`);
    await recordSource(db, p, warnings);
    logCustody(custody, p, await p.sha256, options.actor);
    await copyEvidence(custody, p, options, warnings);
    added.push(p.id);
    tracker.skip(1, p.file.bytes);
  }
  await checkBundles(bundles, hashes, custody, warnings, options.actor);
  if (duplicates.length) {
    warnings.push(`${duplicates.length} file(s) already in the case (same SHA-256) were not imported again: ${duplicates.slice(0, 3).join('; ')}${duplicates.length > 3 ? '; …' : ''}`);
  }
}

interface UnitLoad {
  view: string | null;
  columns: string[];
  loaded: Map<number, { rows: number; rejected: number; count?: RecordCount }>;
  failed: Map<number, string>;
  object: string | null;
}

/** Loads one unit: a group of like CSV files (transcoded to UTF-8 first where needed) or one JSON file. */
async function loadUnit(db: CaseDb, members: Pending[], workDir: string, signal: AbortSignal | undefined): Promise<UnitLoad> {
  const first = members[0]!;
  if (first.detection.format !== 'csv') {
    const j = await loadJsonSource(db, first.id, first.file.path, first.detection, signal);
    return {
      view: j.view, columns: j.columns, object: j.object,
      loaded: j.failure ? new Map() : new Map([[first.id, { rows: j.rows, rejected: j.rejected }]]),
      failed: j.failure ? new Map([[first.id, j.failure]]) : new Map(),
    };
  }
  const prepared = await Promise.all(members.map((m) => prepareForDuckDb(m.file.path, m.detection, workDir)));
  // Lines counted while hashing are those of the bytes DuckDB reads only when it reads the original.
  const lines = await Promise.all(members.map((m, i) => (prepared[i]!.transcoded || m.origin || !m.lines ? undefined : m.lines)));
  try {
    const isEvents = first.detection.kind === 'elf' || first.detection.kind === 'rtem';
    const derived = isEvents ? { sql: derivedColumnsSql(columnNames(first.detection.header)), names: DERIVED_COLUMNS } : undefined;
    const layout = { header: first.detection.header, delimiter: first.detection.delimiter, derived };
    const files = members.map((m, i) => ({ sourceId: m.id, path: prepared[i]!.path, lines: lines[i] }));
    const cleanDir = path.join(path.dirname(workDir), 'clean');
    return { ...(await loadCsvGroup(db, String(first.id), files, layout, signal, cleanDir)), object: null };
  } finally {
    // UTF-8 copies of UTF-16/Windows-1252 files are working files: the loaded rows and the original remain.
    for (const p of prepared) if (p.transcoded) await rm(p.path, { force: true });
  }
}

/** Copies a source file into the case (outside archives, whose members are already there), verifying the copy's hash. */
async function copyEvidence(custody: CustodyLog, p: Pending, options: IntakeOptions, warnings: string[]): Promise<void> {
  if (!options.copyEvidenceTo || p.origin) return;
  // A copy that cannot be made (disk full, unreadable) is a warning on this file; the import goes on.
  await copyEvidenceOnce(custody, p, options.copyEvidenceTo, options.actor, warnings).catch((e: unknown) => {
    warnings.push(`${p.file.path}: no verified copy was kept in the case (${errorCode(e)})`);
  });
}

async function copyEvidenceOnce(custody: CustodyLog, p: Pending, copyTo: string, actor: string | undefined, warnings: string[]): Promise<void> {
  const options = { copyEvidenceTo: copyTo, actor };
  await mkdir(options.copyEvidenceTo, { recursive: true });
  const target = path.join(options.copyEvidenceTo, `${p.id}-${path.basename(p.file.path)}`);
  await copyFile(p.file.path, target);
  await chmod(target, 0o444);
  const sha256 = await p.sha256;
  const copied = await sha256File(target);
  if (copied !== sha256) warnings.push(`${p.file.path}: the copy in the case does not match the original's SHA-256 (${copied} vs ${sha256})`);
  custody.append('source.copied', { sourceId: p.id, from: p.file.path, to: target, sha256: copied, matches: copied === sha256 }, options.actor);
}

/** How an investigator names a source: its path, or `archive.zip!/member/path` for an archive member. */
function displayPath(p: Pending): string {
  return p.origin ? `${p.origin.archive.file.path}!/${p.origin.memberPath}` : p.file.path;
}

async function recordSource(db: CaseDb, p: Pending, warnings: string[]): Promise<void> {
  const sha256 = await p.sha256;
  // Members were hashed as they were written into the case; their archive's own entry covers change checks.
  if (!p.origin) {
    const after = await stat(p.file.path).catch(() => null);
    if (!after || after.size !== p.file.bytes || after.mtime.toISOString() !== p.file.modifiedAt) {
      warnings.push(`${p.file.path}: changed while it was being imported (size or modified time differ); re-import it once it is stable`);
    }
  }
  // Named relative to the evidence folder given (never an absolute path): outputs name sources by it and their hash.
  const name = p.origin ? `${sourceName(p.origin.archive.file)}!/${p.origin.memberPath}` : sourceName(p.file);
  await db.run(sql`INSERT INTO sources (id, path, name, sha256, bytes, modified_at, kind, detail, table_name, header, rows, rejected,
      duplicates, imported_at, parent_id, member_path)
    VALUES (${p.id}, ${p.file.path}, ${name}, ${sha256}, ${p.file.bytes}, ${p.file.modifiedAt}, ${p.detection.kind}, ${p.detail},
      ${p.loaded ? `src_${p.id}` : null}, ${p.detection.header.join(',')}, ${p.rows}, ${p.rejected}, 0, ${new Date().toISOString()},
      ${p.origin ? p.origin.archive.id || null : null}, ${p.origin?.memberPath ?? null})`);
}

/** Records a CSV source's count check (records seen against rows loaded + quarantined). */
async function recordCount(db: CaseDb, p: Pending): Promise<void> {
  if (!p.count) return;
  await db.run(sql`INSERT OR REPLACE INTO record_counts VALUES (${p.id}, ${p.count.seen}, ${p.rows}, ${p.rejected}, ${p.count.method},
    ${p.count.ok}, ${p.count.note})`);
}

/** The file name of a source's relative name (`evidence/elf/Login.csv` → `Login.csv`; `logs/a.zip!/x/y.csv` → `a.zip!/x/y.csv`). */
function fileName(relative: string): string {
  const member = relative.indexOf('!/');
  const outer = member < 0 ? relative : relative.slice(0, member);
  return `${outer.slice(outer.lastIndexOf('/') + 1)}${member < 0 ? '' : relative.slice(member)}`;
}

/** A source file's relative name: as the walk found it under its evidence root, else its file name. */
function sourceName(file: FoundFile): string {
  return file.rel ?? path.basename(file.path);
}

function logCustody(custody: CustodyLog, p: Pending, sha256: string, actor: string | undefined): void {
  const origin = p.origin ? { archiveSourceId: p.origin.archive.id, archivePath: p.origin.archive.file.path, memberPath: p.origin.memberPath } : {};
  custody.append(
    'source.imported',
    { sourceId: p.id, path: p.file.path, sha256, bytes: p.file.bytes, modifiedAt: p.file.modifiedAt, kind: p.detection.kind, detail: p.detail, rows: p.rows, rejected: p.rejected,
      ...(p.count ? { recordsSeen: p.count.seen, countAddsUp: p.count.ok } : {}), ...origin },
    actor,
  );
}

/** Every source of the case, as the investigator sees it. */
export async function listSources(db: CaseDb): Promise<SourceFile[]> {
  const rows = await db.all<{
    id: number; path: string; name: string; sha256: string; bytes: number; modified_at: string;
    kind: SourceFile['kind']; detail: string | null; rows: number; rejected: number;
  }>(sql`SELECT * FROM sources ORDER BY id`);
  return rows.map((r) => ({
    id: r.id, path: r.path, name: fileName(r.name), relativePath: r.name, sha256: r.sha256, bytes: r.bytes, modifiedAt: r.modified_at,
    kind: r.kind, detail: r.detail, rows: r.rows, rejectedRows: r.rejected,
  }));
}
