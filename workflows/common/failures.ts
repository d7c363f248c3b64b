/** Reads the stable code out of a failed activity (workflows branch on failure.type, never on messages). */
import { ApplicationFailure, TemporalFailure, TimeoutFailure } from '@temporalio/workflow';

export function failureCode(error: unknown, fallback: string): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof ApplicationFailure && current.type) return current.type;
    if (current instanceof TimeoutFailure) return 'ACTIVITY_TIMED_OUT';
    current = current instanceof TemporalFailure ? current.cause : undefined;
  }
  return fallback;
}
