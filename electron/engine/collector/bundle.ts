/**
 * The bundle folder the collector writes: each pull (one log file, one object's query pages, one
 * object's Bulk result pages) is a unit whose files are received into `.incoming/` and moved into
 * place together when the unit is complete, then `bundle.json` is rewritten (atomically) to name
 * them. So a run that is cancelled or cut off leaves only complete units, each listed with its
 * hashes; a second run verifies what is there (SHA-256 and size) and skips it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_FILE, BUNDLE_FORMAT, COVERAGE_FILE, type BundleFile, type BundleManifest, type CoverageReport } from '../../../shared/bundle.js';

const INCOMING = '.incoming';

/** The bundle being written. */
export class BundleWriter {
  private constructor(readonly dir: string, readonly manifest: BundleManifest, readonly resumed: boolean) {}

  /** Opens `dir` (created if needed), continuing its `bundle.json` when there is one. */
  static async open(dir: string, fresh: BundleManifest): Promise<BundleWriter> {
    await mkdir(dir, { recursive: true });
    await rm(path.join(dir, INCOMING), { recursive: true, force: true });
    const existing = await readManifest(dir);
    if (!existing) {
      const present = (await readdir(dir)).filter((n) => n !== INCOMING);
      if (present.length) throw new BundleMismatchError(`${dir} is not empty and holds no Leakscope bundle.json (${present.slice(0, 3).join(', ')}${present.length > 3 ? ', …' : ''}): give a new or empty --out folder`);
      return new BundleWriter(dir, fresh, false);
    }
    if (existing.org.id !== fresh.org.id) {
      throw new BundleMismatchError(`${dir} holds a bundle of org ${existing.org.id}, not of ${fresh.org.id}: use another --out folder`);
    }
    if (JSON.stringify(existing.request) !== JSON.stringify(fresh.request)) {
      throw new BundleMismatchError(`${dir} holds a bundle collected with other options (${describeRequest(existing.request)}): continue it with the same options, or use another --out folder`);
    }
    return new BundleWriter(dir, { ...existing, complete: false, apiVersion: fresh.apiVersion }, true);
  }

  /** The files a unit saved before, if every one is on disk with its recorded size and SHA-256. */
  async verifiedUnit(match: (f: BundleFile) => boolean): Promise<BundleFile[] | null> {
    const files = this.manifest.files.filter(match);
    if (!files.length) return null;
    for (const f of files) {
      const abs = path.join(this.dir, f.path);
      const st = await stat(abs).catch(() => null);
      if (!st || st.size !== f.bytes || (await sha256File(abs)) !== f.sha256) return null;
    }
    return files;
  }

  /** A fresh path in `.incoming/` for a file of the unit being received. */
  async incoming(relPath: string): Promise<string> {
    const p = path.join(this.dir, INCOMING, relPath);
    await mkdir(path.dirname(p), { recursive: true });
    return p;
  }

  /** Moves a complete unit's files into place and names them in `bundle.json` (replacing an earlier attempt's). */
  async commitUnit(files: BundleFile[], replaces: (f: BundleFile) => boolean): Promise<void> {
    const stale = this.manifest.files.filter(replaces);
    for (const f of stale) if (!files.some((n) => n.path === f.path)) await rm(path.join(this.dir, f.path), { force: true });
    for (const f of files) {
      const target = path.join(this.dir, f.path);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(this.dir, INCOMING, f.path), target);
    }
    this.manifest.files = [...this.manifest.files.filter((f) => !replaces(f)), ...files];
    await this.save();
  }

  /** Drops what a unit received before it failed. */
  async discardIncoming(): Promise<void> {
    await rm(path.join(this.dir, INCOMING), { recursive: true, force: true });
  }

  /** Rewrites `bundle.json` (write then rename, so it is never half written). */
  async save(): Promise<void> {
    this.manifest.updatedAt = new Date().toISOString();
    await writeAtomically(path.join(this.dir, BUNDLE_FILE), JSON.stringify(this.manifest, null, 2) + '\n');
  }

  /** Writes the coverage report and the final manifest. */
  async finish(coverage: CoverageReport, complete: boolean): Promise<void> {
    await this.discardIncoming();
    await writeAtomically(path.join(this.dir, COVERAGE_FILE), JSON.stringify(coverage, null, 2) + '\n');
    this.manifest.complete = complete;
    await this.save();
  }
}

/** The bundle folder was written for another org or with other options. */
export class BundleMismatchError extends Error {}

/** Reads a folder's `bundle.json`, or null when there is none (or it is not a Leakscope bundle). */
export async function readManifest(dir: string): Promise<BundleManifest | null> {
  const p = path.join(dir, BUNDLE_FILE);
  if (!existsSync(p)) return null;
  const v = JSON.parse(await readFile(p, 'utf8')) as Partial<BundleManifest>;
  return v.format === BUNDLE_FORMAT && Array.isArray(v.files) ? (v as BundleManifest) : null;
}

function describeRequest(r: BundleManifest['request']): string {
  return `from ${r.from} to ${r.to}, types ${[...r.eventTypes, ...r.rtemObjects].join(',') || 'all'}, objects ${r.snapshotObjects.join(',') || 'none'}${r.queryAll ? ', queryAll' : ''}`;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/** SHA-256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}
