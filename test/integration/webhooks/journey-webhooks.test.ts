import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebhookBody } from '../../../src/domain/webhooks/events';
import { newWebhookSecret } from '../../../src/webhooks/signing';
import { useJourneySuite, waitFor } from '../journeys/support/journey-suite';
import { aStartRequest, idempotencyOf } from '../journeys/support/requests';
import { loopbackWebhookSettings, startTestReceiver, type TestReceiver } from './support/receiver';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { deliveryWorkflowId } from '../../../workflows';

/** A loopback port nobody listens on: a receiver that is down. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const secret = newWebhookSecret();
let receiver: TestReceiver;
let downUrl = '';

describe('journeys tell the clinical system what happened, through signed webhooks', () => {
  beforeAll(async () => {
    receiver = await startTestReceiver([secret]);
    downUrl = `http://127.0.0.1:${await deadPort()}/hooks`;
  });
  afterAll(async () => { await receiver?.close(); });

  const all = ['journey.accepted', 'journey.delivered', 'journey.escalated', 'escalation.closed', 'journey.failed', 'journey.cancelled'] as const;
  const s = useJourneySuite({
    webhooks: {
      ...loopbackWebhookSettings(),
      get subscriptions() {
        const createdAt = new Date().toISOString();
        return [
          { id: 'clinic-all', url: receiver.url, eventTypes: all, secrets: [secret], source: 'config' as const, createdAt },
          { id: 'clinic-other-system', url: receiver.url, eventTypes: all, system: 'another-system', secrets: [secret], source: 'config' as const, createdAt },
          { id: 'clinic-down', url: downUrl, eventTypes: all, secrets: [secret], source: 'config' as const, createdAt },
        ];
      },
    },
  });

  const eventsFor = (journeyId: string): WebhookBody[] => [...receiver.applied.values()].filter((e) => e.data.journeyId === journeyId);
  const typesFor = (journeyId: string) => eventsFor(journeyId).map((e) => e.type).sort();
  const waitForTypes = (journeyId: string, count: number) => waitFor(() => (eventsFor(journeyId).length >= count ? typesFor(journeyId) : undefined), 30_000, `${count} webhooks for ${journeyId}`);

  it('delivered: journey.accepted then journey.delivered, each signed and verified, with ids, codes and times only', async () => {
    const request = aStartRequest(s.h.catalogue, { recipient: 'deliveredFirstChannel' });
    const started = await s.h.service.start(request, { ...idempotencyOf(request), requestedBy: 'key-a' });
    if (started.kind !== 'new') throw new Error(started.kind);
    const journeyId = started.journey.journeyId;
    expect((await s.resultOf(journeyId)).outcome).toBe('delivered');
    expect(await waitForTypes(journeyId, 2)).toEqual(['journey.accepted', 'journey.delivered']);
    const delivered = eventsFor(journeyId).find((e) => e.type === 'journey.delivered')!;
    expect(delivered.data).toMatchObject({ journeyId, journeyType: 'appointment-reminder', eventId: request.eventId, channel: 'nhsapp' });
    expect(Date.parse(String(delivered.data.deliveredAt))).toBeGreaterThan(0);
    const text = JSON.stringify(eventsFor(journeyId));
    expect(text).not.toContain(TEST_RECIPIENTS.deliveredFirstChannel.nhsNumber);
    expect(text).not.toContain('Canary Clinic');
    expect(receiver.requests.every((r) => r.verified.ok)).toBe(true);
    // The subscription of another system got nothing of this journey (routing by the starting credential).
    const other = await s.h.webhooks!.store.deliveries('clinic-other-system', 100);
    expect(other).toHaveLength(0);
  });

  it('a receiver that is down never blocks the journey: it finishes while that delivery is still being retried', async () => {
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel' });
    expect((await s.resultOf(journeyId)).outcome).toBe('delivered');
    const pending = await waitFor(async () => {
      const found = await s.h.webhooks!.store.deliveries('clinic-down', 100);
      return found.find((d) => d.status === 'pending' && d.lastErrorCode === 'WEBHOOK_UNREACHABLE');
    }, 30_000, 'a pending delivery to the down receiver');
    expect(pending.attempts).toBeGreaterThanOrEqual(1);
  });

  it('escalated then handled by staff: journey.escalated (reason), then escalation.closed (outcome)', async () => {
    const journeyId = await s.start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 });
    const escalation = await waitFor(async () => (await s.h.service.listEscalations({ status: 'open', limit: 50 })).items.find((e) => e.journeyId === journeyId));
    expect(await waitForTypes(journeyId, 2)).toEqual(['journey.accepted', 'journey.escalated']);
    await s.h.service.recordEscalationOutcome(escalation.escalationId, { outcome: 'phoned', staffRole: 'nurse' });
    expect((await s.resultOf(journeyId)).outcome).toBe('handled_by_staff');
    expect(await waitForTypes(journeyId, 3)).toEqual(['escalation.closed', 'journey.accepted', 'journey.escalated']);
    const escalated = eventsFor(journeyId).find((e) => e.type === 'journey.escalated')!;
    expect(escalated.data).toMatchObject({ escalationId: escalation.escalationId, reason: 'no_step_can_arrive_in_time' });
    expect(eventsFor(journeyId).find((e) => e.type === 'escalation.closed')!.data).toMatchObject({ outcome: 'phoned', staffRole: 'nurse' });
  });

  it('unreachable: escalation.closed and journey.failed', async () => {
    const journeyId = await s.start({ recipient: 'smsPermanentFailure', eventInMs: 60_000 });
    const escalation = await waitFor(async () => (await s.h.service.listEscalations({ status: 'open', limit: 50 })).items.find((e) => e.journeyId === journeyId));
    await s.h.service.recordEscalationOutcome(escalation.escalationId, { outcome: 'unreachable', staffRole: 'nurse' });
    expect((await s.resultOf(journeyId)).outcome).toBe('unreachable');
    expect(await waitForTypes(journeyId, 4)).toEqual(['escalation.closed', 'journey.accepted', 'journey.escalated', 'journey.failed']);
    // Events that coincide cost one call: escalated, then closed + failed together at the end. The acceptance is
    // announced by the first message itself, in its own workflow task (a local activity), not by the journey.
    const history = await s.env.client.workflow.getHandle(journeyId).fetchHistory();
    const publishes = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishWebhookEvents');
    expect(publishes).toHaveLength(2);
    expect((history.events ?? []).some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'deliveryProgress')).toBe(false);
    const firstMessage = (await s.resultOf(journeyId)).view.steps.find((step) => step.sentAt !== undefined)!;
    const child = await s.env.client.workflow.getHandle(deliveryWorkflowId(firstMessage.messageReference)).fetchHistory();
    const announced = (child.events ?? []).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(announced).toHaveLength(1);
  });

  it('cancelled before any send: journey.cancelled with the reason', async () => {
    const journeyId = await s.start({ recipient: 'deliveredFirstChannel', eventInMs: 3_600_000 });
    expect(await s.h.service.cancel(journeyId, { reason: 'patient_request' })).toMatchObject({ kind: 'cancelled' });
    expect(await waitForTypes(journeyId, 1)).toEqual(['journey.cancelled']);
    expect(eventsFor(journeyId)[0]!.data).toMatchObject({ reason: 'patient_request' });
  });
});
