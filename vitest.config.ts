import { defineConfig } from 'vitest/config';
import { SlowestFirstSequencer } from './test/slow-first-sequencer';

// One run, two kinds of test:
// - test/unit: pure code and fast fakes, no servers.
// - test/integration: a real Temporal dev server (started once by test/global-setup.ts), real HTTP over loopback.
// test/cluster runs on a PostgreSQL-backed cluster instead: `npm run test:cluster` (vitest.cluster.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/cluster/**', 'node_modules/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/quiet-runtime.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // 2 cores: the Temporal server, workers and simulators share them with the tests.
    maxWorkers: 2,
    // The slowest files first, so neither worker is left with a long file at the end (test/slow-first-sequencer.ts).
    sequence: { sequencer: SlowestFirstSequencer },
    reporters: ['default'],
  },
});
