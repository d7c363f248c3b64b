import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createWebhookActivities } from '../../../activities/webhooks/webhook.activities';
import { publishJourneyEvents, publishSendingSwitchEvent } from '../../../activities/webhooks/publish-events';
import type { JourneyEvent } from '../../../src/domain/webhooks/events';
import type { WebhookSubscription } from '../../../src/domain/webhooks/subscription';
import { createLogger } from '../../../src/observability/logger';
import { createWebhookStore, type WebhookStore } from '../../../src/temporal/webhooks/webhook-store';
import { createWebhookHttp } from '../../../src/webhooks/post-webhook';
import { newWebhookSecret } from '../../../src/webhooks/signing';
import type { WebhookDeliveryPolicy, WebhookDeliveryResult } from '../../../workflows/webhooks/webhook-contract';
import { connectTestEnvironment, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import { startTestReceiver, type TestReceiver } from './support/receiver';

const POLICY: WebhookDeliveryPolicy = { windowMs: 60_000, attemptTimeoutMs: 1_000, initialIntervalMs: 100, maximumIntervalMs: 400 };

describe('webhook deliveries on the real dev server, to a real loopback receiver', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  let receiver: TestReceiver;
  let store: WebhookStore;
  const secret = newWebhookSecret();
  const taskQueue = uniqueTaskQueue('webhooks');
  const http = createWebhookHttp({ timeoutMs: POLICY.attemptTimeoutMs, blockPrivateAddresses: false });
  let n = 0;

  beforeAll(async () => {
    env = await connectTestEnvironment();
    receiver = await startTestReceiver([secret]);
    const subscription: WebhookSubscription = {
      id: 'clinic-a', url: receiver.url, eventTypes: ['journey.delivered', 'journey.escalated', 'sending.paused'], secrets: [secret],
      source: 'config', createdAt: new Date().toISOString(),
    };
    store = createWebhookStore({ client: env.client, taskQueue, registryWorkflowId: `webhook-registry-${taskQueue}`, configSubscriptions: [subscription] });
    const activities = createWebhookActivities({ subscriptions: store, starter: store, http, policy: POLICY, logger: createLogger({ level: 'silent' }) });
    worker = await createTestWorker({ connection: env.nativeConnection, taskQueue, activities });
    running = worker.run();
    await store.ensureRegistry();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await http.close();
    await receiver?.close();
    await env?.teardown();
  });

  function anEvent(overrides: Partial<JourneyEvent> = {}): JourneyEvent {
    n += 1;
    return {
      journeyId: `journey-${taskQueue}-${n}`, journeyType: 'appointment-reminder', source: { eventId: `evt-${n}` }, occurrence: 1,
      occurredAt: new Date().toISOString(), data: { type: 'journey.delivered', stepId: 'nhsapp', channel: 'nhsapp', deliveredAt: new Date().toISOString() },
      ...overrides,
    };
  }
  const ports = () => ({ subscriptions: store, starter: store, policy: POLICY });

  async function deliveryOf(webhookSubscription: string, eventCount: number): Promise<WebhookDeliveryResult[]> {
    const handles = await waitForDeliveries(webhookSubscription, eventCount);
    return Promise.all(handles.map((id) => env.client.workflow.getHandle(id).result() as Promise<WebhookDeliveryResult>));
  }

  async function waitForDeliveries(subscriptionId: string, count: number): Promise<string[]> {
    for (let i = 0; i < 200; i += 1) {
      const found = await store.deliveries(subscriptionId, 100);
      if (found.length >= count) return found.map((d) => d.deliveryId);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('deliveries never became visible');
  }

  it('R19: a receiver answering 500 ×3 then 200 gets the event once applied, with the same webhook-id on every attempt, each signature verified', async () => {
    receiver.requests.length = 0;
    receiver.script([{ status: 500 }, { status: 500 }, { status: 500 }, { status: 200 }]);
    const event = anEvent();
    expect(await publishJourneyEvents(ports(), [event])).toBe(1);
    // A retried publish (or a replayed journey) finds the delivery already there: no second delivery.
    expect(await publishJourneyEvents(ports(), [event])).toBe(0);
    const started = (await store.deliveries('clinic-a', 100)).length;
    expect(started).toBeGreaterThanOrEqual(1);
    const handle = env.client.workflow.getHandle((await waitForDeliveries('clinic-a', 1))[0]!);
    const result = await handle.result() as WebhookDeliveryResult;
    expect(result).toMatchObject({ status: 'delivered', attempts: 4, eventType: 'journey.delivered' });
    const mine = receiver.requests.filter((r) => r.webhookId === result.messageId);
    expect(mine).toHaveLength(4);
    expect(mine.every((r) => r.verified.ok)).toBe(true);
    expect(new Set(mine.map((r) => r.webhookId)).size).toBe(1);
    expect(receiver.applied.get(result.messageId)).toMatchObject({ type: 'journey.delivered', data: { journeyId: event.journeyId, eventId: event.source.eventId } });
    expect([...receiver.applied.keys()].filter((id) => id === result.messageId)).toHaveLength(1);
    // Backoff grows: the gaps between attempts are not all the minimum (jittered exponential, never zero).
    const gaps = mine.slice(1).map((r, i) => r.at - mine[i]!.at);
    expect(gaps.every((gap) => gap >= POLICY.initialIntervalMs / 2)).toBe(true);
    const listed = (await store.deliveries('clinic-a', 100)).find((d) => d.webhookId === result.messageId);
    expect(listed).toMatchObject({ status: 'delivered', attempts: 4, eventType: 'journey.delivered' });
  });

  it('R20: a receiver that hangs is cut off at the attempt timeout and the event retried', async () => {
    receiver.requests.length = 0;
    receiver.script(['hang', { status: 204 }]);
    const event = anEvent({ occurrence: 1 });
    await publishJourneyEvents(ports(), [event]);
    const results = await deliveryOf('clinic-a', 2);
    const mine = results.find((r) => receiver.requests.some((q) => q.webhookId === r.messageId));
    expect(mine).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.requests.filter((r) => r.webhookId === mine!.messageId)).toHaveLength(2);
  });

  it('honours Retry-After: the next attempt comes no sooner than the receiver asked', async () => {
    receiver.requests.length = 0;
    receiver.script([{ status: 503, retryAfter: '2' }, { status: 200 }]);
    await publishJourneyEvents(ports(), [anEvent()]);
    await deliveryOf('clinic-a', 3);
    const [first, second] = receiver.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_900);
  });

  it('the registry refuses an id already in use, in the registry or in config, before it reaches history', async () => {
    const subscription: WebhookSubscription = { id: 'clinic-twice', url: receiver.url, eventTypes: ['journey.failed'], secrets: [secret], source: 'api', createdAt: new Date().toISOString() };
    expect(await store.add(subscription)).toBe('added');
    expect(await store.add(subscription)).toBe('id-in-use');
    expect(await store.add({ ...subscription, id: 'clinic-a' })).toBe('id-in-use');
    expect((await store.list()).filter((e) => e.subscription.id === 'clinic-twice')).toHaveLength(1);
    expect(await store.remove('clinic-twice')).toBe(true);
  });

  it('a 410 disables the subscription: later events are not delivered to it', async () => {
    receiver.requests.length = 0;
    receiver.script([{ status: 410 }]);
    await publishJourneyEvents(ports(), [anEvent()]);
    const results = await deliveryOf('clinic-a', 4);
    expect(results.find((r) => r.status === 'gone')).toMatchObject({ attempts: 1, lastErrorCode: 'WEBHOOK_GONE' });
    let entry;
    for (let i = 0; i < 50 && entry?.disabled === undefined; i += 1) {
      entry = (await store.list()).find((e) => e.subscription.id === 'clinic-a');
      if (entry?.disabled === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(entry?.disabled?.reason).toBe('receiver_gone');
    expect(await publishJourneyEvents(ports(), [anEvent()])).toBe(0);
    expect(await publishSendingSwitchEvent(ports(), { type: 'sending.paused', switchChangeId: 'c-1', scope: 'all', reasonCode: 'OPERATOR', occurredAt: new Date().toISOString() })).toBe(0);
  });
});
