/**
 * Helpers for integration tests on the real dev server started by test/global-setup.ts.
 * Each test gets its own task queue so cached workflows and sticky queues never leak between tests.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type NativeConnection } from '@temporalio/worker';

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** @temporalio/testing pointed at our already-running server: it cannot download one here. */
export function connectTestEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
}

export interface TestWorkerOptions {
  readonly connection: NativeConnection;
  readonly taskQueue: string;
  readonly activities: object;
  readonly maxCachedWorkflows?: number;
  readonly shutdownGraceTime?: number;
}

export function createTestWorker(options: TestWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    taskQueue: options.taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: options.activities,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.shutdownGraceTime === undefined ? {} : { shutdownGraceTime: options.shutdownGraceTime }),
  });
}
