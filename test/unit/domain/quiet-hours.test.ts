import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isQuietAt, JourneyDomainError, nextSendTime, parseLocalTime, type ChannelQuietHours } from '../../../src/domain';

/** No SMS or email 20:00-08:00, as the built-in catalogue sets them. */
const DEFAULT_QUIET_HOURS: ChannelQuietHours = { sms: { from: '20:00', to: '08:00' }, email: { from: '20:00', to: '08:00' } };

const iso = (ms: number): string => new Date(ms).toISOString();
const at = (text: string): number => Date.parse(text);

/** Oracle independent of the code under test: London wall time via toLocaleTimeString. */
function londonTime(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hourCycle: 'h23' });
}

/** The second pass through a wall-clock hour, after the clocks go back (an hour earlier read the same time). */
function inRepeatedHour(ms: number): boolean {
  return londonTime(ms) === londonTime(ms - 3_600_000);
}

describe('quiet hours', () => {
  it('R12: send times respect quiet hours across the DST boundary', () => {
    const sms = (now: string): string => iso(nextSendTime(at(now), DEFAULT_QUIET_HOURS, 'sms'));
    // Spring forward, Sunday 29 March 2026: 08:00 BST is 07:00Z. "21:00 + 11 h" would be 09:00 BST, an hour late.
    expect(sms('2026-03-28T21:00:00Z')).toBe('2026-03-29T07:00:00.000Z');
    expect(sms('2026-03-29T00:59:59Z')).toBe('2026-03-29T07:00:00.000Z');
    expect(sms('2026-03-29T06:30:00Z')).toBe('2026-03-29T07:00:00.000Z');
    // Fall back, Sunday 25 October 2026: 08:00 GMT is 08:00Z. "22:00 BST + 10 h" would be 07:00 GMT, inside quiet hours.
    expect(sms('2026-10-24T21:00:00Z')).toBe('2026-10-25T08:00:00.000Z');
    expect(sms('2026-10-25T00:30:00Z')).toBe('2026-10-25T08:00:00.000Z');
    expect(londonTime(at('2026-10-25T08:00:00Z'))).toBe('08:00:00');
    // Outside quiet hours, or a channel without them: now.
    expect(sms('2026-03-30T12:00:00Z')).toBe('2026-03-30T12:00:00.000Z');
    expect(iso(nextSendTime(at('2026-03-29T00:30:00Z'), DEFAULT_QUIET_HOURS, 'nhsapp'))).toBe('2026-03-29T00:30:00.000Z');
  });

  it('R12: a window ending inside the spring gap ends when the clocks jump', () => {
    const quiet: ChannelQuietHours = { sms: { from: '23:00', to: '01:30' } }; // 01:30 does not exist on 29 March
    expect(iso(nextSendTime(at('2026-03-29T00:10:00Z'), quiet, 'sms'))).toBe('2026-03-29T01:00:00.000Z');
    expect(londonTime(at('2026-03-29T01:00:00Z'))).toBe('02:00:00');
  });

  it('R12: a window that has begun holds until its end when the clocks go back inside it (no 1 a.m. message)', () => {
    const quiet: ChannelQuietHours = { sms: { from: '01:15', to: '00:00' } };
    // 01:15 BST on 25 October; at 02:00 BST the clocks go back and 01:00-01:15 GMT comes round again, still quiet.
    expect(iso(nextSendTime(at('2026-10-25T00:15:00Z'), quiet, 'sms'))).toBe('2026-10-26T00:00:00.000Z');
  });

  it('R12: a window ending inside the autumn repeat ends at the next occurrence of its end time', () => {
    const quiet: ChannelQuietHours = { sms: { from: '00:30', to: '01:30' } }; // 01:00-02:00 happens twice on 25 October
    expect(iso(nextSendTime(at('2026-10-25T00:10:00Z'), quiet, 'sms'))).toBe('2026-10-25T00:30:00.000Z'); // 01:10 BST -> 01:30 BST
    expect(iso(nextSendTime(at('2026-10-25T01:10:00Z'), quiet, 'sms'))).toBe('2026-10-25T01:30:00.000Z'); // 01:10 GMT -> 01:30 GMT
    expect(iso(nextSendTime(at('2026-10-25T00:40:00Z'), quiet, 'sms'))).toBe('2026-10-25T00:40:00.000Z'); // 01:40 BST: allowed
  });

  it('R12: (property) the send time is allowed, not early, and the first allowed instant (2026, both DST changes)', () => {
    const arbTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const around = (day: string): fc.Arbitrary<number> => fc.integer({ min: at(day) - 36 * 3_600_000, max: at(day) + 36 * 3_600_000 });
    const arbNow = fc.oneof(around('2026-03-29T01:00:00Z'), around('2026-10-25T01:00:00Z'),
      fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2026-12-31T00:00:00Z') }));
    fc.assert(fc.property(arbNow, arbTime, arbTime,
      (now, from, to) => {
        const quiet: ChannelQuietHours = { sms: { from, to } };
        const send = nextSendTime(now, quiet, 'sms');
        expect(send).toBeGreaterThanOrEqual(now);
        expect(isQuietAt(send, quiet, 'sms')).toBe(false);
        expect(inWindowByOracle(send, from, to)).toBe(false);
        // Every 5 minutes between now and the send time is quiet (windows move in 15-minute steps, so no
        // earlier allowed instant was skipped), except the hour the clocks go back: a window that has begun
        // holds until its end, so the repeated wall-clock hour inside it stays quiet.
        for (let t = now; t < send; t += 300_000) expect(inWindowByOracle(t, from, to) || inRepeatedHour(t)).toBe(true);
        if (send > now) expect(inWindowByOracle(send - 1_000, from, to)).toBe(true);
      },
    ), { numRuns: 400 });
  });

  it('refuses malformed local times in configuration', () => {
    expect(parseLocalTime('07:05:09')).toBe(7 * 3600 + 5 * 60 + 9);
    expect(() => parseLocalTime('24:00')).toThrow(JourneyDomainError);
    expect(() => parseLocalTime('8am')).toThrow(/HH:MM/);
  });
});

function inWindowByOracle(ms: number, from: string, to: string): boolean {
  const local = londonTime(ms);
  const [f, t] = [`${from}:00`, `${to}:00`];
  if (f === t) return false;
  return f < t ? local >= f && local < t : local >= f || local < t;
}
