/**
 * R4: the Temporal server itself dies mid-run (SIGKILL, SQLite on disk) and comes back on the same port and
 * file. Nothing in the stack is restarted by hand: the worker's NativeConnection and the client reconnect on
 * their own, and every journey must still end delivered with exactly one accepted message.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { messageReference } from '../../../src/domain';
import type { LedgerEntry } from '../../../src/simulator';
import type { journeyWorkflow } from '../../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import { startJourneyHarness, type JourneyHarness } from '../journeys/support/journey-harness';
import { aStartRequest, idempotencyOf } from '../journeys/support/requests';
import { drainingSink } from './support/draining-sink';
import { startRestartableDevServer, type RestartableDevServer } from './support/own-dev-server';

const JOURNEYS = Number(process.env.R4_JOURNEYS ?? 30);

describe('R4: journeys survive a Temporal server restart', () => {
  let server: RestartableDevServer | undefined;
  let env: TestWorkflowEnvironment | undefined;
  let h: JourneyHarness | undefined;
  const callbacks = drainingSink();
  afterAll(async () => {
    await h?.close();
    await callbacks.drained();
    await env?.teardown();
    await server?.dispose();
  });

  it(`R4: ${JOURNEYS} journeys, the dev server SIGKILLed mid-run and restarted on the same SQLite file: all delivered, exactly 1 accepted message each`, async () => {
    server = await startRestartableDevServer();
    env = await connectTestEnvironment(server.address);
    const connection = env.nativeConnection;
    h = await startJourneyHarness({
      client: env.client, connection, taskQueue: uniqueTaskQueue('r4-restart'), wrapSink: (sink) => callbacks.wrap(sink),
      createWorker: (queue, activities) => createTestWorker({ connection, taskQueue: queue, activities }),
    });
    const stack = h;
    // Sends are held a little so the kill lands while some are in flight and others not yet started.
    stack.sim.faults.latency(400, { route: 'messages', rate: 0.5 });
    let accepted = 0;
    const halfAccepted = new Promise<void>((resolve) => stack.sim.events.on('accepted', (_: LedgerEntry) => {
      accepted += 1;
      if (accepted === Math.ceil(JOURNEYS / 2)) resolve();
    }));
    const ids = await Promise.all(Array.from({ length: JOURNEYS }, async () => {
      const request = aStartRequest(stack.catalogue, { recipient: 'deliveredFirstChannel' });
      const started = await stack.service.start(request, idempotencyOf(request));
      if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
      return started.journey.journeyId;
    }));
    await halfAccepted;

    await server.kill();
    const acceptedAtKill = accepted;
    const killedAt = Date.now();
    await server.restart();
    const restartedAt = Date.now();
    const results = await Promise.all(ids.map((id) => env!.client.workflow.getHandle<typeof journeyWorkflow>(id).result()));
    const recoveredAt = Date.now();
    console.info(`R4: accepted at kill ${acceptedAtKill}/${JOURNEYS}; server back in ${restartedAt - killedAt} ms; all journeys done ${recoveredAt - killedAt} ms after the kill`);

    expect(stack.worker.getState()).toBe('RUNNING'); // the same worker, reconnected on its own
    expect(results.map((r) => r.outcome)).toEqual(Array(JOURNEYS).fill('delivered'));
    for (const id of ids) expect(stack.sim.ledger.byReference(messageReference(id, 'nhsapp', 'nhsapp')), id).toHaveLength(1);
    expect(stack.sim.ledger.duplicates()).toEqual([]);
    expect(stack.sim.ledger.countAccepted()).toBe(JOURNEYS);
  }, 90_000);
});
