#!/usr/bin/env node
// The `leakscope` command. Runs the compiled CLI (npm run build, or npm ci which builds on prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('leakscope: the CLI is not built yet. Run `npm run build` in the Leakscope folder first.\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
