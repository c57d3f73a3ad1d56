/**
 * `npm run serve`: runs the engine behind the loopback web host so the UI can be used in a
 * browser on this machine. Prints the URL (with the token in its fragment) and stops on Ctrl+C.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { createHandlers } from '../engine/handlers.js';
import { defaultConfigDir } from '../engine/recentCases.js';
import { startWebHost } from './server.js';

/** Walks up from this file to the folder holding package.json (works from src and from dist). */
function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
}

function parsePort(argv: string[]): number {
  const i = argv.indexOf('--port');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length);
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port ${raw}: expected an integer from 0 to 65535`);
    process.exit(2);
  }
  return port;
}

async function main(): Promise<void> {
  const root = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const staticDir = path.join(root, 'dist', 'renderer');
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    console.error(`The UI is not built (${staticDir}/index.html missing). Run: npm run build`);
    process.exit(1);
  }
  const host = await startWebHost({
    handlers: createHandlers({ host: 'web', version: pkg.version, configDir: defaultConfigDir(process.env, os.homedir()), warmUp: true }),
    staticDir,
    port: parsePort(process.argv.slice(2)),
  });
  console.log(`Leakscope is serving on ${host.url}`);
  console.log('loopback only; stop with Ctrl+C');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping`);
    host.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`Could not close cleanly: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`Leakscope could not start the web host: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
