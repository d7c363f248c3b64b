import { describe, expect, it } from 'vitest';
import { isValidNhsNumber } from '../../../src/domain/nhs-number';
import { ROUTING_PLANS, type RoutingPlanName } from '../../../src/domain/routing-plans';
import { advance, type LifecycleEvent } from '../../../src/simulator/lifecycle/lifecycle';
import { createSimMessage, type SimMessage } from '../../../src/simulator/messages/message-model';
import { findPlan } from '../../../src/simulator/messages/plans';
import { FAST_TIMINGS } from '../../../src/simulator/options';
import { scenarioFor, TEST_RECIPIENTS, type TestRecipientName } from '../../../src/simulator/lifecycle/test-recipients';

function messageFor(plan: RoutingPlanName, nhsNumber: string | undefined): SimMessage {
  const simPlan = findPlan(ROUTING_PLANS[plan].localId);
  if (simPlan === undefined) throw new Error('plan missing');
  return createSimMessage({ id: 'x'.repeat(27), applicationId: 'app', messageReference: 'ref', plan: simPlan, nhsNumber, scenario: scenarioFor(nhsNumber), createdAt: new Date(0).toISOString() });
}

/** Steps the machine to the end on a fake clock; returns the message and a readable trace. */
function runToEnd(m: SimMessage): { m: SimMessage; trace: string[]; elapsedMs: number } {
  let now = 0;
  const trace: string[] = [];
  const describe = (e: LifecycleEvent): string => {
    if (e.kind === 'message') return `message:${e.status}`;
    const c = m.channels[e.index];
    return `${c?.type}:${c?.channelStatus}${c?.supplierStatus !== undefined ? `(${c.supplierStatus})` : ''}`;
  };
  for (let i = 0; i < 100; i += 1) {
    const step = advance(m, now, FAST_TIMINGS);
    trace.push(...step.events.map(describe));
    if (step.nextDelayMs === undefined) return { m, trace, elapsedMs: now };
    now += step.nextDelayMs;
  }
  throw new Error('lifecycle did not terminate');
}

const outcome = (name: TestRecipientName, plan: RoutingPlanName) => runToEnd(messageFor(plan, TEST_RECIPIENTS[name].nhsNumber));

