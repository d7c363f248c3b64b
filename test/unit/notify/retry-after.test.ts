import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/notify/retry-after';

const NOW = Date.UTC(2027, 0, 15, 9, 0, 0);

describe('Retry-After', () => {
  it('reads delay-seconds (NHS sends 1, 5, 60, 300) as milliseconds', () => {
    expect(parseRetryAfter('5', NOW)).toBe(5_000);
    expect(parseRetryAfter(' 300 ', NOW)).toBe(300_000);
    expect(parseRetryAfter(['60', '1'], NOW)).toBe(60_000);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP-date relative to the clock, never negative', () => {
    expect(parseRetryAfter(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfter(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
  });

  it('ignores absent or garbage values and caps absurd ones at a day', () => {
    for (const v of [undefined, '', '-5', '1.5', 'soon', '5s']) expect(parseRetryAfter(v, NOW)).toBeUndefined();
    expect(parseRetryAfter('99999999', NOW)).toBe(86_400_000);
  });
});
