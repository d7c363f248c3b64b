import { describe, expect, it } from 'vitest';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { backoffDelayMs, createNotifyActivities, type NotifyActivityDeps } from '../../../activities';
import { toActivityFailure } from '../../../activities/notify/notify-failure';
import { NotifyDuplicateRequestError, NotifyError, NotifyHttpError, NotifyNetworkError, type NotifyErrorCode } from '../../../src/notify/errors';
import { createLogger } from '../../../src/observability/logger';

const ctx = (attempt = 1) => ({ attempt, backoff: { initialMs: 1_000, maxMs: 60_000 }, random: () => 0.5 });
const http = (code: NotifyErrorCode, status: number, retryAfterMs?: number) =>
  new NotifyHttpError(code, `NHS Notify answered ${status}`, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('R7: (unit) NHS Notify errors map once to Temporal retry decisions', () => {
  it.each([
    ['NOTIFY_INVALID_REQUEST', 400], ['NOTIFY_UNAUTHORISED', 401], ['NOTIFY_FORBIDDEN', 403], ['NOTIFY_NO_SUCH_ROUTING_PLAN', 404], ['NOTIFY_NOT_FOUND', 404],
  ] as const)('R7: %s (%i) is non-retryable with its stable code', (code, status) => {
    const failure = toActivityFailure(http(code, status), ctx())!;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.type).toBe(code);
  });

  it.each([
    ['NOTIFY_SERVER_ERROR', 500], ['NOTIFY_UNAVAILABLE', 502], ['NOTIFY_UNAVAILABLE', 503], ['NOTIFY_UNAVAILABLE', 504],
  ] as const)('R7: %s (%i) is retried after a jittered exponential backoff', (code, status) => {
    const failure = toActivityFailure(http(code, status), ctx(3))!;
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(3_000); // attempt 3: 4 s exponential, half fixed + half × 0.5 jitter
  });

  it('R7: 429 Retry-After 5 s and 425 Retry-After 300 s are never retried sooner than asked', () => {
    expect(toActivityFailure(http('NOTIFY_RATE_LIMITED', 429, 5_000), ctx())!.nextRetryDelay).toBe(5_000);
    expect(toActivityFailure(http('NOTIFY_RETRY_TOO_EARLY', 425, 300_000), ctx())!.nextRetryDelay).toBe(300_000);
    // ... and our own backoff wins when it is longer than the server's hint.
    expect(toActivityFailure(http('NOTIFY_RATE_LIMITED', 429, 5_000), ctx(6))!.nextRetryDelay).toBe(24_000);
  });

  it('R6: ambiguous failures (timeouts, dropped connections, anything unknown) are retryable: the caller keeps the messageReference', () => {
    for (const error of [new NotifyNetworkError('NOTIFY_TIMEOUT', 'timed out'), new NotifyNetworkError('NOTIFY_AMBIGUOUS', 'reset'), new Error('bug')]) {
      const failure = toActivityFailure(error, ctx())!;
      expect(failure.nonRetryable).toBe(false);
      expect(['NOTIFY_TIMEOUT', 'NOTIFY_AMBIGUOUS']).toContain(failure.type);
    }
  });

  it('422 CM_DUPLICATE_REQUEST is not a failure at all', () => {
    expect(toActivityFailure(new NotifyDuplicateRequestError('already held', { status: 422 }), ctx())).toBeUndefined();
  });

  it('backoff is bounded and jittered between half and all of the exponential delay', () => {
    const options = { initialMs: 1_000, maxMs: 8_000 };
    expect(backoffDelayMs(1, options, () => 0)).toBe(500);
    expect(backoffDelayMs(1, options, () => 1)).toBe(1_000);
    expect(backoffDelayMs(20, options, () => 1)).toBe(8_000);
    expect(backoffDelayMs(20, options, () => 0)).toBe(4_000);
  });
});

describe('createNotifyActivities over a port', () => {
  const logger = createLogger({ level: 'silent' });
  const input = { messageReference: 'ref-1', channel: 'sms' as const, routingPlan: 'sms-only' as const, recipient: { nhsNumber: '9990000018' }, personalisation: {} };
  const activities = (notify: NotifyActivityDeps['notify'], routingPlanIds: NotifyActivityDeps['routingPlanIds'] = { 'sms-only': 'plan-sms' }) =>
    createNotifyActivities({ notify, routingPlanIds, clock: { now: () => Date.parse('2026-11-25T10:00:00Z') }, logger });
  const failing = (error: NotifyError): NotifyActivityDeps['notify'] => ({ createMessage: () => Promise.reject(error), getMessage: () => Promise.reject(error) });

  it('a duplicate answers "accepted earlier" with the configured routing plan id', async () => {
    const result = await new MockActivityEnvironment().run(activities(failing(new NotifyDuplicateRequestError('held'))).sendMessage, input);
    expect(result).toEqual({ accepted: 'earlier', routingPlan: { id: 'plan-sms' }, acceptedAt: '2026-11-25T10:00:00.000Z' });
  });

  it('a routing plan with no id in this environment is a permanent, named configuration failure', async () => {
    const run = new MockActivityEnvironment().run(activities(failing(new NotifyDuplicateRequestError('held')), {}).sendMessage, input);
    await expect(run).rejects.toMatchObject({ type: 'ROUTING_PLAN_NOT_CONFIGURED', nonRetryable: true });
  });

  it('sends the reference it was given, untouched, on every attempt', async () => {
    const seen: string[] = [];
    const notify: NotifyActivityDeps['notify'] = {
      createMessage: (attributes) => {
        seen.push(attributes.messageReference);
        return Promise.resolve({ messageId: 'id', messageReference: attributes.messageReference, messageStatus: 'created', createdAt: '', correlationId: 'c',
          routingPlan: { id: 'plan-sms', name: 'SMS', version: 'v7', createdDate: '' } });
      },
      getMessage: () => Promise.reject(new Error('unused')),
    };
    const env = new MockActivityEnvironment({ attempt: 3 });
    const result = await env.run(activities(notify).sendMessage, input);
    expect(seen).toEqual(['ref-1']);
    expect(result).toMatchObject({ accepted: 'now', messageId: 'id', routingPlan: { id: 'plan-sms', version: 'v7' } });
  });
});
