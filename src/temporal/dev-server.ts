/**
 * Runs `temporal server start-dev` as a child process: the embedded default for `npm start`, and the real
 * server every integration test runs against. SQLite on disk (WAL) when a database file is given, so journeys
 * survive a restart; in memory otherwise (tests). The project's search attributes are registered at start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributeCliArgs } from './search-attributes';
import { forgetDevServerPid, recordDevServerPid } from './orphan-reaper';
import type { Logger } from '../observability/logger';

export interface DevServerOptions {
  readonly cliPath: string;
  readonly ip?: string;
  readonly port: number;
  /** Web UI port, or undefined for a headless server. */
  readonly uiPort?: number;
  /** Where the Web UI sends payloads to decode (our gateway's /codec), so ops read history with the key. */
  readonly uiCodecEndpoint?: string;
  /** SQLite file; omitted means in memory. */
  readonly dbFilename?: string;
  readonly namespace?: string;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly readyTimeoutMs?: number;
  readonly logger?: Logger;
}

export interface RunningDevServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export function devServerArgs(options: DevServerOptions): string[] {
  const args = ['server', 'start-dev', '--ip', options.ip ?? '127.0.0.1', '--port', String(options.port),
    '--namespace', options.namespace ?? 'default', '--log-level', options.logLevel ?? 'warn', '--log-format', 'json',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value', 'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    '--dynamic-config-value', 'system.enableEagerWorkflowStart=true',
    ...searchAttributeCliArgs()];
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.uiPort !== undefined && options.uiCodecEndpoint !== undefined) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFilename) {
    // WAL keeps readers and the single writer apart; NORMAL is durable across process crashes in WAL mode.
    args.push('--db-filename', options.dbFilename, '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL');
  }
  return args;
}

/** Polls the frontend until it serves the namespace: after a restart on an old database this can take a while. */
export async function waitForTemporal(address: string, namespace: string, timeoutMs: number, exited?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const exit = exited?.();
    if (exit) throw new Error(`Temporal exited during start-up (${exit})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`Temporal at ${address} did not become ready within ${timeoutMs} ms: ${String(lastError)}`);
}

export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  if (options.dbFilename) mkdirSync(dirname(options.dbFilename), { recursive: true });
  const ip = options.ip ?? '127.0.0.1';
  // Its own process group: a terminal's Ctrl-C reaches only us, and we stop the server last, after the worker
  // has drained (otherwise the worker retries against a dead server and shutdown drags on). Whenever this
  // process exits, for any reason short of SIGKILL, the server goes with it.
  const child = spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  if (options.dbFilename && child.pid !== undefined) recordDevServerPid(options.dbFilename, child.pid);
  let exitReason: string | undefined;
  child.on('exit', (code, signal) => {
    exitReason = `code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
    process.removeListener('exit', killOnExit);
    if (options.dbFilename) forgetDevServerPid(options.dbFilename);
  });
  // The server's own JSON logs go to our logger at debug; errors surface at warn.
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const level = /"level":"(error|fatal)"/.test(line) ? 'warn' : 'debug';
      options.logger?.[level]({ temporal: line.slice(0, 2_000) }, 'temporal dev server');
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);

  const address = `${ip}:${options.port}`;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  try {
    await waitForTemporal(address, options.namespace ?? 'default', options.readyTimeoutMs ?? 60_000, () => exitReason);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, uiUrl: options.uiPort === undefined ? undefined : `http://${ip === '127.0.0.1' ? 'localhost' : ip}:${options.uiPort}`, process: child, stop };
}
