/**
 * `npm run temporal:cluster`: a PostgreSQL-backed Temporal cluster and its Web UI, in the foreground.
 * Ctrl-C (or SIGTERM) stops the UI and every server process; nothing is left running.
 *
 *   npm run temporal:cluster [-- --services split --db-prefix my_temporal --headless]
 *
 * Variables, like the dev server's: TEMPORAL_GRPC_PORT (7233), TEMPORAL_UI_PORT (8233), TEMPORAL_NAMESPACE
 * (default), TEMPORAL_POSTGRES_URL (postgres://postgres@127.0.0.1:5432), TEMPORAL_DB_PREFIX (temporal:
 * databases `temporal` and `temporal_visibility`), TEMPORAL_CODEC_ENDPOINT (http://localhost:3000/codec).
 */
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../../observability/logger';
import { assertPortFree } from '../tcp-ports';
import { ensureClusterBinaries } from './binaries';
import { DEFAULT_POSTGRES_URL, startCluster, type RunningCluster } from './cluster';

interface CliOptions {
  services: 'one' | 'split';
  dbPrefix: string;
  postgresUrl: string;
  grpcPort: number;
  uiPort: number;
  headless?: boolean;
  namespace: string;
  codecEndpoint: string;
  dataDir: string;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65_535) throw new InvalidArgumentError('must be a port number');
  return n;
}

function layout(value: string): 'one' | 'split' {
  if (value !== 'one' && value !== 'split') throw new InvalidArgumentError("must be 'one' (all four services in one process) or 'split' (one process each)");
  return value;
}

const env = process.env;
const program = new Command('temporal:cluster')
  .description('Run a PostgreSQL-backed Temporal cluster (frontend, history, matching, worker) and its Web UI')
  .option('--services <layout>', "'one' process for all four services, or 'split' into one each", layout, 'one')
  .option('--db-prefix <prefix>', 'database name prefix (<prefix> and <prefix>_visibility)', env.TEMPORAL_DB_PREFIX ?? 'temporal')
  .option('--postgres-url <url>', 'PostgreSQL server', env.TEMPORAL_POSTGRES_URL ?? DEFAULT_POSTGRES_URL)
  .option('--grpc-port <port>', 'frontend gRPC port', port, port(env.TEMPORAL_GRPC_PORT ?? '7233'))
  .option('--ui-port <port>', 'Web UI port', port, port(env.TEMPORAL_UI_PORT ?? '8233'))
  .option('--headless', 'run no Web UI')
  .option('--namespace <name>', 'namespace to create', env.TEMPORAL_NAMESPACE ?? 'default')
  .option('--codec-endpoint <url>', "the project's /codec, for the Web UI", env.TEMPORAL_CODEC_ENDPOINT ?? `http://localhost:${env.API_PORT ?? '3000'}/codec`)
  .option('--data-dir <dir>', 'where the config files are written', join(env.DATA_DIR ?? '.data', 'temporal-cluster'));

async function main(): Promise<void> {
  const options = program.parse().opts<CliOptions>();
  const logger = createLogger({ level: 'info' });
  await assertPortFree(options.grpcPort, 'Temporal gRPC', 'TEMPORAL_GRPC_PORT');
  if (!options.headless) await assertPortFree(options.uiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  const binaries = await ensureClusterBinaries();

  const running: { cluster?: RunningCluster } = {};
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write('\nstopping the Temporal cluster...\n');
    // During start-up there is nothing to stop yet: main() stops the cluster as soon as it is up.
    if (running.cluster) void running.cluster.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  const cluster = await startCluster({
    binaries, postgresUrl: options.postgresUrl, databasePrefix: options.dbPrefix, grpcPort: options.grpcPort,
    uiPort: options.headless ? undefined : options.uiPort, codecEndpoint: options.codecEndpoint, namespace: options.namespace,
    splitServices: options.services === 'split', workDir: resolve(options.dataDir), logger,
  });
  running.cluster = cluster;
  if (stopping) {
    await cluster.stop();
    process.exit(0);
  }
  const uiOrigin = cluster.uiUrl;
  process.stdout.write([
    '',
    `Temporal cluster ready (PostgreSQL databases ${cluster.databases.main}, ${cluster.databases.visibility}; ${options.services === 'split' ? 'one process per service' : 'one process'})`,
    `  gRPC:    ${cluster.address}   namespace: ${options.namespace}`,
    `  Web UI:  ${uiOrigin ?? '(headless)'}`,
    '',
    'Run the engine on it, as many of each as you like:',
    `  TEMPORAL_ADDRESS=${cluster.address} ROLE=worker WORKER_HTTP_PORT=3001 npm start`,
    `  TEMPORAL_ADDRESS=${cluster.address} ROLE=api${uiOrigin ? ` PAYLOAD_CODEC_CORS_ORIGINS=${uiOrigin}` : ''} npm start`,
    '',
    'Ctrl-C stops it.',
    '',
  ].join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`\ntemporal:cluster could not start:\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
