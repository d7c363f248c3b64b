/**
 * The Temporal a chaos run drives: our own dev server on a SQLite file, our own PostgreSQL-backed cluster (the
 * one `npm run temporal:cluster` runs, in databases named for the run and dropped afterwards), or a server
 * someone else runs. Ours can be crashed (SIGKILL) and started again on the same storage and ports; a server
 * someone else runs cannot, so the restart scenario skips it.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureTemporalCli } from '../../src/temporal/cli-binary';
import { ensureClusterBinaries } from '../../src/temporal/cluster/binaries';
import { DEFAULT_POSTGRES_URL, startCluster } from '../../src/temporal/cluster/cluster';
import { parsePostgresUrl } from '../../src/temporal/cluster/cluster-config';
import { dropDatabases } from '../../src/temporal/cluster/schema';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';
import { freePort } from '../../src/temporal/tcp-ports';

export type TemporalBackendChoice =
  | { readonly kind: 'dev-server' }
  | { readonly kind: 'cluster'; readonly postgresUrl?: string; readonly databasePrefix?: string }
  | { readonly kind: 'external'; readonly address: string };

export interface TemporalBackend {
  readonly address: string;
  /** What the run's figures say it ran on. */
  readonly description: string;
  /** SIGKILLs the server, then starts it again on the same storage; undefined when the server is not ours. */
  readonly crashAndRestart: (() => Promise<void>) | undefined;
  stop(): Promise<void>;
}

export function describeBackend(choice: TemporalBackendChoice): string {
  if (choice.kind === 'dev-server') return 'own dev server (SQLite)';
  if (choice.kind === 'cluster') return 'own PostgreSQL cluster';
  return `external ${choice.address}`;
}

/** A pause between the kill and the start, as an operator or a supervisor would leave. */
const RESTART_PAUSE_MS = 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startTemporalBackend(choice: TemporalBackendChoice, dir: string): Promise<TemporalBackend> {
  if (choice.kind === 'external') {
    return { address: choice.address, description: describeBackend(choice), crashAndRestart: undefined, stop: () => Promise.resolve() };
  }
  if (choice.kind === 'dev-server') {
    const options = { cliPath: await ensureTemporalCli(), port: await freePort(), dbFilename: join(dir, 'temporal.sqlite'), readyTimeoutMs: 120_000 };
    let server: RunningDevServer = await startDevServer(options);
    return {
      address: server.address, description: describeBackend(choice),
      async crashAndRestart() {
        const child = server.process;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        await sleep(RESTART_PAUSE_MS);
        server = await startDevServer(options);
      },
      stop: () => server.stop(),
    };
  }
  const postgresUrl = choice.postgresUrl ?? DEFAULT_POSTGRES_URL;
  // Lower-case and unique per run: other runs on the same PostgreSQL never share these databases.
  const databasePrefix = `${choice.databasePrefix ?? 'nj_chaos'}_${randomBytes(4).toString('hex')}`;
  const binaries = await ensureClusterBinaries();
  const drop = () => dropDatabases({ sqlTool: binaries.sqlTool, schemaDir: binaries.schemaDir, postgres: parsePostgresUrl(postgresUrl), databasePrefix });
  try {
    const cluster = await startCluster({
      binaries, postgresUrl, databasePrefix, grpcPort: 0, uiPort: undefined, codecEndpoint: undefined, namespace: 'default',
      splitServices: false, workDir: join(dir, 'cluster'), readyTimeoutMs: 180_000,
    });
    return {
      address: cluster.address, description: `${describeBackend(choice)} (databases ${cluster.databases.main}, ${cluster.databases.visibility})`,
      async crashAndRestart() {
        await cluster.killServer();
        await sleep(RESTART_PAUSE_MS);
        await cluster.startServer();
      },
      async stop() {
        await cluster.stop();
        await drop();
      },
    };
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
