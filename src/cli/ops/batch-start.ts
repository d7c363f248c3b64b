/**
 * Starting a cohort from a file: rows the file check refused are counted invalid and never sent; the rest go
 * to POST /v1/journeys/batch in batches, and each row's answer means what the single start means (201
 * started, 200 duplicate, 400 invalid, 422 conflict, 503 failed). Starting is idempotent by the journey's
 * business key, so after a failure the same file is run again: rows already started answer "duplicate".
 * A row answered 503 (the service could not reach Temporal in time) is sent again with the same body, a few
 * times with backoff, as every client of the start is told to: the start is idempotent, so this never starts a
 * journey twice.
 */
import type { CohortRow, RowProblem } from './cohort-csv';
import { columnProblem } from './cohort-csv';
import type { BatchItemResult, JourneysApi } from './journeys-api';
import { ApiError } from './journeys-api';
import { progressBar } from './progress';
import { setTimeout as delay } from 'node:timers/promises';
import { ServiceUnreachableError } from './service-connection';
import { backoffDelayMs, type BackoffOptions } from '../../../activities/notify/notify-failure';

/** How rows answered 503 are sent again: attempts in all, and the backoff between them (jittered). */
export interface RowRetry {
  readonly attempts: number;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_ROW_RETRY: RowRetry = {
  attempts: 5, backoff: { initialMs: 500, maxMs: 8_000 }, random: Math.random,
  sleep: async (ms) => { await delay(ms); },
};

export const START_OUTCOMES = ['started', 'duplicate', 'invalid', 'conflict', 'failed'] as const;
export type StartOutcome = (typeof START_OUTCOMES)[number];

export interface RowResult {
  readonly line: number;
  readonly outcome: StartOutcome;
  readonly journeyId?: string;
  /** What is wrong, by column; never a value from the file. */
  readonly problems?: readonly string[];
}

export interface BatchStartSummary {
  readonly rows: number;
  readonly counts: Readonly<Record<StartOutcome, number>>;
  readonly results: readonly RowResult[];
  /** Set when the service stopped answering: the rows not yet sent are counted failed. */
  readonly stoppedBecause?: string;
}

function rowResult(row: CohortRow, answer: BatchItemResult | undefined): RowResult {
  const journeyId = answer?.journey?.journeyId;
  switch (answer?.status) {
    case 201: return { line: row.line, outcome: 'started', ...(journeyId === undefined ? {} : { journeyId }) };
    case 200: return { line: row.line, outcome: 'duplicate', ...(journeyId === undefined ? {} : { journeyId }) };
    case 400: {
      const details = answer.error?.details ?? [];
      const problems = details.length > 0 ? details.map((d) => columnProblem(d.pointer, d.problem)) : [answer.error?.reason ?? 'invalid'];
      return { line: row.line, outcome: 'invalid', problems };
    }
    case 422: return { line: row.line, outcome: 'conflict', problems: ['this journey was started before with different details (same journey type, NHS number and eventId)'] };
    default: return { line: row.line, outcome: 'failed', problems: [answer?.error?.code ?? 'no answer for this row'] };
  }
}

/**
 * Rows of one file naming the same journey may be started concurrently (one batch), so which of them the API
 * answered 201 is a race; the file reads top to bottom, so the first such row is the one reported started.
 */
function firstRowStarts(results: RowResult[]): void {
  const seen = new Map<string, number>();
  results.forEach((row, index) => {
    if (row.journeyId === undefined || (row.outcome !== 'started' && row.outcome !== 'duplicate')) return;
    const first = seen.get(row.journeyId);
    if (first === undefined) {
      seen.set(row.journeyId, index);
      return;
    }
    if (row.outcome === 'started') {
      results[first] = { ...(results[first] as RowResult), outcome: 'started' };
      results[index] = { ...row, outcome: 'duplicate' };
    }
  });
}

/**
 * One batch, its rows answered 503 sent again until they get another answer or the attempts run out. A row
 * answered 503 and then 200 is counted started: a journey an earlier run of the file had started would have
 * answered 200 at once, so the 503'd attempt of this run is what most likely started it.
 */
async function startRows(api: Pick<JourneysApi, 'startBatch'>, batch: readonly CohortRow[], retry: RowRetry): Promise<RowResult[]> {
  const results = new Array<RowResult>(batch.length);
  let pending = batch.map((row, index) => ({ row, index }));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > 1) await retry.sleep(backoffDelayMs(attempt - 1, retry.backoff, retry.random));
    const answers = await api.startBatch(pending.map(({ row }) => row.request));
    const byIndex = new Map(answers.map((answer) => [answer.index, answer]));
    const unanswered: typeof pending = [];
    pending.forEach((item, i) => {
      const answer = byIndex.get(i);
      if (answer?.status === 503 && attempt < retry.attempts) {
        unanswered.push(item);
        return;
      }
      const result = rowResult(item.row, answer);
      results[item.index] = attempt > 1 && result.outcome === 'duplicate' ? { ...result, outcome: 'started' } : result;
    });
    pending = unanswered;
  }
  return results;
}

export async function startCohort(api: Pick<JourneysApi, 'startBatch'>, rows: readonly CohortRow[], invalid: readonly RowProblem[], batchSize: number, retry: RowRetry = DEFAULT_ROW_RETRY): Promise<BatchStartSummary> {
  const results: RowResult[] = invalid.map((row) => ({ line: row.line, outcome: 'invalid', problems: row.problems }));
  const progress = progressBar('starting', rows.length);
  let stoppedBecause: string | undefined;
  for (let offset = 0; offset < rows.length; offset += batchSize) {
    const batch = rows.slice(offset, offset + batchSize);
    if (stoppedBecause !== undefined) {
      results.push(...batch.map((row): RowResult => ({ line: row.line, outcome: 'failed', problems: ['not sent: the service stopped answering'] })));
      continue;
    }
    try {
      results.push(...await startRows(api, batch, retry));
    } catch (error) {
      if (!(error instanceof ServiceUnreachableError || error instanceof ApiError)) throw error;
      // A batch whose answer was lost may have started some rows: running the file again sorts them out.
      stoppedBecause = error.message;
      results.push(...batch.map((row): RowResult => ({ line: row.line, outcome: 'failed', problems: [error instanceof ApiError ? error.code : 'SERVICE_UNAVAILABLE'] })));
    }
    progress.advance(batch.length);
  }
  progress.stop();
  results.sort((a, b) => a.line - b.line);
  firstRowStarts(results);
  const counts = Object.fromEntries(START_OUTCOMES.map((outcome) => [outcome, results.filter((r) => r.outcome === outcome).length])) as Record<StartOutcome, number>;
  return { rows: results.length, counts, results, ...(stoppedBecause === undefined ? {} : { stoppedBecause }) };
}
