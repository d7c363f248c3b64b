/**
 * How this process reaches Temporal. The embedded dev server needs only an address; an existing cluster or
 * Temporal Cloud is described by the standard TEMPORAL_* variables (and optional TOML profile), read by
 * @temporalio/envconfig so our settings match the CLI's.
 */
import { Connection, Client } from '@temporalio/client';
// A type only: the worker package (and its bundler) is loaded by the processes that run a worker, not by every
// client such as the ops CLI.
import type { NativeConnectionOptions } from '@temporalio/worker';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { DataConverter } from '@temporalio/common';
import type { Config } from '../config';

export interface TemporalTarget {
  readonly connectionOptions: NativeConnectionOptions;
  readonly namespace: string;
  /** The encrypting data converter (payload-codec.ts): required, so no client or worker can forget it. */
  readonly dataConverter: DataConverter;
}

/**
 * Our parsed config decides address, namespace and API key; envconfig adds what it reads best (TLS files,
 * a TOML profile, gRPC metadata) from the same TEMPORAL_* variables.
 */
export function temporalTarget(config: Config, dataConverter: DataConverter, embeddedAddress?: string): TemporalTarget {
  if (embeddedAddress) return { connectionOptions: { address: embeddedAddress }, namespace: config.temporal.namespace, dataConverter };
  const loaded = loadClientConnectConfig();
  const apiKey = config.env.TEMPORAL_API_KEY ?? loaded.connectionOptions.apiKey;
  return {
    connectionOptions: { ...loaded.connectionOptions, address: config.temporal.address, ...(apiKey === undefined ? {} : { apiKey }) },
    namespace: config.temporal.namespace,
    dataConverter,
  };
}

export async function connectClient(target: TemporalTarget): Promise<Client> {
  const { address, tls, apiKey, metadata } = target.connectionOptions;
  const connection = await Connection.connect({ address, tls, apiKey, metadata });
  return new Client({ connection, namespace: target.namespace, dataConverter: target.dataConverter });
}
