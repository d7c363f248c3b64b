/**
 * A Temporal dev server of the test's own, on a SQLite file, that the test may SIGKILL and start again on the
 * same port and file (R4). The shared server from global setup is in memory and must never be killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { startDevServer, type RunningDevServer } from '../../../../src/temporal/dev-server';
import { freePort } from '../../../../src/temporal/tcp-ports';

export interface RestartableDevServer {
  readonly address: string;
  readonly dbFilename: string;
  current(): RunningDevServer;
  /** SIGKILL: no shutdown hooks, no checkpoint; resolves once the process has gone. */
  kill(): Promise<void>;
  /** Starts a new server on the same port and database file; resolves when it serves the namespace. */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRestartableDevServer(): Promise<RestartableDevServer> {
  const dir = mkdtempSync(join(tmpdir(), 'notify-journeys-chaos-'));
  const dbFilename = join(dir, 'temporal.sqlite');
  const options = { cliPath: inject('temporalCliPath'), port: await freePort(), dbFilename, readyTimeoutMs: 60_000 };
  let server = await startDevServer(options);
  return {
    address: server.address,
    dbFilename,
    current: () => server,
    async kill() {
      const child = server.process;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      server = await startDevServer(options);
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
