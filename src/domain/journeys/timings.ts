/**
 * Every duration a journey uses, in one place, as an input (docs/reliability.md R12). Production defaults are
 * realistic; tests build the same catalogue with `scaleTimings(DEFAULT_JOURNEY_TIMINGS, 1 / 3600)` so an hour
 * becomes a second and the relative order of every wait is kept.
 */
import { JourneyDomainError } from '../errors';
import { DAY_MS, HOUR_MS, type DurationMs } from '../durations';
import type { ChannelQuietHours } from '../planning/quiet-hours';

export interface JourneyTimings {
  /** NHS App plans fail a message not read within 24 h (docs/nhs-notify.md); +2 h for callback retries. */
  readonly nhsAppCallbackTimeoutMs: DurationMs;
  /** For urgent journeys on a 4 h NHS App window; +2 h for callback retries. */
  readonly nhsAppUrgentCallbackTimeoutMs: DurationMs;
  /** SMS delivery receipts usually arrive in minutes; a phone that is off can take a day. */
  readonly smsCallbackTimeoutMs: DurationMs;
  readonly emailCallbackTimeoutMs: DurationMs;
  /** A letter reports `received` once printed and dispatched: within 2 working days (docs/nhs-notify.md), plus a weekend. */
  readonly letterCallbackTimeoutMs: DurationMs;
  /**
   * Send-to-doormat time for a letter: dispatch within 2 working days, arrival about 3 business days later.
   * Five calendar days covers 3 working days across a weekend; bank holidays are not modelled.
   */
  readonly letterLeadTimeMs: DurationMs;
  /** Reminders start this long before the appointment (early enough for the letter fallback). */
  readonly reminderNotBeforeMs: DurationMs;
  /** A reminder is no use less than this long before the appointment. */
  readonly reminderDeadlineMs: DurationMs;
  /** A change or cancellation notice must reach the patient at least this long before the appointment. */
  readonly appointmentNoticeDeadlineMs: DurationMs;
  /** A screening invitation must be seen within this long after the invitation date. */
  readonly screeningResponseWindowMs: DurationMs;
  /** The patient should know a result is ready within this long of it being ready. */
  readonly testResultWindowMs: DurationMs;
  readonly routineEscalationSlaMs: DurationMs;
  readonly urgentEscalationSlaMs: DurationMs;
  /** Wall-clock rules, not durations: never scaled. */
  readonly quietHours: ChannelQuietHours;
}

/** No SMS or email from 20:00 to 08:00 London time; the NHS App and letters are not intrusive at night. */
export const DEFAULT_QUIET_HOURS: ChannelQuietHours = {
  sms: { from: '20:00', to: '08:00' },
  email: { from: '20:00', to: '08:00' },
};

export const DEFAULT_JOURNEY_TIMINGS: JourneyTimings = {
  nhsAppCallbackTimeoutMs: 26 * HOUR_MS,
  nhsAppUrgentCallbackTimeoutMs: 6 * HOUR_MS,
  smsCallbackTimeoutMs: 24 * HOUR_MS,
  emailCallbackTimeoutMs: 24 * HOUR_MS,
  letterCallbackTimeoutMs: 4 * DAY_MS,
  letterLeadTimeMs: 5 * DAY_MS,
  reminderNotBeforeMs: 10 * DAY_MS,
  reminderDeadlineMs: 24 * HOUR_MS,
  appointmentNoticeDeadlineMs: 2 * HOUR_MS,
  screeningResponseWindowMs: 14 * DAY_MS,
  testResultWindowMs: 10 * DAY_MS,
  routineEscalationSlaMs: 24 * HOUR_MS,
  urgentEscalationSlaMs: 4 * HOUR_MS,
  quietHours: DEFAULT_QUIET_HOURS,
};

export type DurationKey = Exclude<keyof JourneyTimings, 'quietHours'>;
export const DURATION_KEYS = (Object.keys(DEFAULT_JOURNEY_TIMINGS) as (keyof JourneyTimings)[])
  .filter((key): key is DurationKey => key !== 'quietHours');

/**
 * Multiplies every duration by `factor` (quiet hours untouched), rounding to whole ms and never below 1 ms,
 * so ordering between durations is kept (equal stays equal, larger stays at least as large).
 */
export function scaleTimings(timings: JourneyTimings, factor: number): JourneyTimings {
  if (!(Number.isFinite(factor) && factor > 0)) throw new JourneyDomainError('INVALID_ARGUMENT', 'scale factor must be a positive number');
  const scaled: Record<string, unknown> = { ...timings };
  for (const key of DURATION_KEYS) scaled[key] = Math.max(1, Math.round(timings[key] * factor));
  return scaled as unknown as JourneyTimings;
}

/** Names of durations that are not positive finite numbers; empty when the timings are usable. */
export function invalidDurations(timings: JourneyTimings): DurationKey[] {
  return DURATION_KEYS.filter((key) => !(Number.isFinite(timings[key]) && timings[key] > 0));
}
