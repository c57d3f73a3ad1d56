/**
 * The layer rules, checked by resolving every import (so a violation fails even if lint is
 * skipped or relaxed), and the dependency classification in docs/DEPENDENCIES.md (Signal-style:
 * an unclassified package, or one imported from a runtime its class does not allow, fails).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const SOURCE_ROOTS = ['shared', 'electron', 'renderer'];

type Layer = 'shared' | 'engine' | 'main' | 'preload' | 'host' | 'renderer';
type PackageClass = 'shared' | 'main' | 'renderer' | 'dev-tool';
const PACKAGE_CLASSES: readonly PackageClass[] = ['shared', 'main', 'renderer', 'dev-tool'];

interface LayerRule {
  /** Repo-relative folders (ending in /) or exact files this layer may import from. */
  local: string[];
  nodeBuiltins: boolean;
  electron: boolean;
  packages: PackageClass[];
}

/** Who may import whom; the same rules as the "do not relax" block in eslint.config.js. */
const RULES: Record<Layer, LayerRule> = {
  shared: { local: ['shared/'], nodeBuiltins: false, electron: false, packages: ['shared'] },
  engine: { local: ['shared/', 'electron/engine/'], nodeBuiltins: true, electron: false, packages: ['shared', 'main'] },
  host: { local: ['shared/', 'electron/engine/', 'electron/cli/', 'electron/web/'], nodeBuiltins: true, electron: false, packages: ['shared', 'main'] },
  main: { local: ['shared/', 'electron/engine/', 'electron/main/'], nodeBuiltins: true, electron: true, packages: ['shared', 'main'] },
  preload: { local: ['electron/preload/', 'shared/channels.ts', 'shared/bridge.ts', 'shared/result.ts'], nodeBuiltins: false, electron: true, packages: [] },
  renderer: { local: ['shared/', 'renderer/'], nodeBuiltins: false, electron: false, packages: ['shared', 'renderer'] },
};

/** The layer a repo-relative source file belongs to, or null when its runtime is unclear. */
function layerOf(file: string): Layer | null {
  if (file.startsWith('shared/')) return 'shared';
  if (file.startsWith('renderer/')) return 'renderer';
  if (file.startsWith('electron/engine/')) return 'engine';
  if (file.startsWith('electron/main/')) return 'main';
  if (file.startsWith('electron/preload/')) return 'preload';
  if (file.startsWith('electron/cli/') || file.startsWith('electron/web/')) return 'host';
  return null;
}

const isBuiltin = (specifier: string) => specifier.startsWith('node:') || builtinModules.includes(specifier);
const packageName = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** The repo-relative .ts path a relative specifier points at (`./x.js` and `./x` both mean x.ts). */
function resolveLocal(file: string, specifier: string): string {
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier.replace(/\?.*$/, '')));
  return /\.(js|jsx)$/.test(target) ? target.replace(/\.js(x?)$/, '.ts$1') : path.posix.extname(target) ? target : `${target}.ts`;
}

