/**
 * One `npm start` of this project in a child process, with ROLE and the rest given as environment: how the
 * cluster tests and the benchmark run API and worker replicas exactly as a deployment runs them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '..', 'main.ts');

export interface RoleProcess {
  /** The API, or the worker's health and metrics endpoint. */
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** SIGTERM (a graceful drain), SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process exited during start-up (${child.exitCode}):\n${output()}`);
    if ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms:\n${output()}`);
}

/** Starts `src/main.ts` with `env` over this process's environment and waits until its /readyz says 200. */
export async function startRoleProcess(env: NodeJS.ProcessEnv, url: string, timeoutMs = 120_000): Promise<RoleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString()).slice(-4_000); });
  child.stdout?.resume();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (graceMs = 20_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.kill('SIGTERM');
    await exited;
    clearTimeout(killer);
  };
  try {
    await waitReady(url, child, () => stderr, timeoutMs);
  } catch (error) {
    await stop(1_000);
    throw error;
  }
  return { url, pid: child.pid ?? 0, child, stop };
}
