/**
 * A throwaway Temporal for command-line tools (history recording, the benchmark): a headless in-memory dev
 * server on a free port, a client, a worker connection and a worker factory over the prebuilt bundle.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { ensureTemporalCli } from '../cli-binary';
import { startDevServer } from '../dev-server';
import { freePort } from '../ports';
import { ensureWorkflowBundle } from '../workflow-bundle';

export interface EphemeralTemporal {
  readonly address: string;
  readonly client: Client;
  readonly connection: NativeConnection;
  createWorker(taskQueue: string, activities: object, options?: { maxCachedWorkflows?: number; maxConcurrentActivityTaskExecutions?: number }): Promise<Worker>;
  stop(): Promise<void>;
}

export async function startEphemeralTemporal(): Promise<EphemeralTemporal> {
  const cliPath = await ensureTemporalCli();
  const [server, bundlePath] = await Promise.all([startDevServer({ cliPath, port: await freePort(), readyTimeoutMs: 90_000 }), ensureWorkflowBundle()]);
  const clientConnection = await Connection.connect({ address: server.address });
  const connection = await NativeConnection.connect({ address: server.address });
  return {
    address: server.address,
    client: new Client({ connection: clientConnection }),
    connection,
    createWorker: (taskQueue, activities, options = {}) => Worker.create({
      connection, taskQueue, activities, workflowBundle: { codePath: bundlePath }, ...options,
    }),
    async stop() {
      await clientConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}
