/**
 * L5: a journey started on a published catalogue version names it (planRef) instead of carrying its plan, and the
 * worker looks the plan up in its bundle (workflows/journey/published-plan.ts). Production durations (timeScale 1,
 * so the start chooses planRef), with only the journey clock compressed, as a production journey runs.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { temporal } from '@temporalio/proto';
import { decodeFromPayloadsAtIndex, decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { journeyWorkflow, toJourneyPlan, type JourneyInput } from '../../../workflows';
import { useJourneySuite, waitFor } from './support/journey-suite';

const EventType = temporal.api.enums.v1.EventType;
const DAY_MS = 86_400_000;

describe('L5: the plan is looked up by type and version, not copied into every journey\'s history', () => {
  const s = useJourneySuite({ timings: { timeScale: 1 }, clock: { speed: 3_600 }, maxEscalationsPerRun: 1 });
  const converter = () => s.env.client.options.loadedDataConverter;

  it('L5: a journey on a published version starts with its planRef (its start event holds none of the plan\'s bytes) and runs to delivered', async () => {
    // A screening invitation has no cancellation notice (whose plan an input still carries); its window opens at once.
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel', journeyType: 'screening-invitation', eventInMs: 0, personalisation: { programmeName: 'Bowel screening' } });
    const result = await s.resultOf(journeyId);
    expect(result.outcome).toBe('delivered');
    expect(result.view.steps[0]).toMatchObject({ stepId: 'nhsapp', status: 'delivered' });

    const history = await s.env.client.workflow.getHandle(journeyId).fetchHistory();
    const payloads = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const input = await decodeFromPayloadsAtIndex<JourneyInput>(converter(), 0, payloads);
    expect(input.planRef).toEqual({ type: 'screening-invitation', version: 1 });
    expect(input.plan).toBeUndefined();
    // The whole encrypted input is smaller than the plan alone would be as JSON.
    const plan = toJourneyPlan(s.h.catalogue['screening-invitation']!);
    const inputBytes = payloads.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
    expect(inputBytes).toBeLessThan(Buffer.byteLength(JSON.stringify(plan)));
  });

  it('L5: a continue-as-new carries the planRef: the next run starts by reference too and looks its plan up again', async () => {
    // Past its 14-day response window, the invitation goes straight to staff; its 24-hour SLA (24 s here) breaches
    // and, at one escalation per run, the journey continues as new.
    const journeyId = await s.start({ journeyType: 'screening-invitation', eventInMs: -15 * DAY_MS, personalisation: { programmeName: 'Bowel screening' } });
    const handle = s.env.client.workflow.getHandle(journeyId);
    try {
      const firstRun = (await handle.describe()).runId;
      await waitFor(async () => ((await handle.describe()).runId === firstRun ? undefined : true), 180_000, 'a continue-as-new');
      const events = await waitFor(async () => {
        const history = (await handle.fetchHistory()).events ?? [];
        return history.some((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) ? history : undefined;
      }, 60_000, 'the new run\'s first task');
      const input = await decodeFromPayloadsAtIndex<JourneyInput>(converter(), 0, events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads);
      expect(input.carried).toBeDefined();
      expect(input.planRef).toEqual({ type: 'screening-invitation', version: 1 });
      expect(input.plan).toBeUndefined();
      expect(events.some((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toBe(false);
    } finally {
      await handle.terminate('test over');
    }
  }, 300_000);

  it('L5: a planRef this worker\'s bundle lacks fails the workflow task (retried by Temporal), never the journey', async () => {
    const workflowId = `journey-appointment-reminder-unbundled-${randomUUID()}`;
    const handle = await s.env.client.workflow.start(journeyWorkflow, {
      workflowId, taskQueue: s.taskQueue,
      args: [{
        planRef: { type: 'appointment-reminder', version: 999 }, eventAt: Date.now() + 3 * DAY_MS, recipient: { nhsNumber: '9990000018' },
        personalisation: { provided: { clinicName: 'Canary Clinic' }, values: { clinicName: 'Canary Clinic' } }, requestFingerprint: 'unbundled',
      }],
    });
    try {
      const failedTask = await waitFor(async () => {
        const events = (await handle.fetchHistory()).events ?? [];
        return events.find((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
      }, 60_000, 'a failed workflow task');
      const error = await decodeOptionalFailureToOptionalError(converter(), failedTask.workflowTaskFailedEventAttributes?.failure);
      expect(error?.message).toContain('appointment-reminder@999 is not in this worker\'s workflow bundle');
      const events = (await handle.fetchHistory()).events ?? [];
      // Nothing ran: no command, no failed or completed journey; it waits for a worker whose bundle has the version.
      expect(events.some((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED)).toBe(false);
      expect(events.some((event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).toBe(false);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      await handle.terminate('test over');
    }
  });
});
