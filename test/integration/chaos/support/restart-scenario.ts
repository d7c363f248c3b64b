/**
 * R4, the scenario both Temporal servers must pass (the dev server on SQLite, the cluster on PostgreSQL): journeys
 * run on a harness connected to a server the test owns; when half the messages are accepted the server process
 * is SIGKILLed and started again. Nothing in the stack is restarted by hand. Every journey must end delivered
 * with exactly one accepted message.
 */
import { expect } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { messageReference } from '../../../../src/domain';
import type { LedgerEntry } from '../../../../src/simulator';
import type { journeyWorkflow } from '../../../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../../support/temporal';
import { startJourneyHarness, type JourneyHarness } from '../../journeys/support/journey-harness';
import { aStartRequest, idempotencyOf } from '../../journeys/support/requests';
import { drainingSink } from './draining-sink';

export interface RestartableServer {
  readonly address: string;
  /** SIGKILL; resolves once the process has gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and store; resolves when it serves. */
  restart(): Promise<void>;
}

export interface RestartRun {
  /** Tears down the harness and the test environment (not the server). */
  close(): Promise<void>;
}

export async function journeysSurviveRestart(server: RestartableServer, journeys: number, label: string): Promise<RestartRun> {
  const callbacks = drainingSink();
  let env: TestWorkflowEnvironment | undefined;
  let h: JourneyHarness | undefined;
  const close = async () => {
    await h?.close();
    await callbacks.drained();
    await env?.teardown();
  };
  try {
    env = await connectTestEnvironment(server.address);
    const connection = env.nativeConnection;
    h = await startJourneyHarness({
      client: env.client, connection, taskQueue: uniqueTaskQueue(`r4-${label}`), wrapSink: (sink) => callbacks.wrap(sink),
      createWorker: (queue, activities) => createTestWorker({ connection, taskQueue: queue, activities }),
    });
    const stack = h;
    // Sends are held a little so the kill lands while some are in flight and others not yet started.
    stack.sim.faults.latency(400, { route: 'messages', rate: 0.5 });
    let accepted = 0;
    const halfAccepted = new Promise<void>((resolve) => stack.sim.events.on('accepted', (_: LedgerEntry) => {
      accepted += 1;
      if (accepted === Math.ceil(journeys / 2)) resolve();
    }));
    const ids = await Promise.all(Array.from({ length: journeys }, async () => {
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
    const client = env.client;
    const results = await Promise.all(ids.map((id) => client.workflow.getHandle<typeof journeyWorkflow>(id).result()));
    console.info(`R4 (${label}): accepted at kill ${acceptedAtKill}/${journeys}; server back in ${restartedAt - killedAt} ms; all journeys done ${Date.now() - killedAt} ms after the kill`);

    expect(stack.worker.getState()).toBe('RUNNING'); // the same worker, reconnected on its own
    expect(results.map((r) => r.outcome)).toEqual(Array(journeys).fill('delivered'));
    for (const id of ids) expect(stack.sim.ledger.byReference(messageReference(id, 'nhsapp', 'nhsapp')), id).toHaveLength(1);
    expect(stack.sim.ledger.duplicates()).toEqual([]);
    expect(stack.sim.ledger.countAccepted()).toBe(journeys);
  } catch (error) {
    await close();
    throw error;
  }
  return { close };
}
