/**
 * The journey's calendar. In production it is the workflow clock (Date.now() is replay-safe in workflows).
 * Tests can run a journey on a compressed calendar: it starts at a chosen instant (say, the evening before
 * the clocks go back) and runs `speed` times faster than real time, so quiet hours and DST boundaries are
 * crossed in seconds on a real server (R12; there is no time-skipping server here).
 * Planning (quiet hours, deadlines, not-before) uses journey time; timers convert back to real durations.
 */
export interface JourneyClockSettings {
  /** Journey ms per real ms; 1 in production. */
  readonly speed: number;
  /** The journey instant at the start of the first run; absent: the real start time. */
  readonly startAt?: number;
}

/** A fixed point pairing journey time with real time; carried across continue-as-new. */
export interface ClockAnchor {
  readonly speed: number;
  readonly journeyMs: number;
  readonly realMs: number;
}

export interface JourneyClock {
  readonly anchor: ClockAnchor;
  now(): number;
  /** Real ms until the journey instant `at` (0 when it has passed). */
  realMsUntil(at: number): number;
  /** A journey duration in real ms. */
  realMs(journeyMs: number): number;
}

export function anchorClock(settings: JourneyClockSettings | undefined, realNow: number): ClockAnchor {
  const speed = settings?.speed ?? 1;
  if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError('clock speed must be a positive number');
  return { speed, journeyMs: settings?.startAt ?? realNow, realMs: realNow };
}

export function journeyClock(anchor: ClockAnchor): JourneyClock {
  const now = () => anchor.journeyMs + (Date.now() - anchor.realMs) * anchor.speed;
  const realMs = (journeyMs: number) => Math.max(0, Math.ceil(journeyMs / anchor.speed));
  return { anchor, now, realMs, realMsUntil: (at) => realMs(at - now()) };
}
