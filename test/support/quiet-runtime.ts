// Worker lifecycle chatter at INFO drowns test output; keep the SDK at WARN. Once per test process (before
// the test file's own hooks, which is where workers are made).
// The SDK runtime also serves its Prometheus metrics on a free port of this process, so tests can read the
// journey outcome metrics workflows record (NJ_TEST_SDK_METRICS_URL).
// Only integration files make workers: a unit file (pure code, fast fakes) skips loading the SDK's native
// runtime, which costs about a second of every file's start.
import { beforeAll, expect } from 'vitest';
import { freePort } from '../../src/temporal/tcp-ports';

const makesWorkers = (testPath: string | undefined) => testPath === undefined || !testPath.includes('/test/unit/');

beforeAll(async () => {
  if (process.env.NJ_TEST_SDK_METRICS_URL !== undefined || !makesWorkers(expect.getState().testPath)) return;
  const { DefaultLogger, Runtime } = await import('@temporalio/worker');
  const port = await freePort();
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN'), shutdownSignals: [],
      telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${port}` } } },
    });
    process.env.NJ_TEST_SDK_METRICS_URL = `http://127.0.0.1:${port}/metrics`;
  } catch {
    // Already installed by an earlier test file in this process.
  }
});
