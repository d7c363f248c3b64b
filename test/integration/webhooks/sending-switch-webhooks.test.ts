/**
 * The kill switch tells subscribers when sending is paused or resumed: published by the control workflow
 * (the change and the duty to publish it are one history event), through the real webhook path: delivery
 * workflows, signed POSTs, a receiver that verifies them.
 */
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { WebhookBody } from '../../../src/domain/webhooks/events';
import { newWebhookSecret } from '../../../src/webhooks/signing';
import { controlsWorkflowId } from '../../../workflows/controls/controls-contract';
import { TEST_DATA_CONVERTER } from '../../support/temporal';
import { useJourneySuite, waitFor } from '../journeys/support/journey-suite';
import { loopbackWebhookSettings, startTestReceiver, type TestReceiver } from './support/receiver';

const secret = newWebhookSecret();
let receiver: TestReceiver;

const PAUSE = { action: 'pause', scope: { kind: 'journey-type', journeyType: 'appointment-reminder' }, role: 'on_call_engineer', reason: 'wrong clinic number' } as const;
const RESUME = { ...PAUSE, action: 'resume', role: 'service_manager', reason: 'template corrected' } as const;

describe('sending.paused / sending.resumed webhooks from the sending controls', () => {
  beforeAll(async () => { receiver = await startTestReceiver([secret]); });
  afterAll(async () => { await receiver?.close(); });

  const s = useJourneySuite({
    controls: { cacheMs: 200, recheckAfterMs: 10 * 60_000 },
    webhooks: {
      ...loopbackWebhookSettings(),
      get subscriptions() {
        const createdAt = new Date().toISOString();
        return [
          { id: 'ops-switch', url: receiver.url, eventTypes: ['sending.paused', 'sending.resumed'] as const, secrets: [secret], source: 'config' as const, createdAt },
          { id: 'journeys-only', url: receiver.url, eventTypes: ['journey.delivered'] as const, secrets: [secret], source: 'config' as const, createdAt },
        ];
      },
    },
  });

  const switchEvents = (): WebhookBody[] => [...receiver.applied.values()].filter((e) => e.type.startsWith('sending.'));

  it('O7: a pause and a resume each publish one signed event; a repeated pause and a dry run publish none; replay publishes nothing again', async () => {
    await s.h.controls.change(PAUSE);
    await s.h.controls.change(PAUSE); // asks for what is already so: recorded, changes nothing
    await s.h.controls.change({ ...PAUSE, action: 'dry_run_on', reason: 'trial wording' });
    await s.h.controls.change(RESUME);

    // Published in order, so once the resume has arrived anything the repeat or the dry run published would have too.
    const events = await waitFor(() => (switchEvents().some((e) => e.type === 'sending.resumed') ? switchEvents() : undefined), 60_000, 'the resumed event');
    expect(events.map((e) => e.type)).toEqual(['sending.paused', 'sending.resumed']);
    expect(events[0]?.data).toMatchObject({ scope: 'journey-type=appointment-reminder', reasonCode: 'on_call_engineer' });
    expect(events[1]?.data).toMatchObject({ scope: 'journey-type=appointment-reminder', reasonCode: 'service_manager' });
    expect(new Set(events.map((e) => e.data.switchChangeId)).size).toBe(2);
    // The free-text reason stays in the control history; only codes go out.
    expect(JSON.stringify(events)).not.toContain('wrong clinic number');
    expect(receiver.requests.every((r) => r.verified.ok)).toBe(true);
    expect(await s.h.webhooks!.store.deliveries('journeys-only', 100)).toHaveLength(0);
    const deliveries = await s.h.webhooks!.store.deliveries('ops-switch', 100);
    expect(deliveries.map((d) => d.eventType).sort()).toEqual(['sending.paused', 'sending.resumed']);

    // One publish activity per switch change in the control workflow's history, and it replays as recorded.
    const handle = s.env.client.workflow.getHandle(controlsWorkflowId(s.taskQueue));
    const history = await handle.fetchHistory();
    const publishes = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishSendingSwitch');
    expect(publishes).toHaveLength(2);
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: TEST_DATA_CONVERTER }, history, controlsWorkflowId(s.taskQueue));
  }, 180_000);
});
