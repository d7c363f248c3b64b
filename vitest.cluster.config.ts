import { defineConfig } from 'vitest/config';

// `npm run test:cluster`: the production shape. A PostgreSQL-backed Temporal cluster (test/cluster/global-setup.ts)
// with 2 worker and 2 API processes, running the cluster's own tests and, unchanged, the suites that matter most
// on a real cluster: end to end over HTTP, idempotency, fallback paths, the cancel race and the worker crash.
export default defineConfig({
  test: {
    include: [
      'test/cluster/**/*.test.ts',
      'test/integration/e2e/stack.test.ts',
      'test/integration/journeys/duplicate-triggers.test.ts',
      'test/integration/journeys/delivery-paths.test.ts',
      'test/integration/journeys/cancel-and-change.test.ts',
      'test/integration/journeys/worker-kill.test.ts',
    ],
    globalSetup: ['test/cluster/global-setup.ts'],
    setupFiles: ['test/support/quiet-runtime.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
