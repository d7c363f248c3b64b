/**
 * How NHS Notify's callback sender classifies an attempt and how long it waits before the next
 * (docs/nhs-notify.md §12): 2xx delivered; 429 waits Retry-After when over 0 (over
 * 12 h: dead-letter); other 4xx dead-letter at once; 5xx, timeouts and network errors retry with full
 * jitter, delay = random(base/5 .. min(base·2^(attempt−1), cap)) (NHS: 1 s .. min(5·2^(n−1), 300) s).
 */
export type AttemptResult = { readonly kind: 'status'; readonly status: number; readonly retryAfter: string | undefined } | { readonly kind: 'error' };

export type Verdict =
  | { readonly action: 'delivered' }
  | { readonly action: 'retry'; readonly delayMs: number }
  | { readonly action: 'dead-letter'; readonly reason: string };

export interface Backoff { readonly baseMs: number; readonly capMs: number }

const MAX_RETRY_AFTER_SECONDS = 43_200;

export function jitterDelayMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.baseMs * 2 ** Math.max(0, attempt - 1), backoff.capMs);
  const floor = Math.min(backoff.baseMs / 5, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

/** Retry-After in seconds (integer) or an HTTP date; undefined when absent or unusable. */
export function retryAfterSeconds(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (/^-?\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.ceil((date - nowMs) / 1000);
}

export function verdictFor(result: AttemptResult, attempt: number, backoff: Backoff, nowMs: number, random?: () => number): Verdict {
  if (result.kind === 'error') return { action: 'retry', delayMs: jitterDelayMs(attempt, backoff, random) };
  const { status } = result;
  if (status >= 200 && status < 300) return { action: 'delivered' };
  if (status === 429) {
    const seconds = retryAfterSeconds(result.retryAfter, nowMs);
    if (seconds !== undefined && seconds > MAX_RETRY_AFTER_SECONDS) return { action: 'dead-letter', reason: 'retry-after-too-long' };
    if (seconds !== undefined && seconds > 0) return { action: 'retry', delayMs: seconds * 1000 };
    return { action: 'retry', delayMs: jitterDelayMs(attempt, backoff, random) };
  }
  if (status >= 400 && status < 500) return { action: 'dead-letter', reason: `http-${status}` };
  return { action: 'retry', delayMs: jitterDelayMs(attempt, backoff, random) };
}
