/**
 * Bundles the sandboxed preload (electron/preload/index.ts + the shared files it uses) into one
 * CommonJS file, because a sandboxed preload can `require` only `electron`.
 * Usage: node scripts/build-preload.mjs [--outfile <path>]   (default dist/electron/preload/index.cjs)
 */
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const flag = process.argv.indexOf('--outfile');
const outfile = flag > 0 && process.argv[flag + 1] ? path.resolve(process.argv[flag + 1]) : path.join(root, 'dist/electron/preload/index.cjs');

await build({
  entryPoints: [path.join(root, 'electron/preload/index.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
});
