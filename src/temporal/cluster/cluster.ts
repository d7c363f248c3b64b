/**
 * A PostgreSQL-backed Temporal cluster on this machine: schema created or upgraded, config written, the four
 * services started (one process, or one each), the namespace created with the project's search attributes,
 * and the Web UI server pointed at the project's codec endpoint. Ports are fixed for the cluster's life, so
 * the server can be killed and restarted under running clients and workers (the restart tests do exactly that).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from '../../observability/logger';
import { waitForTemporal } from '../dev-server';
import { prepareNamespace } from '../namespace-setup';
import { freePort, isPortFree } from '../tcp-ports';
import type { ClusterBinaries } from './binaries';
import {
  CLUSTER_SERVICES, databaseNames, dynamicConfig, parsePostgresUrl, serverConfig, uiServerConfig,
  type ClusterLayout, type ClusterService, type ServicePorts,
} from './cluster-config';
import { prepareSchema } from './schema';
import { startServiceProcess, type ServiceProcess } from './service-process';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432';
const ENV_NAME = 'cluster';

export interface ClusterOptions {
  readonly binaries: ClusterBinaries;
  readonly postgresUrl: string;
  readonly databasePrefix: string;
  /** Frontend gRPC port; 0 picks a free one. */
  readonly grpcPort: number;
  /** Web UI port; undefined runs no UI. */
  readonly uiPort: number | undefined;
  readonly codecEndpoint: string | undefined;
  readonly namespace: string;
  /** One process per service (frontend, history, matching, worker) instead of one for all four. */
  readonly splitServices: boolean;
  /** Where the config files go. */
  readonly workDir: string;
  readonly logLevel?: ClusterLayout['logLevel'];
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface RunningCluster {
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly databases: { readonly main: string; readonly visibility: string };
  /** The Temporal server's processes (one, or one per service). */
  serverProcesses(): readonly ServiceProcess[];
  /** SIGKILLs the server's processes (a crash); the databases and ports stay. */
  killServer(): Promise<void>;
  /** Starts the server again on the same config and waits until it serves the namespace. */
  startServer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A free port the cluster's membership table can hold: it stores ports as PostgreSQL smallint, so the OS's
 * ephemeral range (32768 and up) is refused at start-up.
 */
async function freeMembershipPort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (!taken.has(candidate) && (await isPortFree(candidate))) {
      taken.add(candidate);
      return candidate;
    }
  }
  throw new Error('no free port between 20000 and 32000 for cluster membership');
}

async function servicePorts(grpcPort: number): Promise<Record<ClusterService, ServicePorts>> {
  const taken = new Set<number>();
  const ports: Partial<Record<ClusterService, ServicePorts>> = {};
  for (const service of CLUSTER_SERVICES) {
    ports[service] = { grpc: service === 'frontend' && grpcPort !== 0 ? grpcPort : await freePort(), membership: await freeMembershipPort(taken) };
  }
  return ports as Record<ClusterService, ServicePorts>;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

async function waitForHttp(url: string, timeoutMs: number, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(`the Web UI server exited during start-up (${exit})`);
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the Web UI at ${url} did not answer within ${timeoutMs} ms`);
}

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const { binaries, logger } = options;
  const postgres = parsePostgresUrl(options.postgresUrl);
  const readyTimeoutMs = options.readyTimeoutMs ?? 120_000;
  await prepareSchema({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, postgres, databasePrefix: options.databasePrefix });
  logger?.info({ databases: databaseNames(options.databasePrefix) }, 'cluster databases ready (created or upgraded)');

  const configDir = join(options.workDir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigPath = join(configDir, 'dynamic-config.yaml');
  const ports = await servicePorts(options.grpcPort);
  const layout: ClusterLayout = {
    postgres, databasePrefix: options.databasePrefix, ports, frontendHttpPort: await freePort(), metricsPort: await freePort(),
    dynamicConfigPath, logLevel: options.logLevel ?? 'warn',
  };
  writeJson(dynamicConfigPath, dynamicConfig());
  writeJson(join(configDir, `${ENV_NAME}.yaml`), serverConfig(layout));
  const address = `127.0.0.1:${ports.frontend.grpc}`;

  let server: ServiceProcess[] = [];
  let ui: ServiceProcess | undefined;
  const serverArgs = (services: readonly ClusterService[]) => ['--root', configDir, '--config', '.', '--env', ENV_NAME, '--allow-no-auth', 'start',
    ...services.flatMap((service) => ['--service', service])];
  const stopServer = async () => {
    // Frontend first, so clients see UNAVAILABLE rather than half a cluster.
    for (const process of server) await process.stop();
  };
  const startServer = async () => {
    server = options.splitServices
      ? CLUSTER_SERVICES.map((service) => startServiceProcess(`temporal-${service}`, binaries.server, serverArgs([service]), logger))
      : [startServiceProcess('temporal-server', binaries.server, serverArgs(CLUSTER_SERVICES), logger)];
    const exited = () => server.map((p) => p.exitReason() && `${p.name}: ${p.exitReason()}`).find(Boolean);
    await waitForTemporal(address, 'temporal-system', readyTimeoutMs, exited);
  };

  const stop = async () => {
    await ui?.stop();
    await stopServer();
  };
  try {
    await startServer();
    const connection = await Connection.connect({ address });
    try {
      const prepared = await prepareNamespace(connection, options.namespace, readyTimeoutMs);
      logger?.info({ namespaceName: options.namespace, namespace: prepared.namespace, searchAttributesAdded: prepared.added }, 'namespace ready');
    } finally {
      await connection.close();
    }
    if (options.uiPort !== undefined) {
      const uiDir = join(options.workDir, 'ui');
      mkdirSync(uiDir, { recursive: true });
      writeJson(join(uiDir, `${ENV_NAME}.yaml`), uiServerConfig({ temporalAddress: address, port: options.uiPort, codecEndpoint: options.codecEndpoint, namespace: options.namespace }));
      const started = startServiceProcess('temporal-ui', binaries.uiServer, ['--root', uiDir, '--config', '.', '--env', ENV_NAME, 'start'], logger);
      ui = started;
      await waitForHttp(`http://127.0.0.1:${options.uiPort}/`, readyTimeoutMs, () => started.exitReason());
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address, databases: databaseNames(options.databasePrefix),
    uiUrl: options.uiPort === undefined ? undefined : `http://localhost:${options.uiPort}`,
    serverProcesses: () => server,
    killServer: async () => {
      for (const process of server) await process.kill();
    },
    startServer,
    stop,
  };
}
