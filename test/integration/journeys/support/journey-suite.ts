/**
 * One journey stack per test file: the real dev server from global setup, a worker on its own task queue,
 * the simulator and the callback gateway. Helpers start journeys through the Temporal adapter.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { journeyWorkflow, JourneyResult } from '../../../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../../support/temporal';
import { startJourneyHarness, type HarnessOptions, type JourneyHarness } from './journey-harness';
import { aStartRequest, idempotencyOf, type RequestOptions } from './requests';
import { TemporalUnavailableError } from '../../../../src/contracts/ports';

export interface JourneySuite {
  readonly env: TestWorkflowEnvironment;
  readonly h: JourneyHarness;
  readonly taskQueue: string;
  start(options?: RequestOptions): Promise<string>;
  resultOf(journeyId: string): Promise<JourneyResult>;
}

type SuiteOptions = Partial<Omit<HarnessOptions, 'client' | 'connection' | 'createWorker' | 'taskQueue'>> & { readonly maxCachedWorkflows?: number };

/** Registers beforeAll/afterAll and returns a handle whose fields are filled once the suite has started. */
export function useJourneySuite(options: SuiteOptions = {}): JourneySuite {
  const suite = {} as { -readonly [K in keyof JourneySuite]: JourneySuite[K] };
  beforeAll(async () => {
    suite.env = await connectTestEnvironment();
    suite.taskQueue = uniqueTaskQueue('journeys');
    const { maxCachedWorkflows, ...harness } = options;
    suite.h = await startJourneyHarness({
      client: suite.env.client, connection: suite.env.nativeConnection, taskQueue: suite.taskQueue, ...harness,
      createWorker: (queue, activities) => createTestWorker({
        connection: suite.env.nativeConnection, taskQueue: queue, activities,
        ...(maxCachedWorkflows === undefined ? {} : { maxCachedWorkflows }),
      }),
    });
    suite.start = async (requestOptions = {}) => {
      const request = aStartRequest(suite.h.catalogue, requestOptions);
      const started = await suite.h.service.start(request, idempotencyOf(request));
      if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
      return started.journey.journeyId;
    };
    suite.resultOf = (journeyId) => suite.env.client.workflow.getHandle<typeof journeyWorkflow>(journeyId).result();
  });
  afterAll(async () => {
    await suite.h?.close();
    await suite.env?.teardown();
  });
  return suite;
}

/**
 * Polls until the probe answers. A probe that finds Temporal briefly unavailable (a query past its deadline on a
 * loaded 2-core machine: with no workflow cache, every query replays the whole history) counts as "not yet",
 * exactly as a client of the API would retry a 503; the overall timeout still bounds the wait.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await notYetIfUnavailable(probe);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function notYetIfUnavailable<T>(probe: () => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
  try {
    return await probe();
  } catch (error) {
    if (error instanceof TemporalUnavailableError) return undefined;
    throw error;
  }
}
