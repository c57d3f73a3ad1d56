/**
 * `npm start`: runs the desktop app with the Electron binary the `electron` package installed.
 * Resolves the binary the way that package's index.js does (path.txt next to it), but never tries
 * to download it: on a machine without the binary it says so plainly and points at `npm run serve`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron executable's path, or null when the package or its binary is not installed. */
function findElectronBinary() {
  let packageDir;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || 'electron');
    return existsSync(binary) ? binary : null;
  }
  if (!relative) return null;
  const binary = path.join(packageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

const binary = findElectronBinary();
if (!binary) {
  console.error(
    [
      'No Electron binary is installed on this machine, so the desktop window cannot open.',
      "(The electron package is installed, but its binary download did not run or its download host was unreachable.)",
      'Where the network allows, install it with `npx install-electron`, or re-run the electron package\'s',
      'install script (`node node_modules/electron/install.js`), then run `npm start` again.',
      '',
      'The same UI runs in a browser right now: `npm run serve`.',
    ].join('\n'),
  );
  process.exit(1);
}

const required = ['dist/electron/main/index.js', 'dist/electron/preload/index.cjs', 'dist/renderer/index.html'];
const missing = required.filter((file) => !existsSync(path.join(root, file)));
if (missing.length > 0) {
  console.error(`The app is not built (missing ${missing.join(', ')}). Run \`npm run build\` first.`);
  process.exit(1);
}

// The project folder, not the script: Electron then reads package.json ("main" is
// dist/electron/main/index.js), so the app gets its own name, version and userData folder.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('error', (error) => {
  console.error(`Could not start Electron (${binary}): ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
