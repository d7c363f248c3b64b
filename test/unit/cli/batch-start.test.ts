import { describe, expect, it } from 'vitest';
import { startCohort, type RowRetry } from '../../../src/cli/ops/batch-start';
import type { CohortRow } from '../../../src/cli/ops/cohort-csv';
import type { BatchItemResult } from '../../../src/cli/ops/journeys-api';

/**
 * A fake of POST /v1/journeys/batch that keeps the journeys it started (by eventId, as the real start is
 * idempotent by business key) and answers 503 to the requests the test names, after or before starting them.
 */
function fakeBatchApi(unavailable: (eventId: string, call: number) => 'before-start' | 'after-start' | undefined) {
  const started = new Set<string>();
  const calls: string[][] = [];
  return {
    started, calls,
    startBatch(items: readonly unknown[]): Promise<readonly BatchItemResult[]> {
      const call = calls.push(items.map((item) => (item as { eventId: string }).eventId));
      return Promise.resolve(items.map((item, index) => {
        const { eventId } = item as { eventId: string };
        const fault = unavailable(eventId, call);
        if (fault === 'before-start') return { index, status: 503, error: { code: 'TEMPORAL_UNAVAILABLE' } } as BatchItemResult;
        const existed = started.has(eventId);
        started.add(eventId);
        if (fault === 'after-start') return { index, status: 503, error: { code: 'TEMPORAL_UNAVAILABLE' } } as BatchItemResult;
        return { index, status: existed ? 200 : 201, journey: { journeyId: `journey-${eventId}`, type: 'appointment-reminder', status: 'scheduled', createdAt: '2026-12-01T09:00:00.000Z' } };
      }));
    },
  };
}

const rows: CohortRow[] = ['a', 'b', 'c'].map((eventId, i) => ({ line: i + 2, request: { eventId } }));
const slept: number[] = [];
const retry: RowRetry = { attempts: 4, backoff: { initialMs: 100, maxMs: 400 }, random: () => 0.5, sleep: (ms) => { slept.push(ms); return Promise.resolve(); } };

describe('journeys start --csv: rows answered 503 are sent again with the same body, a bounded number of times', () => {
  it('a row answered 503 before or after it started is sent again, only that row, and counted started once; nothing starts twice', async () => {
    slept.length = 0;
    const api = fakeBatchApi((eventId, call) => (call === 1 && eventId === 'b' ? 'before-start' : call === 1 && eventId === 'c' ? 'after-start' : undefined));
    const summary = await startCohort(api, rows, [], 10, retry);
    expect(summary.counts).toEqual({ started: 3, duplicate: 0, invalid: 0, conflict: 0, failed: 0 });
    expect(api.calls).toEqual([['a', 'b', 'c'], ['b', 'c']]);
    expect(slept).toEqual([75]); // equal jitter: half of 100 ms fixed, half at random (0.5)
    expect([...api.started].sort()).toEqual(['a', 'b', 'c']);
  });

  it('a row that stays unavailable is counted failed after the last attempt, with growing, capped delays between', async () => {
    slept.length = 0;
    const api = fakeBatchApi((eventId) => (eventId === 'b' ? 'before-start' : undefined));
    const summary = await startCohort(api, rows, [], 10, retry);
    expect(summary.counts).toEqual({ started: 2, duplicate: 0, invalid: 0, conflict: 0, failed: 1 });
    expect(summary.results[1]).toEqual({ line: 3, outcome: 'failed', problems: ['TEMPORAL_UNAVAILABLE'] });
    expect(api.calls).toEqual([['a', 'b', 'c'], ['b'], ['b'], ['b']]);
    expect(slept).toEqual([75, 150, 300]);
  });

  it('a row another run of the file had started answers 200 at once and stays a duplicate', async () => {
    const api = fakeBatchApi(() => undefined);
    api.started.add('a');
    const summary = await startCohort(api, rows, [], 10, retry);
    expect(summary.counts).toEqual({ started: 2, duplicate: 1, invalid: 0, conflict: 0, failed: 0 });
    expect(api.calls).toHaveLength(1);
  });
});
