/**
 * How the ops CLI reaches the running service: the same config the service reads (environment, DATA_DIR, the
 * standard TEMPORAL_* variables), the same Temporal namespace and task queue, the same payload encryption
 * keys, so what it reads and changes is exactly what the service sees. Locally (no TEMPORAL_ADDRESS) it talks
 * to the dev server `npm start` embeds, with the development keys `npm start` keeps in DATA_DIR.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../../config';
import { ensureLocalDevCredentials } from '../../stack/local-dev';
import { connectClient, temporalTarget } from '../../temporal/connection';
import { createSendingControls, type SendingControlsService } from '../../temporal/controls/sending-controls-service';
import { encryptedDataConverter, parsePayloadKeyRing } from '../../temporal/payload-codec';

/** The service (its Temporal) could not be reached: exit code 3, so a script can tell it from a failed operation. */
export class ServiceUnreachableError extends Error {
  override readonly name = 'ServiceUnreachableError';
}

export interface ServiceConnection {
  readonly config: Config;
  readonly client: Client;
  readonly controls: SendingControlsService;
  close(): Promise<void>;
}

function payloadKeys(config: Config): readonly string[] {
  if (config.payloadEncryption.keys !== undefined) return config.payloadEncryption.keys;
  if (config.tier === 'local' && existsSync(join(config.dataDir, 'payload-encryption-key'))) {
    return [ensureLocalDevCredentials(config.dataDir).payloadKeyEntry];
  }
  throw new ServiceUnreachableError(`no PAYLOAD_ENCRYPTION_KEYS, and no local service has run in ${config.dataDir} (start it with npm start)`);
}

export async function connectToService(env: NodeJS.ProcessEnv = process.env): Promise<ServiceConnection> {
  const config = loadConfig(env);
  const dataConverter = encryptedDataConverter(parsePayloadKeyRing(payloadKeys(config), config.payloadEncryption.activeKeyId));
  const embedded = config.temporal.embedded === undefined ? undefined : `127.0.0.1:${config.temporal.embedded.grpcPort}`;
  const target = temporalTarget(config, dataConverter, embedded);
  let client: Client;
  try {
    client = await connectClient(target);
  } catch (error) {
    throw new ServiceUnreachableError(`cannot reach Temporal at ${target.connectionOptions.address ?? '(unset)'}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const controls = createSendingControls({ client, taskQueue: config.temporal.taskQueue, cacheMs: config.controls.cacheMs });
  return { config, client, controls, close: () => client.connection.close() };
}

/** Runs one command against the service and closes the connection, whatever happens. */
export async function withService<T>(work: (service: ServiceConnection) => Promise<T>): Promise<T> {
  const service = await connectToService();
  try {
    return await work(service);
  } finally {
    await service.close();
  }
}
