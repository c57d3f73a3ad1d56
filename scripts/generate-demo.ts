/**
 * Writes the demo org's evidence (into `<out>/evidence`) and `<out>/truth.json`:
 * `npx tsx scripts/generate-demo.ts [--seed N] [--out dir]`. Only the output folder is touched:
 * everything in it except the hand-written README.md is deleted and rewritten. The ground truth
 * sits beside the evidence folder, never in it, so it is not taken for evidence.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, parse, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, generateDemo, truthJson } from './demo/index.js';

const KEEP = new Set(['README.md']);

function parseArgs(argv: readonly string[]): { seed: number; out: string } {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let seed = DEFAULT_SEED;
  let out = join(repoRoot, 'resources', 'demo');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--seed' && value !== undefined && /^\d+$/.test(value)) {
      seed = Number(value);
      i++;
    } else if (arg === '--out' && value !== undefined) {
      out = resolve(value);
      i++;
    } else {
      throw new Error(`usage: generate-demo.ts [--seed N] [--out dir] (unexpected ${arg ?? ''})`);
    }
  }
  return { seed, out };
}

function clearOutput(out: string): void {
  if (parse(out).root === out) throw new Error(`refusing to clear ${out}`);
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return;
  }
  const entries = readdirSync(out);
  if (entries.includes('package.json') || entries.includes('.git')) throw new Error(`refusing to clear ${out}: it looks like a project root`);
  for (const entry of entries) {
    if (!KEEP.has(entry)) rmSync(join(out, entry), { recursive: true, force: true });
  }
}

function main(): void {
  const { seed, out } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const { files, truth, canaries } = generateDemo(seed);
  clearOutput(out);
  let bytes = 0;
  for (const [path, content] of files) {
    const target = join(out, 'evidence', ...path.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    bytes += Buffer.byteLength(content);
  }
  writeFileSync(join(out, 'truth.json'), truthJson(truth));
  writeFileSync(join(out, 'canaries.txt'), canaries);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`demo (seed ${seed}): ${files.size} files, ${(bytes / 1e6).toFixed(1)} MB in ${out} (${seconds}s)`);
  console.log(`planted: ${truth.plantedExports.length} exports, ${truth.affectedPersons.length} people, ${Object.keys(truth.byJurisdiction).length} jurisdictions`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
