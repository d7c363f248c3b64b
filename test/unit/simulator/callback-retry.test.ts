import { describe, expect, it } from 'vitest';
import { jitterDelayMs, retryAfterSeconds, verdictFor } from '../../../src/simulator/callbacks/callback-retry';

const NHS = { baseMs: 5_000, capMs: 300_000 };

describe('callback retry policy (docs/nhs-notify.md §12)', () => {
  it('full jitter between 1 s and min(5·2^(n−1), 300) s with NHS defaults', () => {
    expect(jitterDelayMs(1, NHS, () => 0)).toBe(1_000);
    expect(jitterDelayMs(1, NHS, () => 1)).toBe(5_000);
    expect(jitterDelayMs(4, NHS, () => 1)).toBe(40_000);
    expect(jitterDelayMs(20, NHS, () => 1)).toBe(300_000);
    for (let i = 0; i < 100; i += 1) {
      const d = jitterDelayMs(3, NHS);
      expect(d).toBeGreaterThanOrEqual(1_000);
      expect(d).toBeLessThanOrEqual(20_000);
    }
  });

  it('2xx is delivered', () => {
    expect(verdictFor({ kind: 'status', status: 202, retryAfter: undefined }, 1, NHS, 0)).toEqual({ action: 'delivered' });
  });

  it('5xx, timeouts and network errors retry with backoff', () => {
    expect(verdictFor({ kind: 'status', status: 503, retryAfter: undefined }, 1, NHS, 0, () => 0)).toEqual({ action: 'retry', delayMs: 1_000 });
    expect(verdictFor({ kind: 'error' }, 2, NHS, 0, () => 1)).toEqual({ action: 'retry', delayMs: 10_000 });
  });

  it('429 honours a positive Retry-After, ignores zero or negative, dead-letters over 12 h', () => {
    expect(verdictFor({ kind: 'status', status: 429, retryAfter: '7' }, 1, NHS, 0)).toEqual({ action: 'retry', delayMs: 7_000 });
    expect(verdictFor({ kind: 'status', status: 429, retryAfter: '0' }, 1, NHS, 0, () => 0)).toEqual({ action: 'retry', delayMs: 1_000 });
    expect(verdictFor({ kind: 'status', status: 429, retryAfter: '-1' }, 1, NHS, 0, () => 0)).toEqual({ action: 'retry', delayMs: 1_000 });
    expect(verdictFor({ kind: 'status', status: 429, retryAfter: '43201' }, 1, NHS, 0)).toMatchObject({ action: 'dead-letter' });
  });

  it('other 4xx are permanent: dead-letter, no retry', () => {
    for (const status of [400, 401, 403, 404, 410]) {
      expect(verdictFor({ kind: 'status', status, retryAfter: undefined }, 1, NHS, 0)).toEqual({ action: 'dead-letter', reason: `http-${status}` });
    }
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterSeconds('120', 0)).toBe(120);
    expect(retryAfterSeconds(new Date(30_000).toUTCString(), 0)).toBe(30);
    expect(retryAfterSeconds('soon', 0)).toBeUndefined();
    expect(retryAfterSeconds(undefined, 0)).toBeUndefined();
  });
});
