/**
 * A throwaway Temporal for command-line tools (history recording, the benchmark): a headless in-memory dev
 * server on a free port (or a Temporal already running, given its address), a client, a worker connection and a worker factory over the prebuilt bundle.
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
  /** The PAYLOAD_ENCRYPTION_KEYS entry clients and workers of this run use (for a worker in another process). */
  readonly payloadKeyEntry: string | undefined;
  readonly client: Client;
  readonly connection: NativeConnection;
  createWorker(taskQueue: string, activities: object, options?: { maxCachedWorkflows?: number; maxConcurrentActivityTaskExecutions?: number }): Promise<Worker>;
  stop(): Promise<void>;
}

export interface EphemeralTemporalOptions {
  /** 'throwaway-key' (default): encrypt with a key made for this run; 'off': plaintext payloads. */
  readonly payloadEncryption?: 'throwaway-key' | 'off';
  /** A Temporal already running (a cluster, for the benchmark): used instead of starting a dev server. */
  readonly address?: string;
  /**
   * The dev server's SQLite file; omitted → in memory. A long run wants a file: under heavy CPU starvation the
   * in-memory server has been seen to lose its state (its shard, then the namespace) and never recover.
   */
  readonly dbFilename?: string;
}

export async function startEphemeralTemporal(options: EphemeralTemporalOptions = {}): Promise<EphemeralTemporal> {
  const payloadKeyEntry = options.payloadEncryption === 'off' ? undefined : newPayloadKeyEntry('ephemeral-1');
  const dataConverter: DataConverter | undefined = payloadKeyEntry === undefined ? undefined : encryptedDataConverter(parsePayloadKeyRing([payloadKeyEntry]));
  const startServer = async () => (options.address === undefined
    ? startDevServer({ cliPath: await ensureTemporalCli(), port: await freePort(), readyTimeoutMs: 90_000, ...(options.dbFilename === undefined ? {} : { dbFilename: options.dbFilename }) })
    : { address: options.address, stop: () => Promise.resolve() });
  const [server, bundlePath] = await Promise.all([startServer(), ensureWorkflowBundle()]);
  const clientConnection = await Connection.connect({ address: server.address });
  const connection = await NativeConnection.connect({ address: server.address });
  return {
    address: server.address, payloadKeyEntry,
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
