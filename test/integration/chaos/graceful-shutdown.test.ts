/**
 * R3: the worker is told to stop (SIGTERM does `worker.shutdown()`) while sends are on the wire. Within
 * `shutdownGraceTime` an in-flight send may finish; past it the send is cancelled (its HTTP request aborted)
 * and the next worker retries it under the same messageReference. Either way: one accepted message per
 * journey, the shutdown ends within grace + 5 s, and every journey still reaches its terminal state.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Worker } from '@temporalio/worker';
import { messageReference } from '../../../src/domain';
import type { journeyWorkflow } from '../../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import { startJourneyHarness, TEST_SEND_POLICY, type JourneyHarness } from '../journeys/support/journey-harness';
import { waitFor } from '../journeys/support/journey-suite';
import { aStartRequest, idempotencyOf } from '../journeys/support/requests';
import { sendTracker } from './support/send-tracker';

const JOURNEYS = 8;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Scenario { readonly graceMs: number; readonly holdSendMs: number }

async function shutdownMidSend({ graceMs, holdSendMs }: Scenario) {
  const env = await connectTestEnvironment();
  cleanups.push(() => env.teardown());
  const sends = sendTracker();
  const taskQueue = uniqueTaskQueue('r3-shutdown');
  const h: JourneyHarness = await startJourneyHarness({
    client: env.client, connection: env.nativeConnection, taskQueue,
    wrapNotify: (client) => sends.wrap(client),
    notifyTimeouts: { headersMs: holdSendMs + 4_000, totalMs: holdSendMs + 5_000 },
    sendPolicy: { ...TEST_SEND_POLICY, startToCloseMs: holdSendMs + 6_000 },
    createWorker: (queue, activities) => createTestWorker({ connection: env.nativeConnection, taskQueue: queue, activities, shutdownGraceTime: graceMs }),
  });
  cleanups.push(() => h.close());
  h.sim.faults.latency(holdSendMs, { route: 'messages', count: JOURNEYS });

  const ids = await Promise.all(Array.from({ length: JOURNEYS }, async () => {
    const request = aStartRequest(h.catalogue, { recipient: 'deliveredFirstChannel' });
    const started = await h.service.start(request, idempotencyOf(request));
    if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
    return started.journey.journeyId;
  }));
  const references = ids.map((id) => messageReference(id, 'nhsapp', 'nhsapp'));
  // Every journey has sent; on a busy machine the first may already be answered, the rest are held.
  await waitFor(() => (sends.started() === JOURNEYS ? true : undefined), 20_000, 'every journey sending');
  const inFlightAtShutdown = sends.inFlight();

  const shutdownStarted = Date.now();
  h.worker.shutdown();
  await waitFor(() => (isDone(h.worker) ? true : undefined), graceMs + 10_000, 'worker stopped');
  const shutdownMs = Date.now() - shutdownStarted;

  const fresh = await createTestWorker({ connection: env.nativeConnection, taskQueue, activities: h.activities });
  const results = await fresh.runUntil(Promise.all(ids.map((id) => env.client.workflow.getHandle<typeof journeyWorkflow>(id).result())));
  return { h, sends, references, inFlightAtShutdown, shutdownMs, results, finalState: h.worker.getState() };
}

function isDone(worker: Worker): boolean {
  return worker.getState() === 'STOPPED' || worker.getState() === 'FAILED';
}

function expectExactlyOncePerJourney(h: JourneyHarness, references: string[]): void {
  for (const reference of references) expect(h.sim.ledger.byReference(reference), reference).toHaveLength(1);
  expect(h.sim.ledger.duplicates()).toEqual([]);
}

describe('R3: graceful shutdown mid-send', () => {
  it('R3: sends held 2 s, shutdown with a 4 s grace: every in-flight send completes inside the grace; exactly 1 accepted message each; no journey lost', async () => {
    const graceMs = 4_000;
    const run = await shutdownMidSend({ graceMs, holdSendMs: 2_000 });
    console.info(`R3 (grace ${graceMs} ms > hold): shutdown took ${run.shutdownMs} ms`);

    expect(run.finalState).toBe('STOPPED');
    expect(run.shutdownMs).toBeLessThanOrEqual(graceMs + 5_000);
    expect(run.inFlightAtShutdown.length).toBeGreaterThan(0);
    // One attempt each, answered: the sends on the wire at shutdown completed inside the grace.
    for (const reference of run.references) expect(run.sends.attempts(reference), reference).toEqual(['accepted']);
    expect(run.results.map((r) => r.outcome)).toEqual(Array(JOURNEYS).fill('delivered'));
    expectExactlyOncePerJourney(run.h, run.references);
  }, 45_000);

  it('R3: sends held 4 s, shutdown with a 1 s grace: in-flight sends are cancelled and the next worker retries them under the same messageReference; exactly 1 accepted message each', async () => {
    const graceMs = 1_000;
    const run = await shutdownMidSend({ graceMs, holdSendMs: 4_000 });
    console.info(`R3 (grace ${graceMs} ms < hold): shutdown took ${run.shutdownMs} ms`);

    expect(run.finalState).toBe('STOPPED');
    expect(run.shutdownMs).toBeLessThanOrEqual(graceMs + 5_000);
    expect(run.inFlightAtShutdown.length).toBeGreaterThan(0);
    for (const reference of run.inFlightAtShutdown) {
      const attempts = run.sends.attempts(reference);
      // The cut-off attempt ended without an answer; a later one under the same reference got it accepted.
      expect(attempts[0], reference).toBe('failed');
      expect(attempts.length, reference).toBeGreaterThanOrEqual(2);
    }
    expect(run.results.map((r) => r.outcome)).toEqual(Array(JOURNEYS).fill('delivered'));
    expectExactlyOncePerJourney(run.h, run.references);
  }, 45_000);
});
