/**
 * One long-running child (a Temporal service or the UI server) in its own process group: a terminal's Ctrl-C
 * reaches only us, so we stop children in order; and whenever this process exits short of SIGKILL, they go
 * with it. Their JSON logs go to our logger at debug, errors at warn.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../observability/logger';

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Why it exited, or undefined while it runs. */
  exitReason(): string | undefined;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL now (a crash, for tests). */
  kill(): Promise<void>;
}

export function startServiceProcess(name: string, command: string, args: readonly string[], logger?: Logger): ServiceProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let reason: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    reason = `code ${code ?? 'none'}, signal ${signal ?? 'none'}`;
    process.removeListener('exit', killOnExit);
    resolve();
  }));
  child.once('error', (error) => {
    reason = error.message;
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const level = /"level":"(error|fatal|dpanic|panic)"/.test(line) ? 'warn' : 'debug';
      logger?.[level]({ [name]: line.slice(0, 2_000) }, name);
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const running = () => child.exitCode === null && child.signalCode === null && reason === undefined;
  return {
    name, child,
    exitReason: () => reason,
    async stop(graceMs = 10_000) {
      if (!running()) return;
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
