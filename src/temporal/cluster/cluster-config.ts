/**
 * The files a PostgreSQL-backed Temporal cluster runs from, as plain data: the server config (both stores on
 * the `postgres12` plugin, fixed ports so a restarted process comes back where clients look for it), the
 * dynamic config (what the dev server turns on for us), and the Web UI server's config. Written as JSON, which
 * every YAML reader accepts. Pure: cluster.ts decides the ports and writes the files.
 */

export const CLUSTER_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number];

/** numHistoryShards is fixed for a cluster's life; 16 spreads a 2-core machine's load without waste. */
export const HISTORY_SHARDS = 16;

export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** The server requires a non-empty password even under trust authentication. */
  readonly password: string;
}

/** The two databases of one cluster, named from a prefix so test runs and developers never share one. */
export function databaseNames(prefix: string): { readonly main: string; readonly visibility: string } {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`database prefix must be lower-case letters, digits and _ (got ${JSON.stringify(prefix)})`);
  return { main: prefix, visibility: `${prefix}_visibility` };
}

/** TEMPORAL_POSTGRES_URL (postgres://user[:password]@host[:port]) as the parts the server's config needs. */
export function parsePostgresUrl(url: string): PostgresTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('TEMPORAL_POSTGRES_URL must be a postgres:// URL');
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || 'postgres',
    password: decodeURIComponent(parsed.password) || 'unused-under-trust-auth',
  };
}

export interface ServicePorts {
  readonly grpc: number;
  readonly membership: number;
}

export interface ClusterLayout {
  readonly postgres: PostgresTarget;
  readonly databasePrefix: string;
  /** Frontend gRPC (TEMPORAL_GRPC_PORT) and HTTP; the other services' gRPC and membership ports. */
  readonly frontendHttpPort: number;
  readonly ports: Readonly<Record<ClusterService, ServicePorts>>;
  readonly metricsPort: number;
  readonly dynamicConfigPath: string;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
}

function datastore(postgres: PostgresTarget, databaseName: string, maxConns: number) {
  return {
    sql: {
      pluginName: 'postgres12', databaseName, connectAddr: `${postgres.host}:${postgres.port}`, connectProtocol: 'tcp',
      user: postgres.user, password: postgres.password, maxConns, maxIdleConns: maxConns, maxConnLifetime: '1h',
    },
  };
}

export function serverConfig(layout: ClusterLayout): Record<string, unknown> {
  const databases = databaseNames(layout.databasePrefix);
  const frontend = `127.0.0.1:${layout.ports.frontend.grpc}`;
  const services = Object.fromEntries(CLUSTER_SERVICES.map((service) => [service, {
    rpc: {
      grpcPort: layout.ports[service].grpc, membershipPort: layout.ports[service].membership, bindOnLocalHost: true,
      ...(service === 'frontend' ? { httpPort: layout.frontendHttpPort } : {}),
    },
  }]));
  return {
    log: { stdout: true, level: layout.logLevel, format: 'json' },
    persistence: {
      defaultStore: 'default', visibilityStore: 'visibility', numHistoryShards: HISTORY_SHARDS,
      datastores: { default: datastore(layout.postgres, databases.main, 20), visibility: datastore(layout.postgres, databases.visibility, 10) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${layout.metricsPort}` } },
    },
    services,
    clusterMetadata: {
      enableGlobalNamespace: false, failoverVersionIncrement: 10, masterClusterName: 'active', currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: frontend, httpAddress: `127.0.0.1:${layout.frontendHttpPort}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: layout.dynamicConfigPath, pollInterval: '10s' },
  };
}

/** What `temporal server start-dev` turns on and the project relies on (updates, eager start, fresh search attributes). */
export function dynamicConfig(): Record<string, Array<{ value: unknown }>> {
  const on = [{ value: true }];
  return {
    'frontend.enableUpdateWorkflowExecution': on,
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted': on,
    'frontend.enableExecuteMultiOperation': on,
    'system.enableEagerWorkflowStart': on,
    'system.forceSearchAttributesCacheRefreshOnRead': on,
  };
}

export interface UiLayout {
  readonly temporalAddress: string;
  readonly port: number;
  /** The project's /codec, fetched by the browser so ops read encrypted payloads with the key. */
  readonly codecEndpoint: string | undefined;
  readonly namespace: string;
}

export function uiServerConfig(ui: UiLayout): Record<string, unknown> {
  return {
    temporalGrpcAddress: ui.temporalAddress, host: '127.0.0.1', port: ui.port, enableUi: true, publicPath: '',
    defaultNamespace: ui.namespace, notifyOnNewVersion: false, refreshInterval: '1m',
    cors: { cookieInsecure: true, allowOrigins: [`http://localhost:${ui.port}`, `http://127.0.0.1:${ui.port}`] },
    auth: { enabled: false },
    codec: { endpoint: ui.codecEndpoint ?? '', passAccessToken: false, includeCredentials: false },
  };
}
