/**
 * Worker bootstrap: a prebuilt workflow bundle, concurrency knobs from config, and graceful shutdown.
 * On SIGINT/SIGTERM the SDK stops polling and lets in-flight activities finish within shutdownGraceTime.
 */
import { Runtime, Worker, DefaultLogger, makeTelemetryFilterString, NativeConnection } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { TemporalConfig } from '../config';
import type { TemporalTarget } from './connection';
import type { Logger } from '../observability/logger';

export interface WorkerBootstrap {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly workflowBundlePath: string;
  readonly activities: object;
  /** The encrypting data converter: the worker decodes inputs and encodes results and failures with it. */
  readonly dataConverter: DataConverter;
  readonly tuning: TemporalConfig['worker'];
  /** Server-side cap on activity starts per second on the task queue: paces NHS Notify sends for a cohort. */
  readonly maxTaskQueueActivitiesPerSecond?: number;
}

export function connectWorker(target: TemporalTarget): Promise<NativeConnection> {
  return NativeConnection.connect(target.connectionOptions);
}

let runtimeInstalled = false;

/**
 * Routes the SDK's own logs through our logger once per process (the Runtime is a process singleton), and, given
 * a bind address, serves the SDK's Prometheus metrics there: the worker's own (schedule-to-start latency, slots,
 * sticky cache) and the journey outcome metrics workflows record (workflows/common/journey-metrics.ts).
 */
export function installRuntimeLogger(logger: Logger, sdkMetricsAddress?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => logger.warn({ sdk: withoutErrorText(entry.meta) }, entry.message)),
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) },
        ...(sdkMetricsAddress === undefined ? {} : { metrics: { prometheus: { bindAddress: sdkMetricsAddress } } }),
      },
      shutdownSignals: [],
    });
  } catch {
    // Someone in this process (a test harness) installed the Runtime first; keep theirs.
  }
}

/**
 * P1: the SDK logs failed workflows and activities with the error attached, and an error message may echo
 * patient data (the reason failures are encrypted in history). Keep only the error's class and type.
 */
export function withoutErrorText(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!meta) return meta;
  const describe = (error: unknown) => (error instanceof Error ? { name: error.name, type: (error as { type?: unknown }).type } : typeof error);
  return Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, value instanceof Error ? describe(value) : value]));
}

export function createWorker(boot: WorkerBootstrap): Promise<Worker> {
  return Worker.create({
    connection: boot.connection,
    namespace: boot.namespace,
    taskQueue: boot.taskQueue,
    workflowBundle: { codePath: boot.workflowBundlePath },
    activities: boot.activities,
    dataConverter: boot.dataConverter,
    maxConcurrentActivityTaskExecutions: boot.tuning.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: boot.tuning.maxConcurrentWorkflowTasks,
    maxCachedWorkflows: boot.tuning.maxCachedWorkflows,
    ...(boot.maxTaskQueueActivitiesPerSecond === undefined ? {} : { maxTaskQueueActivitiesPerSecond: boot.maxTaskQueueActivitiesPerSecond }),
    shutdownGraceTime: boot.tuning.shutdownGraceMs,
  });
}
