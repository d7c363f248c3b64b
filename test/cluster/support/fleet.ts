/**
 * The production shape as real child processes: N `ROLE=worker` and M `ROLE=api` processes (`src/main.ts`,
 * what `npm start` runs) against one cluster, sharing a data folder (the local tier's generated keys and
 * secrets, as replicas share them from a secrets manager). API 1 also runs the NHS Notify simulator, which
 * calls back to it; the others run none. Durations are scaled 1/3600.
 */
import { join } from 'node:path';
import { startRoleProcess, type RoleProcess } from '../../../src/stack/role-process';
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

export async function startFleet(options: { temporalAddress: string; dataDir: string; workers: number; apis: number }): Promise<RunningFleet> {
  const simulatorPort = await freePort();
  const taskQueue = 'cluster-fleet';
  const common = {
    TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: taskQueue, DATA_DIR: options.dataDir,
    SIMULATOR_PORT: String(simulatorPort), JOURNEY_TIME_SCALE: String(1 / 3600), LOG_LEVEL: 'warn',
  };
  const started: Array<{ role: 'api' | 'worker'; process: RoleProcess }> = [];
  const add = async (role: 'api' | 'worker', env: Record<string, string> = {}) => {
    const port = await freePort();
    const process = await startRoleProcess({ ...common, ROLE: role, ...(role === 'api' ? { API_PORT: String(port) } : { WORKER_HTTP_PORT: String(port) }), ...env },
      `http://127.0.0.1:${port}`);
    started.push({ role, process });
  };
  const stop = async () => {
    await Promise.all(started.map((s) => s.process.stop()));
  };
  try {
    // API 1 first: it creates the shared local credentials and runs the simulator the workers send to.
    await add('api');
    await Promise.all([
      ...Array.from({ length: options.workers }, () => add('worker')),
      ...Array.from({ length: options.apis - 1 }, () => add('api', { SIMULATOR_ENABLED: 'false' })),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  const describe = (role: 'api' | 'worker') => started.filter((s) => s.role === role).map((s) => ({ role, url: s.process.url, pid: s.process.pid }));
  return { apis: describe('api'), workers: describe('worker'), simulatorUrl: `http://127.0.0.1:${simulatorPort}`, dataDir: options.dataDir, taskQueue, stop };
}

export function devApiKeyPath(dataDir: string): string {
  return join(dataDir, 'dev-api-key');
}
