/**
 * Starts ONE real Temporal dev server for the whole test run (in memory, headless, free ports) and prebuilds
 * the workflow bundle and the ops CLI once (test/support/cli-bundle.ts); integration tests reach them through
 * vitest's inject(). Never a mock of Temporal. The Temporal CLI comes from src/temporal/cli-binary.ts
 * (TEMPORAL_CLI_PATH, PATH, cache, or a Go build).
 */
import type { TestProject } from 'vitest/node';
import { ensureTemporalCli } from '../src/temporal/cli-binary';
import { startDevServer } from '../src/temporal/dev-server';
import { freePort } from '../src/temporal/tcp-ports';
import { ensureWorkflowBundle } from '../src/temporal/workflow-bundle';
import { buildCliBundle } from './support/cli-bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    workflowBundlePath: string;
    temporalCliPath: string;
    opsCliBundlePath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = await ensureTemporalCli();
  const [server, workflowBundlePath, opsCliBundlePath] = await Promise.all([
    startDevServer({ cliPath, port: await freePort(), readyTimeoutMs: 90_000 }),
    ensureWorkflowBundle(),
    buildCliBundle(),
  ]);
  project.provide('temporalAddress', server.address);
  project.provide('workflowBundlePath', workflowBundlePath);
  project.provide('temporalCliPath', cliPath);
  project.provide('opsCliBundlePath', opsCliBundlePath);
  return () => server.stop();
}
