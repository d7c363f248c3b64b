/**
 * Durations are plain millisecond numbers so that workflow code can hand them straight to `sleep()` and
 * timers, and so tests can compress them (docs/reliability.md R12: no time skipping here, durations are inputs).
 */
export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A duration in milliseconds. A named alias documents intent at call sites. */
export type DurationMs = number;

/** An instant as epoch milliseconds; callers pass the current time in (in workflows, a replay-safe reading). */
export type EpochMs = number;

/** "10 days", "24 h", "90 s": wording for deadlines that stays true when tests compress the timings. */
export function describeDuration(ms: DurationMs): string {
  const abs = Math.abs(ms);
  if (abs >= DAY_MS && abs % DAY_MS === 0) return `${abs / DAY_MS} day${abs === DAY_MS ? '' : 's'}`;
  if (abs >= HOUR_MS && abs % HOUR_MS === 0) return `${abs / HOUR_MS} h`;
  if (abs >= MINUTE_MS && abs % MINUTE_MS === 0) return `${abs / MINUTE_MS} min`;
  if (abs >= SECOND_MS && abs % SECOND_MS === 0) return `${abs / SECOND_MS} s`;
  return `${abs} ms`;
}
