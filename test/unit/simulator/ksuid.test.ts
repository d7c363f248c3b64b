import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeKsuid, encodeKsuid, KSUID_EPOCH_SECONDS, KSUID_PATTERN, newKsuid } from '../../../src/simulator/messages/ksuid';

describe('KSUID', () => {
  it('is 27 base62 characters, like NHS message ids', () => {
    expect(newKsuid()).toMatch(KSUID_PATTERN);
  });

  it('encodes the creation second after the KSUID epoch and 16 random bytes (round trip)', () => {
    const random = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
    const id = newKsuid(Date.UTC(2023, 10, 17, 14, 27, 51), random);
    const decoded = decodeKsuid(id);
    expect(decoded.timestampSeconds).toBe(Date.UTC(2023, 10, 17, 14, 27, 51) / 1000);
    expect(decoded.payload.equals(random)).toBe(true);
  });

  it('decodes a real NHS sandbox id to a 2023 timestamp', () => {
    const { timestampSeconds } = decodeKsuid('2WL3qFTEFM0qMY8xjRbt1LIKCzM');
    expect(new Date(timestampSeconds * 1000).getUTCFullYear()).toBe(2023);
  });

  it('pins the extremes: all zero bytes and all 0xff bytes', () => {
    expect(encodeKsuid(new Uint8Array(20))).toBe('000000000000000000000000000');
    expect(encodeKsuid(new Uint8Array(20).fill(255))).toBe('aWgEPTl1tmebfsQzFP4bxwgy80V');
  });

  it('sorts by creation time (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: KSUID_EPOCH_SECONDS, max: KSUID_EPOCH_SECONDS + 2 ** 31 }), fc.integer({ min: 1, max: 10_000_000 }), (t, dt) => {
      const a = newKsuid(t * 1000);
      const b = newKsuid((t + dt) * 1000);
      return a < b;
    }));
  });

  it('rejects a wrong length', () => {
    expect(() => encodeKsuid(new Uint8Array(19))).toThrow(RangeError);
    expect(() => decodeKsuid('short')).toThrow(TypeError);
  });
});
