/**
 * S11: a flood of bad callbacks must not become a flood of log lines. The first failure in each window is
 * logged (with how many were suppressed since the last line); the rest only move the alert counter.
 */
import type { Logger } from '../../observability/logger';

export interface RateLimitedWarningOptions {
  readonly logger: Logger;
  readonly message: string;
  /** Default one minute. */
  readonly windowMs?: number;
  readonly now?: () => number;
}

export type Warn = (fields: Readonly<Record<string, string | number>>) => void;

export function rateLimitedWarning(options: RateLimitedWarningOptions): Warn {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  let windowStartedAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (fields) => {
    const at = now();
    if (at - windowStartedAt < windowMs) {
      suppressed += 1;
      return;
    }
    options.logger.warn({ ...fields, suppressedSinceLastLine: suppressed, windowMs }, options.message);
    windowStartedAt = at;
    suppressed = 0;
  };
}