describe('message lifecycle state machine', () => {
  it('every test recipient has a valid, distinct NHS number in the 999 range', () => {
    const numbers = Object.values(TEST_RECIPIENTS).map((r) => r.nhsNumber);
    expect(numbers.every((n) => isValidNhsNumber(n) && n.startsWith('999'))).toBe(true);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('walks created → pending_enrichment → enriched → sending → delivered on the first channel', () => {
    const { m, trace } = outcome('deliveredFirstChannel', 'nhsapp-then-sms');
    expect(trace).toEqual(['message:pending_enrichment', 'message:enriched', 'message:sending', 'nhsapp:sending', 'nhsapp:delivered(read)', 'message:delivered']);
    expect(m.channels.map((c) => c.channelStatus)).toEqual(['delivered', 'created']);
    expect(m.timestamps).toHaveProperty('enriched');
    expect(m.timestamps).toHaveProperty('delivered');
  });

  it('any other valid NHS number is delivered on the first channel', () => {
    const { m } = runToEnd(messageFor('sms-only', '9990548609'));
    expect(m.status).toBe('delivered');
  });

  it('NHS App unread: supplier delivered, then failed when the window ends, then the next channel delivers', () => {
    const { m, trace, elapsedMs } = outcome('nhsAppUnread', 'nhsapp-then-sms');
    expect(trace).toContain('nhsapp:sending(delivered)');
    expect(trace).toContain('nhsapp:failed(delivered)');
    expect(m.channels[0]).toMatchObject({ channelStatus: 'failed', channelStatusDescription: 'Message not read in specified time frame' });
    expect(m.channels[1]).toMatchObject({ channelStatus: 'delivered', supplierStatus: 'delivered' });
    expect(m.status).toBe('delivered');
    expect(elapsedMs).toBeGreaterThanOrEqual(FAST_TIMINGS.channelWindowMs.nhsapp);
  });

  it('NHS App unread on an NHS-App-only plan fails the message', () => {
    const { m } = outcome('nhsAppUnread', 'nhsapp-only');
    expect(m).toMatchObject({ status: 'failed', statusDescription: 'Message not read in specified time frame' });
  });

  it('not registered with the NHS App fails that channel at once (no sending) and falls back', () => {
    const { m, trace } = outcome('nhsAppNotRegistered', 'nhsapp-then-sms');
    expect(trace.slice(3, 5)).toEqual(['nhsapp:failed', 'sms:sending']);
    expect(m.channels[0]).toMatchObject({ channelFailureReasonCode: 'CFR_SUPE_0001' });
    expect(m.status).toBe('delivered');
  });

  it('SMS permanent and temporary failures fail the SMS channel with the supplier status', () => {
    const permanent = outcome('smsPermanentFailure', 'sms-only').m;
    expect(permanent).toMatchObject({ status: 'failed', failureReasonCode: 'MFR_SUPE_0007' });
    expect(permanent.channels[0]).toMatchObject({ channelStatus: 'failed', supplierStatus: 'permanent_failure', channelFailureReasonCode: 'CFR_SUPE_0007' });
    const temporary = outcome('smsTemporaryFailure', 'sms-only');
    expect(temporary.trace).toContain('sms:sending(temporary_failure)');
    expect(temporary.m.channels[0]).toMatchObject({ channelStatus: 'failed', supplierStatus: 'temporary_failure', retryCount: 1 });
  });

  it('SMS failure recipients reach SMS on the full cascade and end delivered by letter', () => {
    const { m } = outcome('smsPermanentFailure', 'nhsapp-email-sms-letter');
    expect(m.channels.map((c) => c.channelStatus)).toEqual(['failed', 'failed', 'failed', 'delivered']);
    expect(m.status).toBe('delivered');
  });

  it('email bounce fails email with permanent_failure and SMS delivers', () => {
    const { m } = outcome('emailBounce', 'nhsapp-email-sms-letter');
    expect(m.channels.map((c) => [c.type, c.channelStatus, c.supplierStatus])).toEqual([['nhsapp', 'failed', undefined], ['email', 'failed', 'permanent_failure'], ['sms', 'delivered', 'delivered'], ['letter', 'created', undefined]]);
  });

  it('letter delivered after every earlier channel fails for a missing contact detail (failed, CFR_PDSV_0002, as NHS reports it); letter validation failure fails the message', () => {
    const delivered = outcome('letterDelivered', 'nhsapp-email-sms-letter').m;
    expect(delivered.channels.map((c) => [c.channelStatus, c.channelFailureReasonCode])).toEqual([['failed', 'CFR_SUPE_0001'], ['failed', 'CFR_PDSV_0002'], ['failed', 'CFR_PDSV_0002'], ['delivered', undefined]]);
    const failed = outcome('letterValidationFailure', 'letter-only').m;
    expect(failed.channels[0]).toMatchObject({ channelStatus: 'failed', supplierStatus: 'validation_failed' });
    expect(failed.status).toBe('failed');
  });

  it('everything fails: every channel tried in order, message failed with the last reason', () => {
    const { m } = outcome('everythingFails', 'nhsapp-email-sms-letter');
    expect(m.channels.map((c) => c.channelStatus)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(m).toMatchObject({ status: 'failed', failureReasonCode: 'MFR_SUPE_0007' });
  });

  it.each([
    ['patientNotFound', 'MFR_PDSV_0006'], ['formallyDead', 'MFR_PDSV_0112'], ['informallyDead', 'MFR_PDSV_0111'], ['exitCode', 'MFR_PDSV_0110'], ['recordInvalidated', 'MFR_PDSV_0008'],
  ] as const)('PDS %s fails the message at enrichment with no channels (%s)', (name, code) => {
    const { m, trace } = outcome(name, 'nhsapp-email-sms-letter');
    expect(trace).toEqual(['message:pending_enrichment', 'message:failed']);
    expect(m).toMatchObject({ status: 'failed', failureReasonCode: code, channels: [] });
    expect(m.statusDescription).toMatch(/^Failed reason: /);
    expect(m.timestamps.enriched).toBeUndefined();
  });

  it('a message without an NHS number fails with MFR_CFGV_0005', () => {
    expect(runToEnd(messageFor('sms-only', undefined)).m).toMatchObject({ status: 'failed', failureReasonCode: 'MFR_CFGV_0005' });
  });

  it('a terminal message never changes again', () => {
    const { m } = outcome('deliveredFirstChannel', 'sms-only');
    expect(advance(m, 1e9, FAST_TIMINGS)).toEqual({ events: [], nextDelayMs: undefined });
    expect(m.status).toBe('delivered');
  });
});
