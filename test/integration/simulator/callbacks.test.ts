import { afterEach, describe, expect, it } from 'vitest';
import { verifyCallbackSignature } from '../../../src/contracts/nhs-notify/callback-signature';
import type { CallbackOptions, RunningSimulator } from '../../../src/simulator';
import { TEST_RECIPIENTS } from '../../../src/simulator';
import { startCallbackReceiver, type CallbackReceiver } from './callback-receiver';
import { aMessage, eventually, getToken, PLAN_IDS, sendMessage, startTestSimulator } from './support';

const SECRET = { applicationId: 'callback-app-id', apiKey: 'callback-api-key' };

describe('simulator callbacks (docs/nhs-notify.md §12)', () => {
  let sim: RunningSimulator | undefined;
  let receiver: CallbackReceiver | undefined;
  afterEach(async () => {
    await sim?.close();
    await receiver?.close();
  });

  async function setup(callbacks: Partial<CallbackOptions> = {}, respond?: Parameters<typeof startCallbackReceiver>[0]) {
    receiver = await startCallbackReceiver(respond);
    const started = await startTestSimulator({ callbacks: { url: receiver.url, ...SECRET, backoffBaseMs: 10, backoffCapMs: 50, ...callbacks } });
    sim = started.sim;
    return { sim, receiver, token: await getToken(sim, started.key) };
  }

  it('delivers signed MessageStatus and ChannelStatus callbacks, one item each, through the whole lifecycle', async () => {
    const { sim, receiver, token } = await setup();
    const body = aMessage({ routingPlanId: PLAN_IDS['nhsapp-then-sms'], nhsNumber: TEST_RECIPIENTS.nhsAppUnread.nhsNumber });
    const created = await sendMessage(sim, token, body);
    const messageId = created.body.data.id as string;
    await eventually(() => receiver.deliveries.find((d) => d.body.data[0]?.type === 'MessageStatus' && d.body.data[0].attributes.messageStatus === 'delivered'));

    for (const d of receiver.deliveries) {
      expect(verifyCallbackSignature(d.raw, d.headers['x-hmac-sha256-signature'] as string, [SECRET])).toBe(true);
      expect(d.headers['x-api-key']).toBe(SECRET.apiKey);
      expect(d.headers['content-type']).toBe('application/vnd.api+json');
      expect(d.body.data).toHaveLength(1);
      expect(d.body.data[0]?.attributes.messageId).toBe(messageId);
      expect(d.body.data[0]?.attributes.messageReference).toBe(body.data.attributes.messageReference);
    }
    const items = receiver.deliveries.map((d) => d.body.data[0]!);
    const keys = items.map((i) => i.meta.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    const messageStatuses = items.filter((i) => i.type === 'MessageStatus').map((i) => i.attributes.messageStatus);
    // Deliveries run concurrently, so arrival order is not guaranteed (as with NHS): compare as sets.
    expect(messageStatuses.sort()).toEqual(['delivered', 'enriched', 'pending_enrichment', 'sending']);
    const channelEvents = items.flatMap((i) => (i.type === 'ChannelStatus' ? [`${i.attributes.channel}:${i.attributes.channelStatus}:${i.attributes.supplierStatus ?? '-'}`] : []));
    expect(channelEvents.sort()).toEqual(['nhsapp:failed:delivered', 'nhsapp:sending:-', 'nhsapp:sending:delivered', 'sms:delivered:delivered', 'sms:sending:-']);
    const failedApp = items.find((i) => i.type === 'ChannelStatus' && i.attributes.channelStatus === 'failed');
    expect(failedApp?.attributes).toMatchObject({ channelStatusDescription: 'Message not read in specified time frame', cascadeType: 'primary', cascadeOrder: 1, retryCount: 0 });
    // The receiver records a delivery before the simulator has read the answer: wait for the counters.
    await eventually(() => (sim.counters.callbacksDelivered === receiver.deliveries.length ? true : undefined));
    expect(sim.counters).toMatchObject({ callbacksSent: receiver.deliveries.length, callbacksFailed: 0 });
  });

  it('filters by subscription: only the message statuses asked for, no channel callbacks', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered', 'failed'], channelStatuses: false });
    await sendMessage(sim, token, aMessage({ nhsNumber: TEST_RECIPIENTS.formallyDead.nhsNumber }));
    const delivery = await eventually(() => receiver.deliveries[0]);
    expect(delivery.body.data[0]).toMatchObject({ type: 'MessageStatus', attributes: { messageStatus: 'failed', messageFailureReasonCode: 'MFR_PDSV_0112', channels: [] } });
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.deliveries).toHaveLength(1);
  });

  it('retries 5xx with backoff until delivered', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false }, (_d, i) => ({ status: i < 2 ? 503 : 202 }));
    await sendMessage(sim, token, aMessage());
    await eventually(() => (receiver.deliveries.length === 3 ? true : undefined));
    const keys = receiver.deliveries.map((d) => d.body.data[0]?.meta.idempotencyKey);
    expect(new Set(keys).size).toBe(1);
    expect(receiver.deliveries.map((d) => d.raw.toString())).toEqual(Array(3).fill(receiver.deliveries[0]?.raw.toString()));
    await eventually(() => (sim.counters.callbacksDelivered === 1 ? true : undefined));
    expect(sim.counters).toMatchObject({ callbacksSent: 3, callbacksFailed: 2, callbacksDeadLettered: 0 });
  });

  it('honours Retry-After on 429', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false }, (_d, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 202 }));
    await sendMessage(sim, token, aMessage());
    await eventually(() => (receiver.deliveries.length === 2 ? true : undefined), 5_000);
    const gap = receiver.deliveries[1]!.receivedAt - receiver.deliveries[0]!.receivedAt;
    expect(gap).toBeGreaterThanOrEqual(950);
    await eventually(() => (sim.counters.callbacksDelivered === 1 ? true : undefined));
  });

  it('dead-letters on a 4xx other than 429 without retrying', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false }, () => ({ status: 403 }));
    const deadLettered = new Promise((resolve) => sim.events.once('callback-dead-lettered', resolve));
    await sendMessage(sim, token, aMessage());
    expect(await deadLettered).toMatchObject({ status: 403, reason: 'http-403', attempt: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries).toHaveLength(1);
    expect(sim.counters.callbacksDeadLettered).toBe(1);
  });

  it('gives up when the retry window ends, and retries timeouts like 5xx', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false, retryWindowMs: 300, requestTimeoutMs: 50 }, (_d, i) => (i === 0 ? 'hang' : { status: 500 }));
    const deadLettered = new Promise((resolve) => sim.events.once('callback-dead-lettered', resolve));
    await sendMessage(sim, token, aMessage());
    expect(await deadLettered).toMatchObject({ reason: 'retry-window-exhausted' });
    expect(receiver.deliveries.length).toBeGreaterThan(2);
    expect(sim.counters.callbacksDelivered).toBe(0);
  });

  it('duplicateCallbacks delivers the same event twice: same bytes, same idempotencyKey', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false });
    sim.faults.duplicateCallbacks({ count: 1 });
    await sendMessage(sim, token, aMessage());
    await eventually(() => (receiver.deliveries.length === 2 ? true : undefined));
    expect(receiver.deliveries[0]!.raw.equals(receiver.deliveries[1]!.raw)).toBe(true);
    await eventually(() => (sim.counters.callbacksDelivered === 2 ? true : undefined));
    expect(sim.counters.callbacksSent).toBe(2);
  });

  it('dropCallbacks silently discards events and counts them', async () => {
    const { sim, receiver, token } = await setup({ messageStatuses: ['delivered'], channelStatuses: false });
    sim.faults.dropCallbacks({ count: 1 });
    await sendMessage(sim, token, aMessage());
    await sendMessage(sim, token, aMessage());
    await eventually(() => (receiver.deliveries.length === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.deliveries).toHaveLength(1);
    expect(sim.counters.callbacksDropped).toBe(1);
  });

  it('R14: reorderCallbacks holds an event back so later events overtake it', async () => {
    const { sim, receiver, token } = await setup({ channelStatuses: false });
    sim.faults.reorderCallbacks(200, { count: 1 });
    await sendMessage(sim, token, aMessage());
    await eventually(() => (receiver.deliveries.length === 4 ? true : undefined));
    const arrival = receiver.deliveries.map((d) => d.body.data[0]!.attributes.timestamp);
    const statuses = receiver.deliveries.map((d) => (d.body.data[0]!.type === 'MessageStatus' ? d.body.data[0]!.attributes.messageStatus : ''));
    expect(statuses.at(-1)).toBe('pending_enrichment');
    expect([...arrival].sort()).not.toEqual(arrival);
  });
});
