/**
 * Worker bootstrap: a prebuilt workflow bundle, concurrency knobs from config, and graceful shutdown.
 * On SIGINT/SIGTERM the SDK stops polling and lets in-flight activities finish within shutdownGraceTime.
 */
import { Runtime, Worker, DefaultLogger, makeTelemetryFilterString, type NativeConnection } from '@temporalio/worker';
import type { TemporalConfig } from '../config';
import type { Logger } from '../observability/logger';

export interface WorkerBootstrap {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly workflowBundlePath: string;
  readonly activities: object;
  readonly tuning: TemporalConfig['worker'];
  /** Server-side cap on activity starts per second on the task queue: paces NHS Notify sends for a cohort. */
  readonly maxTaskQueueActivitiesPerSecond?: number;
}

let runtimeInstalled = false;

/** Routes the SDK's own logs through our logger once per process (the Runtime is a process singleton). */
export function installRuntimeLogger(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => logger.warn({ sdk: entry.meta }, entry.message)),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
      shutdownSignals: [],
    });
  } catch {
    // Someone in this process (a test harness) installed the Runtime first; keep theirs.
  }
}

export function createWorker(boot: WorkerBootstrap): Promise<Worker> {
  return Worker.create({
    connection: boot.connection,
    namespace: boot.namespace,
    taskQueue: boot.taskQueue,
    workflowBundle: { codePath: boot.workflowBundlePath },
    activities: boot.activities,
    maxConcurrentActivityTaskExecutions: boot.tuning.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: boot.tuning.maxConcurrentWorkflowTasks,
    ...(boot.tuning.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: boot.tuning.maxCachedWorkflows }),
    ...(boot.maxTaskQueueActivitiesPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: boot.maxTaskQueueActivitiesPerSecond }),
    shutdownGraceTime: boot.tuning.shutdownGraceMs,
  });
}
