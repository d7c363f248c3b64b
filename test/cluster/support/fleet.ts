/**
 * The production shape as real child processes: N `ROLE=worker` and M `ROLE=api` processes (`src/main.ts`,
 * what `npm start` runs) against one cluster, sharing a data folder (the local tier's generated keys and
 * secrets, as replicas share them from a secrets manager). API 1 also runs the NHS Notify simulator, which
 * calls back to it; the others run none. Durations are scaled 1/3600.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { freePort } from '../../../src/temporal/tcp-ports';

export interface FleetProcess {
  readonly role: 'api' | 'worker';
  /** The API, or the worker's health and metrics endpoint. */
  readonly url: string;
  readonly pid: number;
}

export interface FleetDescription {
  readonly apis: readonly FleetProcess[];
  readonly workers: readonly FleetProcess[];
  readonly simulatorUrl: string;
  readonly dataDir: string;
  readonly taskQueue: string;
}

export interface RunningFleet extends FleetDescription {
  stop(): Promise<void>;
}

const MAIN = resolve(__dirname, '..', '..', '..', 'src', 'main.ts');

function spawnRole(env: NodeJS.ProcessEnv, logTo: (line: string) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => logTo(chunk.toString()));
  child.stdout?.resume();
  return child;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited during start-up (${child.exitCode})`);
    if ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  child.kill('SIGTERM');
  await exited;
  clearTimeout(killer);
}

export async function startFleet(options: { temporalAddress: string; dataDir: string; workers: number; apis: number }): Promise<RunningFleet> {
  const simulatorPort = await freePort();
  const taskQueue = 'cluster-fleet';
  const common = {
    TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: options.dataDir,
    SIMULATOR_PORT: String(simulatorPort), JOURNEY_TIME_SCALE: String(1 / 3600), LOG_LEVEL: 'warn',
  };
  const stderr: string[] = [];
  const log = (line: string) => { if (stderr.length < 200) stderr.push(line); };
  const children: ChildProcess[] = [];
  const started: Array<{ process: FleetProcess; child: ChildProcess }> = [];
  const add = async (role: 'api' | 'worker', env: Record<string, string>) => {
    const port = await freePort();
    const child = spawnRole({ ...common, ROLE: role, ...(role === 'api' ? { API_PORT: String(port) } : { WORKER_HTTP_PORT: String(port) }), ...env }, log);
    children.push(child);
    const entry = { process: { role, url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0 }, child };
    started.push(entry);
    return entry;
  };
  const stop = async () => {
    await Promise.all(children.map(stopChild));
  };
  try {
    // API 1 first: it creates the shared local credentials and runs the simulator the workers send to.
    const first = await add('api', {});
    await waitReady(first.process.url, first.child);
    const rest = [
      ...await Promise.all(Array.from({ length: options.workers }, () => add('worker', {}))),
      ...await Promise.all(Array.from({ length: options.apis - 1 }, () => add('api', { SIMULATOR_ENABLED: 'false' }))),
    ];
    await Promise.all(rest.map((entry) => waitReady(entry.process.url, entry.child)));
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${stderr.join('').slice(-4_000)}`);
  }
  return {
    apis: started.filter((s) => s.process.role === 'api').map((s) => s.process),
    workers: started.filter((s) => s.process.role === 'worker').map((s) => s.process),
    simulatorUrl: `http://127.0.0.1:${simulatorPort}`, dataDir: options.dataDir, taskQueue, stop,
  };
}

export function devApiKeyPath(dataDir: string): string {
  return join(dataDir, 'dev-api-key');
}
