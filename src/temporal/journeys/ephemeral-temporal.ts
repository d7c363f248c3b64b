/**
 * A throwaway Temporal for command-line tools (history recording, the benchmark): a headless in-memory dev
 * server on a free port, a client, a worker connection and a worker factory over the prebuilt bundle.
 * Payloads are encrypted as in production, with a key made for this run, unless the caller opts out (the
 * history recorder: golden histories must replay without a key, and hold only synthetic test data).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { encryptedDataConverter, newPayloadKeyEntry, parsePayloadKeyRing } from '../payload-codec';
import { ensureTemporalCli } from '../cli-binary';
import { startDevServer } from '../dev-server';
import { freePort } from '../tcp-ports';
import { ensureWorkflowBundle } from '../workflow-bundle';

export interface EphemeralTemporal {
  readonly address: string;
  readonly client: Client;
  readonly connection: NativeConnection;
  createWorker(taskQueue: string, activities: object, options?: { maxCachedWorkflows?: number; maxConcurrentActivityTaskExecutions?: number }): Promise<Worker>;
  stop(): Promise<void>;
}

export interface EphemeralTemporalOptions {
  /** 'throwaway-key' (default): encrypt with a key made for this run; 'off': plaintext payloads. */
  readonly payloadEncryption?: 'throwaway-key' | 'off';
}

export async function startEphemeralTemporal(options: EphemeralTemporalOptions = {}): Promise<EphemeralTemporal> {
  const dataConverter: DataConverter | undefined = options.payloadEncryption === 'off'
    ? undefined : encryptedDataConverter(parsePayloadKeyRing([newPayloadKeyEntry('ephemeral-1')]));
  const cliPath = await ensureTemporalCli();
  const [server, bundlePath] = await Promise.all([startDevServer({ cliPath, port: await freePort(), readyTimeoutMs: 90_000 }), ensureWorkflowBundle()]);
  const clientConnection = await Connection.connect({ address: server.address });
  const connection = await NativeConnection.connect({ address: server.address });
  return {
    address: server.address,
    client: new Client({ connection: clientConnection, ...(dataConverter ? { dataConverter } : {}) }),
    connection,
    createWorker: (taskQueue, activities, tuning = {}) => Worker.create({
      connection, taskQueue, activities, workflowBundle: { codePath: bundlePath }, ...(dataConverter ? { dataConverter } : {}), ...tuning,
    }),
    async stop() {
      await clientConnection.close();
      await connection.close();
      await server.stop();
    },
  };
}