/** Every rule one file's imports break, as readable lines; empty when the file is clean. */
function violationsOf(file: string, specifiers: string[], classes: ReadonlyMap<string, PackageClass>): string[] {
  const layer = layerOf(file);
  if (!layer) return [`${file}: not in a known layer (shared, electron/{engine,main,preload,cli,web}, renderer)`];
  const rule = RULES[layer];
  const problems: string[] = [];
  for (const specifier of specifiers) {
    if (specifier.startsWith('.')) {
      const target = resolveLocal(file, specifier);
      const allowed = rule.local.some((entry) => (entry.endsWith('/') ? target.startsWith(entry) || `${target}/`.startsWith(entry) : target === entry || target === entry.replace(/\.ts$/, '.tsx')));
      if (!allowed) problems.push(`${file}: ${layer} may not import ${target} ('${specifier}')`);
    } else if (isBuiltin(specifier)) {
      if (!rule.nodeBuiltins) problems.push(`${file}: ${layer} may not import the Node built-in '${specifier}'`);
    } else if (specifier === 'electron') {
      if (!rule.electron) problems.push(`${file}: ${layer} may not import 'electron'`);
    } else {
      const name = packageName(specifier);
      const packageClass = classes.get(name);
      if (!packageClass) problems.push(`${file}: '${specifier}' is not a dependency classified in docs/DEPENDENCIES.md`);
      else if (!rule.packages.includes(packageClass)) problems.push(`${file}: ${layer} may not import '${name}' (class ${packageClass})`);
    }
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((ref) => ref.fileName);
}

interface DependencyRow {
  range: string;
  packageClass: string;
  purpose: string;
}

function documentedDependencies(): Map<string, DependencyRow> {
  const rows = new Map<string, DependencyRow>();
  const text = readFileSync(path.join(root, 'docs/DEPENDENCIES.md'), 'utf8');
  for (const line of text.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*([\w-]+)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (match) rows.set(match[1]!, { range: match[2]!, packageClass: match[3]!, purpose: match[4]! });
  }
  return rows;
}

const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const declared = { ...packageJson.dependencies, ...packageJson.devDependencies };
const documented = documentedDependencies();
const classes = new Map([...documented].map(([name, row]) => [name, row.packageClass as PackageClass]));

describe('docs/DEPENDENCIES.md', () => {
  it('lists every dependency with its exact version range, a known class and a purpose', () => {
    const problems: string[] = [];
    for (const [name, range] of Object.entries(declared)) {
      const row = documented.get(name);
      if (!row) problems.push(`${name} is not listed`);
      else {
        if (row.range !== range) problems.push(`${name}: documented ${row.range}, package.json has ${range}`);
        if (!PACKAGE_CLASSES.includes(row.packageClass as PackageClass)) problems.push(`${name}: unknown class '${row.packageClass}'`);
        if (row.purpose.length < 10) problems.push(`${name}: no purpose given`);
      }
    }
    for (const name of documented.keys()) if (!(name in declared)) problems.push(`${name} is listed but is not in package.json`);
    expect(problems).toEqual([]);
  });

  it('puts runtime dependencies in a runtime class, never dev-tool', () => {
    const devToolsShipped = Object.keys(packageJson.dependencies ?? {}).filter((name) => documented.get(name)?.packageClass === 'dev-tool');
    expect(devToolsShipped).toEqual([]);
  });
});

describe('layer rules', () => {
  const files = SOURCE_ROOTS.flatMap(sourceFiles);

  it('finds the source tree', () => {
    expect(files).toContain('shared/contract.ts');
    expect(files).toContain('electron/engine/dispatch.ts');
    expect(files).toContain('electron/preload/index.ts');
  });

  it('holds for every import in shared/, electron/ and renderer/', () => {
    const problems = files.flatMap((file) => violationsOf(file, importsOf(file), classes));
    expect(problems).toEqual([]);
  });

  it('catches each kind of violation (the check itself can fail)', () => {
    const cases: [string, string][] = [
      ['shared/x.ts', 'node:fs'],
      ['shared/x.ts', 'path'],
      ['shared/x.ts', 'react'],
      ['shared/x.ts', '../electron/engine/dispatch.js'],
      ['shared/sub/x.ts', '../../renderer/src/App.js'],
      ['electron/engine/intake/x.ts', 'electron'],
      ['electron/engine/x.ts', '../main/ipc.js'],
      ['electron/engine/x.ts', 'react-dom/client'],
      ['electron/web/x.ts', 'electron'],
      ['electron/preload/index.ts', '../../shared/contract.js'],
      ['electron/preload/index.ts', 'zod'],
      ['electron/preload/index.ts', 'node:fs'],
      ['renderer/src/x.tsx', 'node:fs'],
      ['renderer/src/x.tsx', 'electron'],
      ['renderer/src/x.tsx', '../../electron/engine/dispatch.js'],
      ['renderer/src/x.tsx', '@duckdb/node-api'],
      ['renderer/src/x.tsx', 'vitest'],
      ['renderer/src/x.tsx', 'left-pad'],
      ['electron/stray.ts', './engine/dispatch.js'],
    ];
    for (const [file, specifier] of cases) {
      expect(violationsOf(file, [specifier], classes), `${file} importing ${specifier}`).toHaveLength(1);
    }
  });

  it('accepts the imports each layer is meant to have', () => {
    const cases: [string, string][] = [
      ['shared/jurisdiction/x.ts', '../result.js'],
      ['shared/x.ts', 'zod'],
      ['electron/engine/intake/x.ts', '../../../shared/result.js'],
      ['electron/engine/x.ts', 'node:fs/promises'],
      ['electron/engine/x.ts', '@duckdb/node-api'],
      ['electron/main/index.ts', 'electron'],
      ['electron/main/index.ts', '../engine/handlers.js'],
      ['electron/web/serve.ts', '../engine/handlers.js'],
      ['electron/preload/index.ts', 'electron'],
      ['electron/preload/index.ts', '../../shared/channels.js'],
      ['electron/preload/index.ts', '../../shared/bridge.js'],
      ['renderer/src/x.tsx', '../../shared/contract.js'],
      ['renderer/src/x.tsx', '../../shared/contract'],
      ['renderer/src/x.tsx', 'react-dom/client'],
      ['renderer/src/features/a/x.tsx', '../../styles.css'],
    ];
    for (const [file, specifier] of cases) {
      expect(violationsOf(file, [specifier], classes), `${file} importing ${specifier}`).toEqual([]);
    }
  });
});
