// Worker lifecycle chatter at INFO drowns test output; keep the SDK at WARN. Once per test process.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
} catch {
  // Already installed by an earlier test file in this process.
}
