import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Browser tests poll the page for the engine's answer; on a loaded 2-core machine a page can take seconds.
    expect: { poll: { timeout: 15_000 } },
    reporters: ['default'],
    // Tests sign custody with a key of their own, never the investigator's key in ~/.leakscope.
    env: { LEAKSCOPE_KEY_DIR: path.join(os.tmpdir(), 'leakscope-test-keys') },
  },
});
