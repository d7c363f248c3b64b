/**
 * The embedded default, assembled: Temporal (embedded dev server or an existing cluster), the worker and the
 * HTTP API, started in order and stopped in reverse. `npm start` runs this; so can end-to-end tests.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import type { Worker } from '@temporalio/worker';
import type { Config } from '../config';
import type { Logger } from '../observability/logger';
import { ensureTemporalCli, temporalCliVersion } from '../temporal/cli-binary';
import { startDevServer, type RunningDevServer } from '../temporal/dev-server';
import { assertPortFree } from '../temporal/ports';
import { connectClient, connectWorker, temporalProbe, temporalTarget } from '../temporal/connection';
import { ensureWorkflowBundle } from '../temporal/workflow-bundle';
import { createWorker, installRuntimeLogger } from '../temporal/worker';
import { createGatewayApp } from '../gateway/app';
import { createBaselineActivities } from '../../activities';

export interface RunningStack {
  readonly urls: { readonly api: string; readonly temporal: string; readonly webUi: string | undefined };
  stop(): Promise<void>;
}

async function checkPorts(config: Config): Promise<void> {
  await assertPortFree(config.api.port, 'HTTP API', 'API_PORT', config.api.host);
  const embedded = config.temporal.embedded;
  if (embedded) {
    await assertPortFree(embedded.grpcPort, 'Temporal gRPC', 'TEMPORAL_GRPC_PORT (or set TEMPORAL_ADDRESS to use a Temporal already running)');
    await assertPortFree(embedded.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
}

function listen(app: ReturnType<typeof createGatewayApp>, host: string, port: number): Promise<Server> {
  return new Promise((resolveListen, reject) => {
    const server = app.listen(port, host, () => resolveListen(server));
    server.once('error', reject);
  });
}

export async function startStack(config: Config, logger: Logger): Promise<RunningStack> {
  await checkPorts(config);
  installRuntimeLogger(logger);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    let devServer: RunningDevServer | undefined;
    const embedded = config.temporal.embedded;
    if (embedded) {
      const cliPath = await ensureTemporalCli(embedded.cliPath ? { ...process.env, TEMPORAL_CLI_PATH: embedded.cliPath } : process.env);
      logger.info({ cli: temporalCliVersion(cliPath) }, 'starting the embedded Temporal dev server');
      devServer = await startDevServer({ cliPath, port: embedded.grpcPort, uiPort: embedded.uiPort, dbFilename: resolve(embedded.dbFile), logger, readyTimeoutMs: 120_000 });
      stops.push(() => devServer!.stop());
    }
    const target = temporalTarget(config, devServer?.address);
    const [client, workerConnection, bundlePath] = await Promise.all([connectClient(target), connectWorker(target), ensureWorkflowBundle()]);
    stops.push(() => client.connection.close());
    stops.push(() => workerConnection.close());

    const worker = await createWorker({
      connection: workerConnection, namespace: target.namespace, taskQueue: config.temporal.taskQueue,
      workflowBundlePath: bundlePath, activities: { ...createBaselineActivities() }, tuning: config.temporal.worker,
    });
    const workerRun = worker.run();
    stops.push(() => shutdownWorker(worker, workerRun));

    const app = createGatewayApp({ temporalReachable: temporalProbe(client) });
    const server = await listen(app, config.api.host, config.api.port);
    stops.push(() => new Promise((r) => server.close(() => r())));

    return {
      urls: { api: `http://${displayHost(config.api.host)}:${config.api.port}`, temporal: target.connectionOptions.address ?? '', webUi: devServer?.uiUrl },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function shutdownWorker(worker: Worker, run: Promise<void>): Promise<void> {
  if (worker.getState() === 'RUNNING') worker.shutdown();
  await run;
}

function displayHost(host: string): string {
  return host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
}

