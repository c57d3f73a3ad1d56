/**
 * Collection bundles (`leakscope collect`) taken in as evidence: a `bundle.json` found among the
 * files is read, and every file it names is checked against the SHA-256 and size the collector
 * recorded when the org sent it. The bundle's own hashes and the outcome go into the custody log
 * (`bundle.checked`); a file that differs, is missing, or was added to the folder since is a
 * warning naming it. The manifest and coverage report are not evidence rows, and hourly log files
 * the bundle marks superseded are hashed and listed but not loaded (their hour's current file is).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILE, BUNDLE_FORMAT, COVERAGE_FILE, type BundleManifest } from '../../../shared/bundle.js';
import type { CustodyLog } from '../casestore/custody.js';
import type { FoundFile } from './walk.js';

export interface FoundBundle {
  dir: string;
  manifestPath: string;
  manifest: BundleManifest;
}

/** What a file is to the bundle it belongs to, if it is one of the bundle's own files. */
export type BundleRole = 'manifest' | 'coverage' | 'superseded';

/** Reads every `bundle.json` among the files that is a Leakscope collection manifest. */
export async function findBundles(files: readonly FoundFile[], warnings: string[]): Promise<FoundBundle[]> {
  const out: FoundBundle[] = [];
  for (const f of files) {
    if (path.basename(f.path) !== BUNDLE_FILE) continue;
    try {
      const v = JSON.parse(await readFile(f.path, 'utf8')) as Partial<BundleManifest>;
      if (v.format !== BUNDLE_FORMAT || !Array.isArray(v.files)) continue;
      out.push({ dir: path.dirname(f.path), manifestPath: f.path, manifest: v as BundleManifest });
    } catch (e) {
      warnings.push(`${f.path}: a bundle.json that cannot be read as a collection manifest (${e instanceof Error ? e.message : String(e)}); its files are taken in unchecked`);
    }
  }
  return out;
}

/** The role of `file` in one of the bundles (the manifest, the coverage report, a superseded log file), or null. */
export function bundleRole(bundles: readonly FoundBundle[], file: string): { role: BundleRole; reason: string } | null {
  for (const b of bundles) {
    if (file === b.manifestPath) return { role: 'manifest', reason: `the collection bundle's manifest (org ${b.manifest.org.id}): its files are checked against it` };
    if (file === path.join(b.dir, COVERAGE_FILE)) return { role: 'coverage', reason: "the collection bundle's coverage report: what was asked of the org and what came back" };
    const rel = path.relative(b.dir, file).split(path.sep).join('/');
    const entry = b.manifest.files.find((f) => f.path === rel);
    if (entry?.superseded) return { role: 'superseded', reason: `an hourly log file superseded by a later Sequence for the same hour (${entry.logFile?.logDate ?? '?'}): kept and hashed, not loaded` };
  }
  return null;
}

/** Checks each bundle's files against the hashes given (those intake computed) and records the result in custody. */
export async function checkBundles(
  bundles: readonly FoundBundle[], hashes: Map<string, Promise<string>>, custody: CustodyLog, warnings: string[], actor: string | undefined,
): Promise<void> {
  for (const b of bundles) {
    const mismatched: string[] = [];
    const missing: string[] = [];
    let verified = 0;
    for (const f of b.manifest.files) {
      const abs = path.join(b.dir, ...f.path.split('/'));
      const got = await (hashes.get(abs) ?? Promise.resolve(null)).catch(() => null);
      if (got === null) missing.push(f.path);
      else if (got !== f.sha256) mismatched.push(f.path);
      else verified++;
    }
    const listed = new Set(b.manifest.files.map((f) => path.join(b.dir, ...f.path.split('/'))));
    const unlisted = [...hashes.keys()].filter((p) => p.startsWith(b.dir + path.sep) && !listed.has(p) && p !== b.manifestPath && p !== path.join(b.dir, COVERAGE_FILE) && !isInOtherBundle(bundles, b, p));
    for (const p of mismatched) warnings.push(`${path.join(b.dir, p)}: does not match the SHA-256 recorded in ${b.manifestPath} when it was collected; it changed after collection`);
    for (const p of missing) warnings.push(`${path.join(b.dir, p)}: listed in ${b.manifestPath} but not found (or not readable) in the evidence`);
    for (const p of unlisted) warnings.push(`${p}: in the bundle folder of ${b.manifestPath} but not named in it (added after collection)`);
    if (!b.manifest.complete) warnings.push(`${b.manifestPath}: the collection did not finish (a run stopped early); its coverage.json says what is missing`);
    custody.append('bundle.checked', {
      manifest: b.manifestPath, org: b.manifest.org, apiVersion: b.manifest.apiVersion, collectedFrom: b.manifest.request.from, collectedTo: b.manifest.request.to,
      complete: b.manifest.complete, files: b.manifest.files.length, verified, mismatched, missing, unlisted,
      hashes: b.manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes, call: f.call, at: f.at })),
    }, actor);
  }
}

function isInOtherBundle(bundles: readonly FoundBundle[], self: FoundBundle, p: string): boolean {
  return bundles.some((o) => o !== self && o.dir.length > self.dir.length && p.startsWith(o.dir + path.sep));
}
