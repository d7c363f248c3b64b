/**
 * Helpers for integration tests on the real dev server started by test/global-setup.ts.
 * Each test gets its own task queue so cached workflows and sticky queues never leak between tests.
 * Every client and worker here encrypts payloads, as production does, with a key made per test file.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type NativeConnection } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, encryptedDataConverter, newPayloadKeyEntry, parsePayloadKeyRing } from '../../src/temporal/payload-codec';

/** The PAYLOAD_ENCRYPTION_KEYS entry of this test file, for a worker in a child process. */
export const TEST_PAYLOAD_KEY_ENTRY = newPayloadKeyEntry('test-1');
const TEST_KEY_RING = parsePayloadKeyRing([TEST_PAYLOAD_KEY_ENTRY]);
export const TEST_DATA_CONVERTER = encryptedDataConverter(TEST_KEY_RING);

/** A fetched history is raw (encrypted): decode the timer and child summaries a test reads as text. */
export async function withDecodedSummaries(events: temporal.api.history.v1.IHistoryEvent[]): Promise<temporal.api.history.v1.IHistoryEvent[]> {
  const codec = new AesGcmPayloadCodec(TEST_KEY_RING);
  return Promise.all(events.map(async (event) => {
    const summary = event.userMetadata?.summary;
    if (!summary) return event;
    const [decoded] = await codec.decode([summary]);
    return { ...event, userMetadata: { ...event.userMetadata, summary: decoded } };
  }));
}

export function uniqueTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** @temporalio/testing pointed at our already-running server: it cannot download one here. */
export function connectTestEnvironment(address: string = inject('temporalAddress')): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createFromExistingServer({ address, client: { dataConverter: TEST_DATA_CONVERTER } });
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
    dataConverter: TEST_DATA_CONVERTER,
    ...(options.maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows: options.maxCachedWorkflows }),
    ...(options.shutdownGraceTime === undefined ? {} : { shutdownGraceTime: options.shutdownGraceTime }),
  });
}
