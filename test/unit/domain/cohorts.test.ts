import { describe, expect, it } from 'vitest';
import { chunkRanges, spreadFollowUpAt } from '../../../src/domain/cohorts/spread';
import { cohortWorkflowId } from '../../../src/domain/idempotency';

const SECRET = 'a-test-secret-that-is-at-least-32-bytes-long';

describe('cohort identifiers, chunks and follow-up spread', () => {
  it('a cohort id is a keyed hash of the cohort key: stable, secret-dependent, no digit run', () => {
    const id = cohortWorkflowId(SECRET, 'flu-2026-clinic-9990000018');
    expect(id).toMatch(/^cohort-[a-z2-7]{32}$/);
    expect(cohortWorkflowId(SECRET, 'flu-2026-clinic-9990000018')).toBe(id);
    expect(cohortWorkflowId(`${SECRET}-other`, 'flu-2026-clinic-9990000018')).not.toBe(id);
    expect(id).not.toMatch(/\d{10}/);
    expect(() => cohortWorkflowId('short', 'x')).toThrow(/at least 32 bytes/);
    expect(() => cohortWorkflowId(SECRET, ' ')).toThrow(/1 to 200/);
  });

  it('chunk ranges cover every row once, none larger than the size', () => {
    expect(chunkRanges(100_000, 45_000)).toEqual([{ from: 0, to: 45_000 }, { from: 45_000, to: 90_000 }, { from: 90_000, to: 100_000 }]);
    expect(chunkRanges(0, 10)).toEqual([]);
    expect(() => chunkRanges(5, 0)).toThrow(RangeError);
  });

  it('follow-ups spread deterministically over the window: 100,000 of them never share a second in bulk', () => {
    const from = Date.UTC(2026, 11, 1, 9);
    const hour = 60 * 60_000;
    const at = Array.from({ length: 100_000 }, (_, i) => spreadFollowUpAt(`journey-appointment-reminder-${i}`, from, hour));
    expect(at.every((t) => t >= from && t < from + hour)).toBe(true);
    expect(spreadFollowUpAt('journey-appointment-reminder-7', from, hour)).toBe(at[7]);
    const perSecond = new Map<number, number>();
    for (const t of at) perSecond.set(Math.floor((t - from) / 1000), (perSecond.get(Math.floor((t - from) / 1000)) ?? 0) + 1);
    // 100,000 over 3,600 s is ~28 a second; a uniform hash stays well under 3x that in its busiest second.
    expect(perSecond.size).toBe(3_600);
    expect(Math.max(...perSecond.values())).toBeLessThan(84);
    expect(spreadFollowUpAt('any', from, 0)).toBe(from);
  });
});
