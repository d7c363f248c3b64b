/**
 * The ONE place where NHS Notify client errors become Temporal retry decisions (R7, R17).
 * - permanent → non-retryable ApplicationFailure whose type is the stable code: the journey takes its fallback.
 * - transient → retryable, next attempt after max(Retry-After, jittered exponential backoff), so a 429's
 *   `Retry-After: 5` is never beaten by our own backoff, and many journeys do not retry in lockstep.
 * - ambiguous → retryable the same way. The retry carries the same messageReference (it is an activity
 *   argument), so if the first attempt landed NHS Notify answers 422 and nothing is sent twice (R1, R6).
 * - duplicate → never reaches here: it is a successful outcome ("accepted earlier"), not an error.
 * The bound on retries is the workflow's RetryPolicy (maximumAttempts) plus scheduleToCloseTimeout.
 */
import { ApplicationFailure } from '@temporalio/common';
import { classifyNotifyError } from '../../src/notify/errors';

export interface BackoffOptions {
  /** First retry delay before jitter. Default 1 s. */
  readonly initialMs: number;
  /** Ceiling of the exponential part (Retry-After may exceed it: the server asked). Default 60 s. */
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };

/**
 * "Equal jitter": half the exponential delay fixed, half random, so the delay never collapses to zero and
 * concurrent retries still spread out. `attempt` is Temporal's 1-based attempt number of the failed try.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

export interface FailureContext {
  readonly attempt: number;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
}

/** Returns what the activity should throw for `err`; `undefined` means "accepted earlier" (a duplicate). */
export function toActivityFailure(err: unknown, ctx: FailureContext): ApplicationFailure | undefined {
  const { kind, code, retryAfterMs } = classifyNotifyError(err);
  const message = err instanceof Error ? err.message : 'NHS Notify call failed';
  if (kind === 'duplicate') return undefined;
  if (kind === 'permanent') return ApplicationFailure.create({ message, type: code, nonRetryable: true, details: [{ kind }] });
  const nextRetryDelay = Math.max(retryAfterMs ?? 0, backoffDelayMs(ctx.attempt, ctx.backoff, ctx.random));
  return ApplicationFailure.create({ message, type: code, nonRetryable: false, nextRetryDelay, details: [{ kind, retryAfterMs }] });
}
