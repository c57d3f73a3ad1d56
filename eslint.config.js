// ESLint flat config: recommended rules for JS and TypeScript (syntax-only, not type-checked, so
// `npm run lint` stays fast), plus the layer rules that keep each runtime's imports honest.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeGlobals = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'AbortController', 'TextEncoder', 'TextDecoder', 'performance'].map(
    (name) => [name, 'readonly'],
  ),
);

/** A `no-restricted-imports` rule: exact module names plus regex patterns, one message each. */
const restrict = (names, patterns) => [
  'error',
  {
    paths: names.map(([name, message]) => ({ name, message })),
    patterns: patterns.map(([regex, message]) => ({ regex, message })),
  },
];
const NODE = 'runs without Node: no Node built-in modules';
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_')).map((name) => [name, NODE]);

export default defineConfig(
  {
    ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'resources/demo/**', 'test-results/**', '.tmp/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },

  // ──────────────────────────────────────────────────────────────────────────────────────────
  // LAYER RULES: DO NOT RELAX. Who may import whom (see docs/DEPENDENCIES.md and STYLE.md):
  // shared/ runs everywhere; engine/ is Node without Electron; preload/ sees only the contract;
  // renderer/ is an untrusted web page. test/unit/layers.test.ts checks the same rules by
  // resolving every import, so weakening them here does not make a violation pass.
  // ──────────────────────────────────────────────────────────────────────────────────────────
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins, ['electron', 'shared/ runs everywhere: no electron'], ['react', 'shared/ is UI-free: no react'], ['react-dom', 'shared/ is UI-free: no react-dom']],
        [
          ['^node:', NODE],
          ['^(react|react-dom)/', 'shared/ is UI-free: no react'],
          ['^(\\.\\./)+(electron|renderer|test|scripts|bench|bin)(/|$)', 'shared/ imports nothing outside shared/'],
        ],
      ),
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', 'engine/ runs in plain Node (CLI, web host, tests): no electron']],
        [['^(\\.\\./)+(renderer|main|preload|web|cli)(/|$)', 'engine/ imports only shared/, Node and its own files']],
      ),
    },
  },
  {
    files: ['electron/cli/**/*.ts', 'electron/web/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [['electron', 'cli/ and web/ run in plain Node: no electron']],
        [['^(\\.\\./)+(renderer|preload)(/|$)', 'hosts reach the UI only through the contract']],
      ),
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([], [['^(\\.\\./)+(renderer|preload)(/|$)', 'main reaches the UI only through IPC']]),
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [],
        [['^(?!electron$|(\\.\\./)+shared/(channels|bridge|result)\\.js$)', 'preload/ imports only electron and shared/channels, shared/bridge, shared/result']],
      ),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrict(
        [...nodeBuiltins.map(([name]) => [name, 'renderer/ is a web page: no Node built-ins']), ['electron', 'renderer/ reaches the engine only through window.leakscope']],
        [
          ['^node:', 'renderer/ is a web page: no Node built-ins'],
          ['^(\\.\\./)+(electron|test|scripts|bench|bin)(/|$)', 'renderer/ imports only shared/ and its own files'],
        ],
      ),
    },
  },
);
