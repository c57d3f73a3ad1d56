/**
 * Where the outputs land, safely: a run writes into a staging folder beside `--out` that carries an
 * INCOMPLETE marker, and moves the finished files into `--out` only at the end. `--out` itself is
 * marked INCOMPLETE while files are being moved. Only Leakscope's own earlier outputs (the files its
 * previous manifest.json lists) are ever replaced or removed; any other file the investigator keeps
 * there is left alone, and a non-empty folder that is not a Leakscope output is refused up front.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const INCOMPLETE_MARKER = 'INCOMPLETE';
const MANIFEST = 'manifest.json';

/** Why `outDir` cannot take this run's outputs, or null when it can (absent, empty, or a previous Leakscope output). */
export async function outputFolderRefusal(outDir: string, caseDir: string): Promise<string | null> {
  const info = await stat(outDir).catch(() => null);
  if (!info) return null;
  if (!info.isDirectory()) return `--out ${outDir} is a file, not a folder`;
  const entries = await readdir(outDir);
  if (entries.length === 0 || (await isLeakscopeOutput(outDir))) return null;
  // A folder that holds nothing but this run's own case folder (the default <out>/case) is Leakscope's.
  const ownCase = path.relative(outDir, caseDir);
  if (entries.every((e) => e === ownCase || existsSync(path.join(outDir, e, 'custody.sqlite')))) return null;
  return `--out ${outDir} already holds files that are not a Leakscope output (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); choose an empty or new folder, nothing was written`;
}

/** A folder a Leakscope run wrote: its manifest names Leakscope, or it carries Leakscope's INCOMPLETE marker. */
async function isLeakscopeOutput(dir: string): Promise<boolean> {
  if (await readLeakscopeManifest(dir)) return true;
  const marker = await readFile(path.join(dir, INCOMPLETE_MARKER), 'utf8').catch(() => '');
  return marker.startsWith('Leakscope');
}

/** Creates the staging folder beside `outDir`, already marked INCOMPLETE. */
export async function startStaging(outDir: string, runId: string): Promise<string> {
  const parent = path.dirname(path.resolve(outDir));
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(path.join(parent, `${path.basename(outDir)}.partial-`));
  await writeFile(path.join(staging, INCOMPLETE_MARKER), markerText(runId), 'utf8');
  return staging;
}

/** Moves the finished files (manifest last) from `staging` into `outDir`, removing only earlier Leakscope outputs. */
export async function moveIntoPlace(staging: string, outDir: string, files: readonly string[]): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const marker = path.join(outDir, INCOMPLETE_MARKER);
  await rename(path.join(staging, INCOMPLETE_MARKER), marker);
  for (const rel of await previousOutputs(outDir)) await rm(path.join(outDir, rel), { force: true });
  await rmdir(path.join(outDir, 'affected')).catch(() => undefined); // only when it is now empty
  const ordered = [...files.filter((f) => f !== MANIFEST), ...files.filter((f) => f === MANIFEST)];
  for (const rel of ordered) {
    await mkdir(path.dirname(path.join(outDir, rel)), { recursive: true });
    await rename(path.join(staging, rel), path.join(outDir, rel));
  }
  await rm(marker, { force: true });
}

/** The files the previous manifest lists (and the manifest itself), as safe relative paths inside the folder. */
async function previousOutputs(outDir: string): Promise<string[]> {
  const manifest = await readLeakscopeManifest(outDir);
  if (!manifest) return [];
  const listed = manifest.outputs.map((o) => o.file).filter((f): f is string => typeof f === 'string');
  const root = path.resolve(outDir);
  const inside = listed.filter((f) => {
    const target = path.resolve(root, f);
    return target.startsWith(root + path.sep) && !f.split('/').includes('..');
  });
  return [...inside, MANIFEST];
}

/** The folder's manifest.json when Leakscope wrote it (schema version, tool, inputs and outputs), else null. */
async function readLeakscopeManifest(dir: string): Promise<{ outputs: { file?: unknown }[] } | null> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MANIFEST), 'utf8')) as { schemaVersion?: unknown; tool?: { name?: unknown }; inputs?: unknown; outputs?: unknown };
    const ours = typeof m.schemaVersion === 'number' && typeof m.tool?.name === 'string' && Array.isArray(m.inputs) && Array.isArray(m.outputs);
    return ours ? { outputs: (m.outputs as { file?: unknown }[]).filter((o) => o !== null && typeof o === 'object') } : null;
  } catch {
    return null;
  }
}

function markerText(runId: string): string {
  return `Leakscope run ${runId} was writing this folder and did not finish (started ${new Date().toISOString()}).\nIts files are incomplete: do not rely on them. Run the investigation again.\n`;
}
