import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIBRARY_TOLERANCE_SECONDS, verifyWebhook } from '../../../src/webhooks/receiver';
import { newWebhookSecret, signWebhook } from '../../../src/webhooks/signing';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const body = JSON.stringify({ type: 'journey.delivered', timestamp: NOW.toISOString(), data: { journeyId: 'j-1', channel: 'sms' } });

describe('the receiver helper we ship (Standard Webhooks)', () => {
  const secret = newWebhookSecret();
  beforeEach(() => { vi.useFakeTimers(); vi.setSystemTime(NOW); });
  afterEach(() => { vi.useRealTimers(); });

  it('S7: a delivery signed now is accepted; one signed tolerance + 1 s ago is refused', () => {
    const fresh = signWebhook([secret], 'msg_1', NOW, body);
    expect(verifyWebhook({ secrets: [secret] }, fresh, body)).toMatchObject({ ok: true, id: 'msg_1', event: { type: 'journey.delivered' } });
    const stale = signWebhook([secret], 'msg_1', new Date(NOW.getTime() - (LIBRARY_TOLERANCE_SECONDS + 1) * 1000), body);
    expect(verifyWebhook({ secrets: [secret] }, stale, body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    const atEdge = signWebhook([secret], 'msg_1', new Date(NOW.getTime() - LIBRARY_TOLERANCE_SECONDS * 1000), body);
    expect(verifyWebhook({ secrets: [secret] }, atEdge, body).ok).toBe(true);
  });

  it('S7: a tighter tolerance is honoured: now − tolerance − 1 s refused, now − tolerance accepted', () => {
    const toleranceSeconds = 60;
    const old = signWebhook([secret], 'msg_2', new Date(NOW.getTime() - 61_000), body);
    expect(verifyWebhook({ secrets: [secret], toleranceSeconds }, old, body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    const edge = signWebhook([secret], 'msg_2', new Date(NOW.getTime() - 60_000), body);
    expect(verifyWebhook({ secrets: [secret], toleranceSeconds }, edge, body).ok).toBe(true);
  });

  it('S7: future and garbage timestamps are refused with a typed result, never a throw', () => {
    const future = signWebhook([secret], 'msg_3', new Date(NOW.getTime() + (LIBRARY_TOLERANCE_SECONDS + 1) * 1000), body);
    expect(verifyWebhook({ secrets: [secret] }, future, body)).toEqual({ ok: false, reason: 'stale_timestamp' });
    const signed = signWebhook([secret], 'msg_3', NOW, body);
    for (const garbage of ['', 'abc', '1764590400abc', '-1', '1e9', '١٧٦٤٥٩٠٤٠٠', '99999999999999999999', ' 1764590400']) {
      const result = verifyWebhook({ secrets: [secret] }, { ...signed, 'webhook-timestamp': garbage }, body);
      expect(result.ok, garbage).toBe(false);
    }
  });

  it('refuses a wrong secret, a changed body, a changed id and missing headers', () => {
    const signed = signWebhook([secret], 'msg_4', NOW, body);
    expect(verifyWebhook({ secrets: [newWebhookSecret()] }, signed, body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook({ secrets: [secret] }, signed, body.replace('sms', 'nhsapp'))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook({ secrets: [secret] }, { ...signed, 'webhook-id': 'msg_5' }, body)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyWebhook({ secrets: [secret] }, { 'webhook-id': 'msg_4' }, body)).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('during a rotation a delivery signed with both secrets verifies with either', () => {
    const next = newWebhookSecret();
    const signed = signWebhook([secret, next], 'msg_6', NOW, body);
    expect(signed['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifyWebhook({ secrets: [secret] }, signed, body).ok).toBe(true);
    expect(verifyWebhook({ secrets: [next] }, signed, body).ok).toBe(true);
  });

  it('matches the scheme\'s published known answer (standard-webhooks test vector)', () => {
    // From standard-webhooks/libraries/javascript/src/webhook.test.ts.
    const headers = signWebhook(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', new Date(1614265330 * 1000), '{"test": 2432232314}');
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });
});
