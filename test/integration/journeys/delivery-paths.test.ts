import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { journeyWorkflow, type JourneyResult } from '../../../workflows';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import { startJourneyHarness, type JourneyHarness } from './support/journey-harness';
import { aStartRequest, idempotencyOf } from './support/requests';

describe('journeys on the real dev server: delivery paths through the simulator', () => {
  let env: TestWorkflowEnvironment;
  let h: JourneyHarness;
  beforeAll(async () => {
    env = await connectTestEnvironment();
    const taskQueue = uniqueTaskQueue('journeys');
    h = await startJourneyHarness({
      client: env.client, connection: env.nativeConnection, taskQueue,
      createWorker: (queue, activities) => createTestWorker({ connection: env.nativeConnection, taskQueue: queue, activities }),
    });
  });
  afterAll(async () => {
    await h?.close();
    await env?.teardown();
  });

  async function run(recipient: Parameters<typeof aStartRequest>[1]) {
    const request = aStartRequest(h.catalogue, recipient);
    const started = await h.service.start(request, idempotencyOf(request));
    if (started.kind !== 'new') throw new Error(`expected a new journey, got ${started.kind}`);
    const result: JourneyResult = await env.client.workflow.getHandle<typeof journeyWorkflow>(started.journey.journeyId).result();
    return { journeyId: started.journey.journeyId, result };
  }

  it('delivers on the NHS App the first time and records which wording went out (C4)', async () => {
    const { journeyId, result } = await run({ recipient: 'deliveredFirstChannel' });
    expect(result.outcome).toBe('delivered');
    const nhsapp = result.view.steps.find((s) => s.stepId === 'nhsapp');
    expect(nhsapp?.status).toBe('delivered');
    expect(h.sim.ledger.byReference(nhsapp!.messageReference)).toHaveLength(1);
    const details = await h.service.get(journeyId);
    expect(details?.status).toBe('delivered');
    expect(details?.timeline.some((e) => e.kind === 'message-sent' && e.templateVersion === '1')).toBe(true);
  });
});
