import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { baselineAcknowledged, baselineWorkflow } from '../../../workflows';
import { createBaselineActivities } from '../../../activities';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';

describe('a workflow on the real Temporal dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await connectTestEnvironment();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs an activity and a signal through a real worker, and records both in history', async () => {
    const taskQueue = uniqueTaskQueue('baseline');
    const fixedClock = () => new Date('2026-11-25T09:00:00.000Z');
    const worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, activities: createBaselineActivities(fixedClock) });

    const result = await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(baselineWorkflow, {
        taskQueue, workflowId: `baseline-${taskQueue}`, args: [{ reference: 'ref-1', waitMs: 30_000 }],
      });
      await handle.signal(baselineAcknowledged, { receipt: 'receipt-1' });
      const value = await handle.result();
      const history = await handle.fetchHistory();
      return { value, events: history.events ?? [] };
    });

    expect(result.value).toEqual({ activityEcho: 'ref-1@2026-11-25T09:00:00.000Z', receipt: 'receipt-1' });
    const completed = result.events.find((e) => e.activityTaskCompletedEventAttributes);
    expect(completed).toBeDefined();
    const signalled = result.events.find((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signalled?.workflowExecutionSignaledEventAttributes?.signalName).toBe('baselineAcknowledged');
    expect(result.events.at(-1)?.workflowExecutionCompletedEventAttributes).toBeDefined();
  });

  it('times out the signal wait when no signal comes, and still completes', async () => {
    const taskQueue = uniqueTaskQueue('baseline');
    const worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, activities: createBaselineActivities() });
    const value = await worker.runUntil(
      env.client.workflow.execute(baselineWorkflow, { taskQueue, workflowId: `baseline-${taskQueue}`, args: [{ reference: 'ref-2', waitMs: 200 }] }),
    );
    expect(value.receipt).toBeUndefined();
    expect(value.activityEcho.startsWith('ref-2@')).toBe(true);
  });
});
